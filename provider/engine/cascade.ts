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
import { QoveryError, SecretOperationError, TargetResolutionError } from "../qovery/errors";
import type { VariableApi, VariableRow } from "../qovery/wire";
import { claimOf } from "./claims";
import { forgetDeclared, isDeclared } from "./declared";
import { type Kind, type Props, nonEmpty } from "./kind";
import { atOwnScope } from "./managed";
import { KINDS } from "./kinds";
import { listNow, listOf } from "./runtime";
import { type Parent, describeParent, parentKey } from "./scopes";
import { resolveTarget } from "./targets";

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
    /** Where it lives, when not beside its target (a service's alias of an environment's variable). */
    parent?: Parent;
}

/** What is waiting for the replacement of a deleted variable. */
interface Parked {
    parent: Parent;
    /** The channel of the deleted variable's kind ("job" or "variable"): its dependents are of the same. */
    channel: Kind["channel"]["name"];
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
const createdFor = new Map<string, { parent: Parent; api: VariableApi; id: string; key: string }>();

/** An alias or override the program declares in this run. */
interface DeclaredDependent {
    urn: string | undefined;
    key: string | undefined;
    noun: string;
    /** Where it lives; with `targetKey`, what a target named by key resolves in. */
    parent?: Parent;
    kind?: Kind;
    targetKey?: string;
}
/** Aliases and overrides the program still declares, by the (API, id) of their target or (API, key). */
const declared = new Map<string, DeclaredDependent[]>();
/** The parents of the program's aliases and overrides over `/variable`, by parentKey: where a cascade may reach. */
const dependentParents = new Map<string, Parent>();
/** Variables over `/variable` that a delete-first replacement deleted in this run, by (API, id). */
const replacedInRun = new Set<string>();
/** The dependents created again on a replacement in this run, by (parent, API, key). */
const restoredInRun = new Set<string>();

const parentOf = (row: VariableRow, field: string) =>
    (row as Record<string, unknown>)[field] as { id?: string; key?: string; scope?: string | null } | null | undefined;

/** The kind of the program's class for an alias or override of this API, on this channel. */
function dependentKind(
    api: VariableApi,
    relation: Dependent["relation"],
    channel: Kind["channel"]["name"] = "job",
): Kind {
    const kind = Object.values(KINDS).find(
        (k: Kind) => k.api === api && k.target?.relation === relation && k.channel.name === channel,
    );
    return kind as Kind;
}

/**
 * The rows of a parent's list that Qovery deletes with the variable `id`: the parent's own
 * aliases and overrides of it (the job's, when no parent is given).
 */
export function dependentsOf(
    api: VariableApi,
    rows: readonly VariableRow[],
    id: string,
    within?: { parent: Parent; channel: Kind["channel"]["name"] },
): Dependent[] {
    const found: Dependent[] = [];
    const channel = within?.channel ?? "job";
    for (const row of rows) {
        if (!atOwnScope(row, within?.parent.scope.api ?? "JOB")) continue;
        for (const relation of ["alias", "override"] as const) {
            if (parentOf(row, dependentKind(api, relation, channel).target!.wire)?.id !== id) continue;
            const value = (row as { value?: string | null }).value;
            const heldBy = claimOf(api, row.id)?.urn;
            found.push({
                relation,
                id: row.id,
                key: row.key,
                ...(nonEmpty(row.description) ? { description: row.description as string } : {}),
                ...(typeof value === "string" ? { value } : {}),
                ...(heldBy ? { heldBy } : {}),
                ...(within === undefined ? {} : { parent: within.parent }),
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
    const where = d.parent === undefined ? "" : ` in ${describeParent(d.parent)}`;
    return `${noun} "${d.key}"${where} (id ${d.id}${description}${owner})`;
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
    noteDependentParent(kind, news);
}

/** Where a cascade over `/variable` may reach: the parents of the program's aliases and overrides. */
function noteDependentParent(kind: Kind, props: Props): void {
    if (kind.channel.name !== "variable") return;
    const parent = kind.parentOf(props);
    if (parent !== undefined) dependentParents.set(parentKey(parent), parent);
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
    noteDependentParent(kind, news);
    const parent = kind.parentOf(news);
    const entry: DeclaredDependent = {
        urn: news.resourceUrn as string | undefined,
        key: kind.label(news),
        noun: kind.noun,
        ...(parent === undefined ? {} : { parent, kind }),
        ...(typeof byKey === "string" ? { targetKey: byKey } : {}),
    };
    // A target named by key: in the job's own list, or (over /variable) in whichever list of
    // the parent it lives in names it, which only that list tells (`declaredOf`).
    const at =
        typeof byKey === "string"
            ? kind.channel.name === "job"
                ? slot(kind.api, "key", String(news.jobId).toLowerCase(), byKey)
                : slot(kind.api, "vkey", byKey)
            : typeof byId === "string"
              ? slot(kind.api, byId.toLowerCase())
              : undefined;
    if (at === undefined) return;
    const all = declared.get(at) ?? [];
    if (!all.some((d) => d.urn !== undefined && d.urn === entry.urn)) all.push(entry);
    declared.set(at, all);
}

/**
 * The program's aliases and overrides of the variable `id` (key `key` in `parent`), one per
 * resource. Over `/variable`, one named by key names this variable only if its own parent's
 * list resolves that key to it (a service sees its environment's and its project's keys).
 */
async function declaredOf(kind: Kind, api: QoveryClient, parent: Parent, id: string, key: string) {
    const byKey =
        kind.channel.name === "job"
            ? (declared.get(slot(kind.api, "key", parent.id.toLowerCase(), key)) ?? [])
            : await namingByKey(declared.get(slot(kind.api, "vkey", key)) ?? [], api, parent, id, key);
    const all = [...(declared.get(slot(kind.api, id)) ?? []), ...byKey];
    return all.filter((d, i) => d.urn === undefined || all.findIndex((e) => e.urn === d.urn) === i);
}

/** The declared dependents named by key whose parent sees `key` as the variable `id`. */
async function namingByKey(
    candidates: DeclaredDependent[],
    api: QoveryClient,
    parent: Parent,
    id: string,
    key: string,
) {
    const naming: DeclaredDependent[] = [];
    for (const d of candidates) {
        if (d.parent === undefined || d.kind === undefined || d.parent.scope.level < parent.scope.level) continue;
        if (parentKey(d.parent) === parentKey(parent)) {
            naming.push(d);
            continue;
        }
        try {
            if (resolveTarget(d.kind, d.parent, await listOf(d.kind, d.parent, api), key) === id) naming.push(d);
        } catch (err) {
            // Not resolvable there (missing, ambiguous): it does not name this one for sure; any
            // other failure (the list) is no evidence either way, so it counts.
            if (!(err instanceof TargetResolutionError)) naming.push(d);
        }
    }
    return naming;
}

/**
 * The lists a cascade of a variable of `parent` reaches that the program knows of: its own
 * and, over `/variable`, those of the program's aliases and overrides in lower parents.
 */
function cascadeReach(kind: Kind, parent: Parent): Parent[] {
    if (kind.channel.name === "job") return [parent];
    const below = [...dependentParents.values()].filter(
        (p) => p.scope.level > parent.scope.level && parentKey(p) !== parentKey(parent),
    );
    return [parent, ...below];
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
    const parent = kind.parentOf(props)!;
    const key = props.key as string;
    const what = kind.noun.replace(/^job /, "");
    if (!isReplacement(kind, id, props)) {
        const still = await declaredOf(kind, api, parent, id, key);
        if (still.length === 0) return undefined;
        throw new CascadeRefusedError(
            `the program removes the ${what} "${key}" (id ${id}) but still declares ${still
                .map((d) => `the ${d.noun} "${d.key ?? "?"}"${d.urn ? ` (${d.urn})` : ""}`)
                .join(
                    ", ",
                )} of it, which Qovery would delete with it. Nothing was deleted. Remove ${still.length > 1 ? "them" : "it"} from the program too (or keep the ${what}), then run \`pulumi up\` again`,
        );
    }
    // Known once it is gone: an alias or override the cascade did not reach is made again by its own resource.
    const markReplaced = () => {
        if (kind.channel.name === "variable") replacedInRun.add(slot(kind.api, id));
    };
    const dependents: Dependent[] = [];
    for (const where of cascadeReach(kind, parent)) {
        const rows = (await listNow(kind, where, api)).rows;
        const within = { parent: where, channel: kind.channel.name };
        dependents.push(...dependentsOf(kind.api, rows, id, kind.channel.name === "job" ? undefined : within));
    }
    if (dependents.length === 0) return async () => markReplaced();
    const lost = dependents.map((d) => unrestorable(kind.api, d)).filter((r) => r !== undefined);
    if (lost.length > 0) {
        throw new CascadeRefusedError(
            `replacing the ${what} "${key}" (id ${id}) deletes it first, and Qovery would delete with it what cannot be created again: ${lost.join("; ")}. Nothing was deleted. Note its value, delete it in the Qovery console, run \`pulumi up\`, then create it again`,
        );
    }
    return async () => {
        markReplaced();
        const listing = dependents.map((d) => describeDependent(kind.api, d)).join("; ");
        console.error(
            `pulumi-qovery-secrets: replacing the ${what} "${key}" (id ${id}) of ${describeParent(parent)}: Qovery deleted with it ${listing}; they are created again on its replacement`,
        );
        const entry: Parked = { parent, channel: kind.channel.name, api: kind.api, key, deletedId: id, dependents };
        const created = props.resourceUrn === undefined ? undefined : createdFor.get(props.resourceUrn as string);
        if (
            created !== undefined &&
            created.id !== id &&
            parentKey(created.parent) === parentKey(parent) &&
            created.api === kind.api
        ) {
            // Created first (the key changed too): the replacement exists already.
            const problem = await restore(entry, created, kind, createDependent);
            if (problem !== undefined) throw problem;
            return;
        }
        parked.set(slot(parentKey(parent), kind.api, key), entry);
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
    const parent = kind.parentOf(inputs)!;
    const made = { parent, api: kind.api, id: row.id, key: row.key };
    if (typeof inputs.resourceUrn === "string") createdFor.set(inputs.resourceUrn, made);
    const at = slot(parentKey(parent), kind.api, row.key);
    const entry = parked.get(at);
    if (entry === undefined) return undefined;
    parked.delete(at);
    return restore(entry, made, kind, createDependent);
}

async function restore(
    entry: Parked,
    made: { parent: Parent; id: string; key: string },
    kind: Kind,
    createDependent: CreateDependent,
): Promise<CascadeRestoreError | undefined> {
    const what = kind.noun.replace(/^job /, "");
    const failures: string[] = [];
    for (const d of entry.dependents) {
        const dk = dependentKind(entry.api, d.relation, entry.channel);
        const t = dk.target!;
        const home = d.parent ?? made.parent;
        const inputs: Props = {
            [home.scope.field]: home.id,
            [t.byId]: made.id,
            ...(d.relation === "alias" ? { key: d.key } : { value: d.value }),
            ...(d.description === undefined ? {} : { description: d.description }),
        };
        try {
            const { id } = await createDependent(dk, inputs);
            restoredInRun.add(slot(parentKey(home), entry.api, d.key));
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
        `The ${what} "${made.key}" (id ${made.id}) of ${describeParent(made.parent)} replaces id ${entry.deletedId}, and Qovery deleted with the old one what points at it; ${failures.length} of ${entry.dependents.length} could not be created again on the new one: ${failures.join(" | ")}. The ${what} itself is in place. To put them back: run \`pulumi up --refresh\` (the program's own aliases and overrides are then found gone and created again), and create again in the Qovery console, on "${made.key}", those that the program does not declare`,
    );
}

/**
 * Whether an alias or override over `/variable` was deleted by Qovery's cascade in this run and
 * not created again: its target was replaced delete-first before the program declared it (a
 * dependent ordered after its target, by `dependsOn`, is checked only once the replacement is
 * done), so the cascade did not know to look in its parent. Its own resource makes it again.
 */
export function lostToCascade(kind: Kind, olds: Props): boolean {
    const t = kind.target;
    if (t === undefined || kind.channel.name !== "variable") return false;
    const targetId = (olds[t.output] as { id?: unknown } | undefined)?.id;
    if (typeof targetId !== "string" || !replacedInRun.has(slot(kind.api, targetId))) return false;
    const parent = kind.parentOf(olds);
    const key = olds.key;
    return (
        parent !== undefined && typeof key === "string" && !restoredInRun.has(slot(parentKey(parent), kind.api, key))
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
        if (row.id === id || !kind.owns(row, kind.parentOf(props)?.scope.api) || row.key !== key) return false;
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
    // Created in this run by the same resource: its replacement (lostToCascade), not its old row.
    if (held?.how === "created" && urn !== undefined && held.urn === urn) return undefined;
    return matches[0];
}

/** For tests: forget everything, as a new provider process would. */
export function forgetCascades(): void {
    parked.clear();
    createdFor.clear();
    declared.clear();
    dependentParents.clear();
    replacedInRun.clear();
    restoredInRun.clear();
    forgetDeclared();
}
