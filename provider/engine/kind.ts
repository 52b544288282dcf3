/**
 * What the engine needs to know about one kind of resource: its API, how it is created and
 * edited, which inputs change in place and which replace, which are secret, and which rows of
 * the job's list are its own. The lifecycle (lifecycle.ts), `check` (check.ts) and `diff`
 * (diff.ts) are the same for every kind; a new kind is an entry built here and a class.
 */
import type { z } from "zod";
import type { ParentField, VariableApi, VariableRow } from "../qovery/wire";
import { fieldSchemas } from "./inputs";
import { manageableType } from "./managed";

export type Props = Record<string, unknown>;

/** `update`: carried by the edit request (PUT). `replace`: it is not, or it cannot change. */
export type Change = "update" | "replace";

export interface FieldSpec {
    schema: z.ZodType;
    change: Change;
    required?: boolean;
}

/** How an alias or override names the variable it points at: by key or by id, exactly one. */
export interface TargetSpec {
    relation: "alias" | "override";
    /** The input naming the target by key (`aliasedKey`). */
    byKey: string;
    /** The input naming the target by id (`aliasedSecretId`). */
    byId: string;
    /** The field of the created row that describes the target (`aliased_secret`). */
    wire: ParentField;
    /** The same, as an output (`aliasedSecret`). */
    output: string;
}

export interface Kind {
    /** The resource type's name (`JobSecret`): `pulumi-nodejs:dynamic/qovery:<type>`. */
    type: string;
    /** What messages call one resource of the kind ("job secret alias"). */
    noun: string;
    api: VariableApi;
    /** Every input, in the order messages and diffs list them. */
    fields: Record<string, FieldSpec>;
    target?: TargetSpec;
    /** Inputs whose values are kept out of every message: they may be secrets. */
    hidden: readonly string[];
    /** The body of the create request (for an alias or override, the target is in the path). */
    createBody(inputs: Props): object;
    /** The body of the edit request; `olds` are the outputs in state. */
    editBody(olds: Props, news: Props): object;
    /** The inputs as Qovery holds them now: what the API returns, the rest from `prior`. */
    currentInputs(row: VariableRow, prior: Props): Props;
    /** The key the resource takes in its job, when the inputs tell it (an override's is its target's). */
    occupiedKey(inputs: Props): unknown;
    /**
     * Whether a row of the job's list is a resource of this kind that this library may manage
     * (managed.ts): used to adopt, and to find a lost create.
     */
    owns(row: VariableRow): boolean;
    /** The key to name the resource by in messages. */
    label(props: Props): string | undefined;
}

// ---- the parts kinds share ----

const jobId: FieldSpec = { schema: fieldSchemas.jobId, change: "replace", required: true };
const description: FieldSpec = { schema: fieldSchemas.description, change: "update" };

export function nonEmpty(s: unknown): string | undefined {
    return typeof s !== "string" || s === "" ? undefined : s;
}

