/**
 * The scope table: where a variable can live in Qovery. A project's variables are seen by every
 * environment of it, an environment's by every service of it; a service sees its own, its
 * environment's and its project's. The next scope is an entry here: the classes take their
 * parent inputs, checks and messages from this table.
 */
import type { ApiScope } from "../qovery/wire";

export interface ScopeSpec {
    /** The input naming the parent: `environmentId`. */
    field: string;
    /** The scope as the API names it (`APIVariableScopeEnum`). */
    api: ApiScope;
    /** What messages call the parent ("environment"). */
    noun: string;
    /** 0 for a project, 1 for an environment, 2 for a service: an override targets a lower level, an alias the same or a lower one. */
    level: 0 | 1 | 2;
    /**
     * The segment of the spec's `/{segment}/{id}/redeploy` that redeploys the parent, when there
     * is one (a project is not deployed).
     */
    redeploy?: "environment" | "application" | "container" | "job" | "helm" | "terraform";
}

export const SCOPES = {
    project: { field: "projectId", api: "PROJECT", noun: "project", level: 0 },
    environment: { field: "environmentId", api: "ENVIRONMENT", noun: "environment", level: 1, redeploy: "environment" },
    application: { field: "applicationId", api: "APPLICATION", noun: "application", level: 2, redeploy: "application" },
    container: { field: "containerId", api: "CONTAINER", noun: "container", level: 2, redeploy: "container" },
    job: { field: "jobId", api: "JOB", noun: "job", level: 2, redeploy: "job" },
    helm: { field: "helmId", api: "HELM", noun: "helm service", level: 2, redeploy: "helm" },
    terraform: { field: "terraformId", api: "TERRAFORM", noun: "terraform service", level: 2, redeploy: "terraform" },
} as const satisfies Record<string, ScopeSpec>;

export type ScopeName = keyof typeof SCOPES;

/** Every scope's parent input, in the table's order (the order messages list them in). */
export const SCOPE_FIELDS: readonly string[] = Object.values(SCOPES).map((s) => s.field);

/** The scope of an API scope name (`ENVIRONMENT`), when it is one of the table's. */
export function scopeOfApi(api: string | null | undefined): ScopeSpec | undefined {
    return Object.values(SCOPES).find((s) => s.api === api);
}

/** The scope a parent input names (`environmentId`). */
export function scopeOfField(field: string): ScopeSpec | undefined {
    return Object.values(SCOPES).find((s) => s.field === field);
}

/** The parent of one resource: the scope and the id of the project, environment or service. */
export interface Parent {
    scope: ScopeSpec;
    /** Lower case: ids are UUIDs, compared without case. */
    id: string;
}

/** "environment 1b2c…", for messages. */
export function describeParent(p: Parent): string {
    return `${p.scope.noun} ${p.id}`;
}

/** A parent's identity as a string, for maps (`ENVIRONMENT:1b2c…`). */
export function parentKey(p: Parent): string {
    // Lower case, as check stores ids: the program's raw id and the checked one name one parent.
    return `${p.scope.api}:${p.id.toLowerCase()}`;
}
