/**
 * Qovery's cascade: deleting a variable deletes its aliases and overrides with it.
 *
 * A replacement that deletes first (a JobSecret's new `mountPath`: same key, same job) deletes
 * the variable and creates it again, and the program asked for nothing else. So, in the
 * provider process that serves the whole run:
 * - before such a delete, the job's list tells which aliases and overrides point at the
 *   variable; they are kept here (keys, descriptions; never logged with a value);
 * - when the replacement is created (same job, API and key), they are created again on it;
 *   when the replacement was created first (the key changed too), right after the delete;
 * - a variable removed from the program while the program still declares an alias or override
 *   of it is refused before anything is deleted: Qovery would delete those with it.
 * The program's aliases and overrides then hold an id that is gone: `sameObjectIn` lets read,
 * update and delete find them again (same kind, same key, same target).
 */
import type { QoveryClient } from "../qovery/client";
import { QoveryError, SecretOperationError } from "../qovery/errors";
import type { VariableApi, VariableRow } from "../qovery/wire";
import { claimOf } from "./claims";
import { forgetDeclared, isDeclared } from "./declared";
import { type Kind, type Props, nonEmpty } from "./kind";
import { atJobScope } from "./managed";
import { KINDS } from "./kinds";

/** An alias or override that Qovery deletes with its target, as it can be created again. */
export interface Dependent {
    relation: "alias" | "override";
    /** Its id before the cascade. */
    id: string;
    key: string;
    description?: string;
    /** An environment variable override's value (the API returns it); never logged. */
    value?: string;
    /** The resource of the program that holds it in this run, if any. */
    heldBy?: string;
}

/** What is waiting for the replacement of a deleted variable. */
interface Parked {
    jobId: string;
    api: VariableApi;
    /** The key of the deleted variable (and of its replacement). */
    key: string;
    deletedId: string;
    dependents: Dependent[];
}

/** Creates one alias or override on the replacement: the dependent kind's own create hook. */
export type CreateDependent = (kind: Kind, inputs: Props) => Promise<{ id: string }>;

const slot = (...parts: string[]) => parts.join("\u0000");

/** Dependents of deleted variables, by (job, API, key), until the replacement is created. */
const parked = new Map<string, Parked>();
/** Own variables created in this run, by URN: the replacement that a create-first replacement made. */
const createdFor = new Map<string, { jobId: string; api: VariableApi; id: string; key: string }>();
/** Aliases and overrides the program still declares, by the (API, id) of their target. */
const declared = new Map<string, { urn: string | undefined; key: string | undefined; noun: string }[]>();

/** The wire field of a row that names what it aliases or overrides, per API. */
const PARENT_FIELDS: Record<VariableApi, Record<Dependent["relation"], string>> = {
    secret: { alias: "aliased_secret", override: "overridden_secret" },
    environmentVariable: { alias: "aliased_variable", override: "overridden_variable" },
};

const parentOf = (row: VariableRow, field: string) =>
    (row as Record<string, unknown>)[field] as { id?: string; key?: string; scope?: string | null } | null | undefined;

/** The kind of the program's class for an alias or override of this API. */
function dependentKind(api: VariableApi, relation: Dependent["relation"]): Kind {
    const kind = Object.values(KINDS).find((k: Kind) => k.api === api && k.target?.relation === relation);
    return kind as Kind;
}

/** The rows of the job's list that Qovery deletes with the variable `id`. */
export function dependentsOf(api: VariableApi, rows: readonly VariableRow[], id: string): Dependent[] {
    const found: Dependent[] = [];
    for (const row of rows) {
        if (!atJobScope(row)) continue;
        for (const relation of ["alias", "override"] as const) {
            if (parentOf(row, PARENT_FIELDS[api][relation])?.id !== id) continue;
            const value = (row as { value?: string | null }).value;
            const heldBy = claimOf(api, row.id)?.urn;
            found.push({
                relation,
                id: row.id,
                key: row.key,
                ...(nonEmpty(row.description) ? { description: row.description as string } : {}),
                ...(typeof value === "string" ? { value } : {}),
                ...(heldBy ? { heldBy } : {}),
            });
        }
    }
    return found;
}

/** Why a dependent cannot be created again, if it cannot: a secret override's value cannot be read. */
export function unrestorable(api: VariableApi, d: Dependent): string | undefined {
    if (d.relation === "override" && (api === "secret" || d.value === undefined)) {
        return `the override "${d.key}" (id ${d.id}) holds a value that Qovery never returns, so it cannot be created again`;
    }
    return undefined;
}

/** How a dependent is named in messages. */
export function describeDependent(api: VariableApi, d: Dependent): string {
    const noun = dependentKind(api, d.relation).noun.replace(/^job /, "");
    // Only a resource diffed before this point is known: no owner named is no proof of none.
    const owner = d.heldBy ? `; declared by ${d.heldBy}` : "";
    const description = d.description === undefined ? "" : `, description "${d.description}"`;
    return `${noun} "${d.key}" (id ${d.id}${description}${owner})`;
}