/** Drops undefined fields: the provider host's protobuf conversion refuses them. */
export function compact<T extends object>(o: T): T {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * `enableInterpolationInFile` is reported only when the program sets it: Qovery answers a
 * default for every row, which would otherwise show as a change the program never made.
 */
function interpolation(row: VariableRow, prior: Props): boolean | undefined {
    const p = prior.enableInterpolationInFile;
    if (p === undefined || p === null) return undefined;
    return row.enable_interpolation_in_file ?? (p as boolean);
}

/** PUT replaces: an unset input is sent so that removing it from the program clears it. */
function editedInterpolation(olds: Props, news: Props): { enable_interpolation_in_file?: boolean | null } {
    if (news.enableInterpolationInFile !== undefined) {
        return { enable_interpolation_in_file: news.enableInterpolationInFile as boolean };
    }
    // The program stopped setting it: back to Qovery's default.
    return olds.enableInterpolationInFile !== undefined ? { enable_interpolation_in_file: null } : {};
}

// ---- builders, one per relation ----

/**
 * A variable of the job's own: `JobSecret`, `JobEnvironmentVariable`. The two APIs differ in
 * what they return (a variable's value and mount path; never a secret's) and in whether the
 * edit request carries `mount_path` (a variable's does, a secret's does not).
 */
export function ownKind(spec: { type: string; noun: string; api: VariableApi }): Kind {
    const secret = spec.api === "secret";
    return {
        ...spec,
        fields: {
            jobId,
            key: { schema: fieldSchemas.key, change: "update", required: true }, // the edit request carries `key`
            value: { schema: fieldSchemas.value, change: "update", required: true },
            description,
            // SecretEditRequest has no `mount_path`; EnvironmentVariableEditRequest has.
            mountPath: { schema: fieldSchemas.mountPath, change: secret ? "replace" : "update" },
            enableInterpolationInFile: { schema: fieldSchemas.enableInterpolationInFile, change: "update" },
        },
        hidden: ["value"],
        createBody: (i) =>
            compact({
                key: i.key,
                value: i.value,
                mount_path: i.mountPath,
                description: i.description,
                enable_interpolation_in_file: i.enableInterpolationInFile,
            }),
        editBody: (olds, news) => ({
            key: news.key,
            value: news.value,
            ...(secret ? {} : { mount_path: (news.mountPath as string | undefined) ?? null }),
            description: news.description ?? "",
            ...editedInterpolation(olds, news),
        }),
        currentInputs: (row, prior) => {
            const r = row as VariableRow & { value?: string | null; mount_path?: string | null };
            return compact({
                jobId: prior.jobId,
                key: row.key,
                // A secret's value and mount path are never returned: kept from state.
                value: secret || typeof r.value !== "string" ? prior.value : r.value,
                description: nonEmpty(row.description),
                mountPath: secret || r.mount_path === undefined ? prior.mountPath : nonEmpty(r.mount_path),
                enableInterpolationInFile: interpolation(row, prior),
            });
        },
        occupiedKey: (i) => i.key,
        owns: (row) => manageableType(row) === "VALUE" || manageableType(row) === "FILE",
        label: (p) => p.key as string | undefined,
    };
}

/** An alias at job level of a variable the job sees: its own key and description; its value is its target's. */
export function aliasKind(spec: {
    type: string;
    noun: string;
    api: VariableApi;
    byId: string;
    wire: ParentField;
    output: string;
}): Kind {
    const target: TargetSpec = {
        relation: "alias",
        byKey: "aliasedKey",
        byId: spec.byId,
        wire: spec.wire,
        output: spec.output,
    };
    return {
        type: spec.type,
        noun: spec.noun,
        api: spec.api,
        fields: {
            jobId,
            aliasedKey: { schema: fieldSchemas.targetKey, change: "replace" },
            [spec.byId]: { schema: targetIdSchema(spec.api), change: "replace" },
            key: { schema: fieldSchemas.key, change: "update", required: true }, // PUT renames an alias
            description,
        },
        target,
        hidden: [],
        createBody: (i) => compact({ key: i.key, description: i.description }),
        // "For an alias, you can't edit the value": the edit request carries no value.
        editBody: (_olds, news) => ({ key: news.key, description: news.description ?? "" }),
        currentInputs: (row, prior) =>
            compact({
                jobId: prior.jobId,
                ...currentTarget(target, row, prior),
                key: row.key,
                description: nonEmpty(row.description),
            }),
        occupiedKey: (i) => i.key,
        owns: (row) => manageableType(row) === "ALIAS",
        label: (p) => p.key as string | undefined,
    };
}

/**
 * An override at job level of a variable of a higher scope: its own value and description;
 * its key is its target's. A secret override's value is a secret; a variable override's is
 * plain unless the program made it secret, and it is returned by the API.
 */
export function overrideKind(spec: {
    type: string;
    noun: string;
    api: VariableApi;
    byId: string;
    wire: ParentField;
    output: string;
}): Kind {
    const secret = spec.api === "secret";
    const target: TargetSpec = {
        relation: "override",
        byKey: "overriddenKey",
        byId: spec.byId,
        wire: spec.wire,
        output: spec.output,
    };
    return {
        type: spec.type,
        noun: spec.noun,
        api: spec.api,
        fields: {
            jobId,
            overriddenKey: { schema: fieldSchemas.targetKey, change: "replace" },
            [spec.byId]: { schema: targetIdSchema(spec.api), change: "replace" },
            value: { schema: fieldSchemas.value, change: "update", required: true },
            description,
        },
        target,
        hidden: ["value"],
        createBody: (i) => compact({ value: i.value, description: i.description }),
        // "For an override, you can't edit the key": the request still requires it, unchanged.
        editBody: (olds, news) => ({
            key: olds.key ?? news.overriddenKey,
            value: news.value,
            description: news.description ?? "",
        }),
        currentInputs: (row, prior) => {
            const r = row as VariableRow & { value?: string | null };
            return compact({
                jobId: prior.jobId,
                ...currentTarget(target, row, prior),
                value: secret || typeof r.value !== "string" ? prior.value : r.value,
                description: nonEmpty(row.description),
            });
        },
        // Unknown when the target is named by id: the lifecycle then assumes the worst.
        occupiedKey: (i) => i.overriddenKey,
        owns: (row) => manageableType(row) === "OVERRIDE",
        label: (p) => (p.key ?? p.overriddenKey) as string | undefined,
    };
}

function targetIdSchema(api: VariableApi): z.ZodType {
    return api === "secret" ? fieldSchemas.targetSecretId : fieldSchemas.targetVariableId;
}

/**
 * The target input as Qovery holds it now: a target named by key follows its target's key
 * (renamed in the console, the program's key no longer names it); one named by id keeps it.
 */
function currentTarget(target: TargetSpec, row: VariableRow, prior: Props): Props {
    const parent = (row as Record<string, unknown>)[target.wire] as { id?: string; key?: string } | null | undefined;
    if (prior[target.byKey] !== undefined) return { [target.byKey]: parent?.key ?? prior[target.byKey] };
    return { [target.byId]: parent?.id ?? prior[target.byId] };
}
