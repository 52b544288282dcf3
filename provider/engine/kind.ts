/**
 * What the engine needs to know about one kind of resource: its API, how it is created and
 * edited, which inputs change in place and which replace, which are secret, and which rows of
 * the job's list are its own. The lifecycle (lifecycle.ts), `check` (check.ts) and `diff`
 * (diff.ts) are the same for every kind; a new kind is an entry built here and a class.
 */
import type { z } from "zod";
import type { ParentField, VariableApi, VariableRow } from "../qovery/wire";
import { type Channel, jobChannel, variableChannel } from "./channel";
import { fieldSchemas, parentIdSchema } from "./inputs";
import { manageableType } from "./managed";
import { type Parent, SCOPES } from "./scopes";

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

/**
 * Where a kind's variables live and how they are reached: the job's endpoints (the parent is
 * `jobId`) or `/variable` (the parent is exactly one of the scope table's inputs).
 */
export interface Home {
    channel: Channel;
    /** The inputs naming the parent. */
    parentFields: Record<string, FieldSpec>;
    /** Whether the edit request carries `mount_path` (only the job's EnvironmentVariableEditRequest does). */
    editsMountPath: boolean;
    /** The wire fields naming an alias's and an override's target (`/variable` has only the `*_variable` ones). */
    aliasWire: ParentField;
    overrideWire: ParentField;
}

/** The job's endpoints for one API (the job classes). */
export function jobHome(api: VariableApi): Home {
    const secret = api === "secret";
    return {
        channel: jobChannel(api),
        parentFields: { jobId: { schema: fieldSchemas.jobId, change: "replace", required: true } },
        editsMountPath: !secret,
        aliasWire: secret ? "aliased_secret" : "aliased_variable",
        overrideWire: secret ? "overridden_secret" : "overridden_variable",
    };
}

/** The unified `/variable` API for one kind of variable, at every scope of the table. */
export function variableHome(api: VariableApi): Home {
    return {
        channel: variableChannel(api),
        parentFields: Object.fromEntries(
            Object.values(SCOPES).map((s) => [s.field, { schema: parentIdSchema(s.noun), change: "replace" }]),
        ),
        editsMountPath: false,
        aliasWire: "aliased_variable",
        overrideWire: "overridden_variable",
    };
}

export interface Kind {
    /** The resource type's name (`JobSecret`): `pulumi-nodejs:dynamic/qovery:<type>`. */
    type: string;
    /** What messages call one resource of the kind ("job secret alias"). */
    noun: string;
    api: VariableApi;
    /** How its variables are reached (channel.ts). */
    channel: Channel;
    /** The inputs naming the parent (one of them is set). */
    parentFields: readonly string[];
    /** The parent the inputs name (undefined when none is: check refuses that). */
    parentOf(props: Props): Parent | undefined;
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
     * Whether a row of the parent's list is a resource of this kind that this library may manage
     * (managed.ts): used to adopt, and to find a lost create. `scope`: the parent's API scope
     * (JOB when not given).
     */
    owns(row: VariableRow, scope?: string): boolean;
    /** The key to name the resource by in messages. */
    label(props: Props): string | undefined;
}

// ---- the parts kinds share ----

const description: FieldSpec = { schema: fieldSchemas.description, change: "update" };

export function nonEmpty(s: unknown): string | undefined {
    return typeof s !== "string" || s === "" ? undefined : s;
}

/** The parent inputs of `prior`, as they are (state or program). */
function parentInputs(home: Home, prior: Props): Props {
    return Object.fromEntries(Object.keys(home.parentFields).map((f) => [f, prior[f]]));
}

/** What every kind of a home shares: its channel and parent. */
function homeParts(home: Home) {
    return {
        channel: home.channel,
        parentFields: Object.keys(home.parentFields),
        parentOf: (props: Props) => home.channel.parentOf(props),
    };
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
export function ownKind(spec: { type: string; noun: string; api: VariableApi; home?: Home }): Kind {
    const secret = spec.api === "secret";
    const home = spec.home ?? jobHome(spec.api);
    return {
        type: spec.type,
        noun: spec.noun,
        api: spec.api,
        ...homeParts(home),
        fields: {
            ...home.parentFields,
            key: { schema: fieldSchemas.key, change: "update", required: true }, // the edit request carries `key`
            value: { schema: fieldSchemas.value, change: "update", required: true },
            description,
            // SecretEditRequest and VariableEditRequest have no `mount_path`; the job's EnvironmentVariableEditRequest has.
            mountPath: { schema: fieldSchemas.mountPath, change: home.editsMountPath ? "update" : "replace" },
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
            ...(home.editsMountPath ? { mount_path: (news.mountPath as string | undefined) ?? null } : {}),
            description: news.description ?? "",
            ...editedInterpolation(olds, news),
        }),
        currentInputs: (row, prior) => {
            const r = row as VariableRow & { value?: string | null; mount_path?: string | null };
            return compact({
                ...parentInputs(home, prior),
                key: row.key,
                // A secret's value and mount path are never returned: kept from state.
                value: secret || typeof r.value !== "string" ? prior.value : r.value,
                description: nonEmpty(row.description),
                mountPath: secret || r.mount_path === undefined ? prior.mountPath : nonEmpty(r.mount_path),
                enableInterpolationInFile: interpolation(row, prior),
            });
        },
        occupiedKey: (i) => i.key,
        owns: (row, scope) => manageableType(row, scope) === "VALUE" || manageableType(row, scope) === "FILE",
        label: (p) => p.key as string | undefined,
    };
}

/** An alias at job level of a variable the job sees: its own key and description; its value is its target's. */
export function aliasKind(spec: {
    type: string;
    noun: string;
    api: VariableApi;
    byId: string;
    output: string;
    home?: Home;
}): Kind {
    const home = spec.home ?? jobHome(spec.api);
    const target: TargetSpec = {
        relation: "alias",
        byKey: "aliasedKey",
        byId: spec.byId,
        wire: home.aliasWire,
        output: spec.output,
    };
    return {
        type: spec.type,
        noun: spec.noun,
        api: spec.api,
        ...homeParts(home),
        fields: {
            ...home.parentFields,
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
                ...parentInputs(home, prior),
                ...currentTarget(target, row, prior),
                key: row.key,
                description: nonEmpty(row.description),
            }),
        occupiedKey: (i) => i.key,
        owns: (row, scope) => manageableType(row, scope) === "ALIAS",
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
    output: string;
    home?: Home;
}): Kind {
    const secret = spec.api === "secret";
    const home = spec.home ?? jobHome(spec.api);
    const target: TargetSpec = {
        relation: "override",
        byKey: "overriddenKey",
        byId: spec.byId,
        wire: home.overrideWire,
        output: spec.output,
    };
    return {
        type: spec.type,
        noun: spec.noun,
        api: spec.api,
        ...homeParts(home),
        fields: {
            ...home.parentFields,
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
                ...parentInputs(home, prior),
                ...currentTarget(target, row, prior),
                value: secret || typeof r.value !== "string" ? prior.value : r.value,
                description: nonEmpty(row.description),
            });
        },
        // Unknown when the target is named by id: the lifecycle then assumes the worst.
        occupiedKey: (i) => i.overriddenKey,
        owns: (row, scope) => manageableType(row, scope) === "OVERRIDE",
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