/**
 * `diff` of an alias or override: the program declares it, and unless it is being replaced it
 * keeps pointing at the target recorded in its state.
 */
export function noteDeclared(kind: Kind, olds: Props, news: Props, replaces: readonly string[]): void {
    const t = kind.target;
    if (t === undefined || replaces.length > 0) return;
    const targetId = (olds[t.output] as { id?: unknown } | undefined)?.id;
    if (typeof targetId !== "string") return;
    const all = declared.get(slot(kind.api, targetId)) ?? [];
    all.push({ urn: news.resourceUrn as string | undefined, key: kind.label(news), noun: kind.noun });
    declared.set(slot(kind.api, targetId), all);
}

/**
 * `check` of an alias or override: the program declares it in this run, pointing at the target
 * its inputs name (by key in the job, or by id). Unlike `diff`, this also covers one created in
 * this run and one whose state still holds a target id from before a cascade.
 */
export function noteDeclaredTarget(kind: Kind, news: Props): void {
    const t = kind.target;
    if (t === undefined) return;
    const byKey = news[t.byKey];
    const byId = news[t.byId];
    const entry = { urn: news.resourceUrn as string | undefined, key: kind.label(news), noun: kind.noun };
    const at =
        typeof byKey === "string"
            ? slot(kind.api, "key", String(news.jobId).toLowerCase(), byKey)
            : typeof byId === "string"
              ? slot(kind.api, byId.toLowerCase())
              : undefined;
    if (at === undefined) return;
    const all = declared.get(at) ?? [];
    if (!all.some((d) => d.urn !== undefined && d.urn === entry.urn)) all.push(entry);
    declared.set(at, all);
}

/** The program's aliases and overrides of the variable `id` (key `key` in job `jobId`), one per resource. */
function declaredOf(api: VariableApi, jobId: string, id: string, key: string) {
    const all = [
        ...(declared.get(slot(api, id)) ?? []),
        ...(declared.get(slot(api, "key", jobId.toLowerCase(), key)) ?? []),
    ];
    return all.filter((d, i) => d.urn === undefined || all.findIndex((e) => e.urn === d.urn) === i);
}

/**
 * Whether this delete is a replacement's: the program still declares the resource in this run
 * (it was checked, or diffed), so Pulumi deletes it only to replace it. A removed resource is
 * neither. (`pulumi up --replace` and `replaceWith` skip the provider's diff, never its check.)
 */
function isReplacement(kind: Kind, id: string, props: Props): boolean {
    const urn = props.resourceUrn as string | undefined;
    if (isDeclared(urn)) return true;
    const held = claimOf(kind.api, id); // a state written before URNs were recorded: its diff tells
    return held?.how === "state" && (urn === undefined || held.urn === urn);
}

export class CascadeRefusedError extends QoveryError {
    override readonly name: string = "CascadeRefusedError";
}

/**
 * The delete hook of a job's own variable, before the DELETE. Refuses (nothing deleted) what
 * Qovery's cascade would make the program lose for good; returns what to do once the variable
 * is deleted (park or restore its dependents), or undefined when nothing.
 */
export async function prepareDelete(
    kind: Kind,
    api: QoveryClient,
    id: string,
    props: Props,
    createDependent: CreateDependent,
): Promise<(() => Promise<void>) | undefined> {
    if (kind.target !== undefined) return undefined; // an alias or override has no dependents
    const jobId = props.jobId as string;
    const key = props.key as string;
    const what = kind.noun.replace(/^job /, "");
    if (!isReplacement(kind, id, props)) {
        const still = declaredOf(kind.api, jobId, id, key);
        if (still.length === 0) return undefined;
        throw new CascadeRefusedError(
            `the program removes the ${what} "${key}" (id ${id}) but still declares ${still
                .map((d) => `the ${d.noun} "${d.key ?? "?"}"${d.urn ? ` (${d.urn})` : ""}`)
                .join(
                    ", ",
                )} of it, which Qovery would delete with it. Nothing was deleted. Remove ${still.length > 1 ? "them" : "it"} from the program too (or keep the ${what}), then run \`pulumi up\` again`,
        );
    }
    const dependents = dependentsOf(kind.api, (await api.listJobVariablesWithDate(kind.api, jobId)).rows, id);
    if (dependents.length === 0) return undefined;
    const lost = dependents.map((d) => unrestorable(kind.api, d)).filter((r) => r !== undefined);
    if (lost.length > 0) {
        throw new CascadeRefusedError(
            `replacing the ${what} "${key}" (id ${id}) deletes it first, and Qovery would delete with it what cannot be created again: ${lost.join("; ")}. Nothing was deleted. Note its value, delete it in the Qovery console, run \`pulumi up\`, then create it again`,
        );
    }
    return async () => {
        const listing = dependents.map((d) => describeDependent(kind.api, d)).join("; ");
        console.error(
            `pulumi-qovery-secrets: replacing the ${what} "${key}" (id ${id}) of job ${jobId}: Qovery deleted with it ${listing}; they are created again on its replacement`,
        );
        const entry: Parked = { jobId, api: kind.api, key, deletedId: id, dependents };
        const created = props.resourceUrn === undefined ? undefined : createdFor.get(props.resourceUrn as string);
        if (created !== undefined && created.id !== id && created.jobId === jobId && created.api === kind.api) {
            // Created first (the key changed too): the replacement exists already.
            const problem = await restore(entry, created, kind, createDependent);
            if (problem !== undefined) throw problem;
            return;
        }
        parked.set(slot(jobId, kind.api, key), entry);
    };
}

