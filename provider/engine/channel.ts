/**
 * How a kind reaches Qovery: the job's own endpoints (`/job/{jobId}/secret`,
 * `/job/{jobId}/environmentVariable`: the job classes, the seed's contract) or the unified
 * `/variable` API (every scope). The lifecycle talks to a channel and never to a path.
 */
import type { QoveryClient } from "../qovery/client";
import { jobVariablePath, jobVariablesPath, variablePath } from "../qovery/client";
import type { VariableApi, VariableRow } from "../qovery/wire";
import type { Props } from "./kind";
import { type Parent, SCOPES, SCOPE_FIELDS, scopeOfField } from "./scopes";

export interface Listed {
    rows: VariableRow[];
    /** The server's clock when it answered (its `Date` header, Unix ms). */
    serverDate: number | undefined;
}

export interface Channel {
    /** `job` or `variable`: part of the list cache's key. */
    readonly name: "job" | "variable";
    /** The inputs that can name the parent, in the order messages list them. */
    readonly parentFields: readonly string[];
    /** The parent the inputs name; undefined when none is set (check refuses that). */
    parentOf(props: Props): Parent | undefined;
    /** The list the kind's rows are in, as the API answers it (the cache holds this). */
    fetch(api: QoveryClient, parent: Parent): Promise<Listed>;
    /** The cache key of `fetch`'s answer. */
    listKey(parent: Parent): string;
    /** The rows of the kind's API among a fetched list (`/variable` lists secrets and plain variables together). */
    select(rows: readonly VariableRow[]): VariableRow[];
    /** The parent's rows of the other API (secrets for a plain variable), to explain a conflict. */
    others(api: QoveryClient, parent: Parent): Promise<VariableRow[]>;
    create(api: QoveryClient, parent: Parent, body: object): Promise<VariableRow>;
    alias(api: QoveryClient, parent: Parent, targetId: string, body: object): Promise<VariableRow>;
    override(api: QoveryClient, parent: Parent, targetId: string, body: object): Promise<VariableRow>;
    edit(api: QoveryClient, parent: Parent, id: string, body: object): Promise<VariableRow>;
    remove(api: QoveryClient, parent: Parent, id: string): Promise<void>;
    /** The create request's path, for messages. */
    createPath(parent: Parent): string;
    /** The edit or delete request's path, for messages. */
    objectPath(parent: Parent, id: string): string;
}

const otherApi = (api: VariableApi): VariableApi => (api === "secret" ? "environmentVariable" : "secret");

/** The job's endpoints for one API: the parent is always the job (`jobId`). */
export function jobChannel(api: VariableApi): Channel {
    return {
        name: "job",
        parentFields: ["jobId"],
        parentOf: (props) => (typeof props.jobId === "string" ? { scope: SCOPES.job, id: props.jobId } : undefined),
        fetch: (q, p) => q.listJobVariablesWithDate(api, p.id),
        listKey: (p) => `job:${api}:${p.id.toLowerCase()}`,
        select: (rows) => [...rows],
        others: async (q, p) => (await q.listJobVariablesWithDate(otherApi(api), p.id)).rows,
        create: (q, p, body) => q.createJobVariable(api, p.id, body as never),
        alias: (q, p, targetId, body) => q.createJobVariableAlias(api, p.id, targetId, body as never),
        override: (q, p, targetId, body) => q.createJobVariableOverride(api, p.id, targetId, body as never),
        edit: (q, p, id, body) => q.editJobVariable(api, p.id, id, body as never),
        remove: (q, p, id) => q.deleteJobVariable(api, p.id, id),
        createPath: (p) => jobVariablesPath(api, p.id),
        objectPath: (p, id) => jobVariablePath(api, p.id, id),
    };
}

/**
 * The unified API for one kind of variable (secret or not), at whichever scope the inputs
 * name. One list per parent serves both kinds: `select` keeps the kind's rows.
 */
export function variableChannel(api: VariableApi): Channel {
    const secret = api === "secret";
    return {
        name: "variable",
        parentFields: SCOPE_FIELDS,
        parentOf: (props) => {
            const set = SCOPE_FIELDS.filter((f) => typeof props[f] === "string");
            if (set.length !== 1) return undefined;
            return { scope: scopeOfField(set[0])!, id: props[set[0]] as string };
        },
        fetch: (q, p) => q.listVariablesWithDate(p.scope.api, p.id),
        listKey: (p) => `variable:${p.scope.api}:${p.id.toLowerCase()}`,
        select: (rows) => rows.filter((r) => (r as { is_secret?: unknown }).is_secret === secret),
        others: async (q, p) =>
            (await q.listVariablesWithDate(p.scope.api, p.id)).rows.filter((r) => r.is_secret !== secret),
        create: (q, p, body) =>
            q.createVariable({
                ...(body as { key: string; value: string }),
                is_secret: secret,
                variable_scope: p.scope.api,
                variable_parent_id: p.id,
            }),
        alias: (q, p, targetId, body) =>
            q.createVariableAlias(targetId, {
                ...(body as { key: string }),
                alias_scope: p.scope.api,
                alias_parent_id: p.id,
            }),
        override: (q, p, targetId, body) =>
            q.createVariableOverride(targetId, {
                ...(body as { value: string }),
                override_scope: p.scope.api,
                override_parent_id: p.id,
            }),
        edit: (q, _p, id, body) => q.editVariable(id, body as never),
        remove: (q, _p, id) => q.deleteVariable(id),
        createPath: () => "/variable",
        objectPath: (_p, id) => variablePath(id),
    };
}