/** Raised after a create whose variable exists but whose dependents could not all be put back. */
export class CascadeRestoreError extends QoveryError {
    override readonly name: string = "CascadeRestoreError";
}

/**
 * The create hook of a job's own variable, once it is created: puts back what the cascade took
 * from the variable it replaces. Returns an error naming each dependent lost, or undefined.
 */
export async function restoreAfterCreate(
    kind: Kind,
    inputs: Props,
    row: VariableRow,
    createDependent: CreateDependent,
): Promise<CascadeRestoreError | undefined> {
    if (kind.target !== undefined) return undefined;
    const jobId = inputs.jobId as string;
    const made = { jobId, api: kind.api, id: row.id, key: row.key };
    if (typeof inputs.resourceUrn === "string") createdFor.set(inputs.resourceUrn, made);
    const entry = parked.get(slot(jobId, kind.api, row.key));
    if (entry === undefined) return undefined;
    parked.delete(slot(jobId, kind.api, row.key));
    return restore(entry, made, kind, createDependent);
}

async function restore(
    entry: Parked,
    made: { jobId: string; id: string; key: string },
    kind: Kind,
    createDependent: CreateDependent,
): Promise<CascadeRestoreError | undefined> {
    const what = kind.noun.replace(/^job /, "");
    const failures: string[] = [];
    for (const d of entry.dependents) {
        const dk = dependentKind(entry.api, d.relation);
        const t = dk.target!;
        const inputs: Props = {
            jobId: made.jobId,
            [t.byId]: made.id,
            ...(d.relation === "alias" ? { key: d.key } : { value: d.value }),
            ...(d.description === undefined ? {} : { description: d.description }),
        };
        try {
            const { id } = await createDependent(dk, inputs);
            // Keys and ids only: never a value.
            console.error(
                `pulumi-qovery-secrets: created again the ${dk.noun.replace(/^job /, "")} "${d.key}" of the ${what} "${made.key}" (id ${made.id}): id ${id}, was ${d.id}`,
            );
        } catch (err) {
            const why = err instanceof SecretOperationError ? err.message : (err as Error).message;
            failures.push(`${describeDependent(entry.api, d)}: ${why}`);
        }
    }
    if (failures.length === 0) return undefined;
    return new CascadeRestoreError(
        `The ${what} "${made.key}" (id ${made.id}) of job ${made.jobId} replaces id ${entry.deletedId}, and Qovery deleted with the old one what points at it; ${failures.length} of ${entry.dependents.length} could not be created again on the new one: ${failures.join(" | ")}. The ${what} itself is in place. To put them back: run \`pulumi up --refresh\` (the program's own aliases and overrides are then found gone and created again), and create again in the Qovery console, on "${made.key}", those that the program does not declare`,
    );
}

/**
 * An alias or override whose id is gone: the row of the same kind with the same key and the
 * same target (its key and scope; the target's id may have changed, replaced or re-created) is
 * the same object. Undefined when there is none, more than one, or another resource of the run
 * holds it.
 */
export function sameObjectIn(
    kind: Kind,
    rows: readonly VariableRow[],
    id: string,
    props: Props,
): VariableRow | undefined {
    const t = kind.target;
    if (t === undefined) return undefined;
    const was = (props[t.output] ?? {}) as { key?: unknown; scope?: unknown };
    const targetKey = typeof was.key === "string" ? was.key : props[t.byKey];
    const key = kind.label(props);
    if (typeof targetKey !== "string" || typeof key !== "string") return undefined;
    const matches = rows.filter((row) => {
        if (row.id === id || !kind.owns(row) || row.key !== key) return false;
        const parent = parentOf(row, t.wire);
        if (parent?.key !== targetKey) return false;
        const scope = typeof was.scope === "string" ? was.scope : undefined;
        return scope === undefined || parent.scope === undefined || parent.scope === null || parent.scope === scope;
    });
    if (matches.length !== 1) return undefined;
    // Held by another resource of the run (a restored one is held by none: its create had no URN).
    const held = claimOf(kind.api, matches[0].id);
    const urn = props.resourceUrn as string | undefined;
    if (held?.urn !== undefined && urn !== undefined && held.urn !== urn) return undefined;
    return matches[0];
}

/** For tests: forget everything, as a new provider process would. */
export function forgetCascades(): void {
    parked.clear();
    createdFor.clear();
    declared.clear();
    forgetDeclared();
}
