// The admin API's world: projects, environments and services of every kind (created, listed, deleted),
// rows of any scope seeded straight into the store, and the deployments of services and environments.
import { randomUUID } from "node:crypto";
import { phaseAt } from "../deployments";
import { HttpError, type Outcome } from "../http";
import { asObject, optionalBoolean, optionalString, UUID_RE } from "../input";
import type { EmulatorState } from "../state";
import type { StoredEnvironment, StoredService } from "../store";
import { SERVICE_KINDS, type DeploymentRecord, type ServiceKind, type StoredSecret } from "../types";

export interface AdminRoute {
    method: "GET" | "POST" | "PUT" | "DELETE";
    /** Template under /__admin; `{placeholders}` match one segment each. */
    path: string;
    handle(state: EmulatorState, params: Record<string, string>, body: unknown): Outcome;
}

/** Deployments, oldest first, each with its phase now. */
export function deploymentsOf(records: DeploymentRecord[]): (DeploymentRecord & { phase: string })[] {
    const now = Date.now();
    return records.map((d) => ({ ...d, phase: phaseAt(d, now) }));
}

export function checkEnum(state: EmulatorState, schema: string, field: string, value: string): void {
    const values = state.contract.enumValues(schema);
    if (!values.includes(value)) throw new HttpError(400, `${field} must be one of ${values.join(", ")}`);
}

function newId(input: Record<string, unknown>): string {
    const id = optionalString(input, "id") ?? randomUUID();
    if (!UUID_RE.test(id)) throw new HttpError(400, "id must be a uuid");
    return id;
}

function requiredString(input: Record<string, unknown>, name: string): string {
    const value = optionalString(input, name);
    if (value === undefined || value === "") throw new HttpError(400, `${name} must be a non-empty string`);
    return value;
}

function serviceRecord(state: EmulatorState, id: string | undefined): StoredService {
    const service = state.store.service(id as string);
    if (!service) throw new HttpError(404, `no service ${id}`);
    return service;
}

function environmentRecord(state: EmulatorState, id: string | undefined): StoredEnvironment {
    const env = state.store.environment(id as string);
    if (!env) throw new HttpError(404, `no environment ${id}`);
    return env;
}

/**
 * Puts a row of any scope straight into the store (the same key rule as the public API): held by
 * `parent_id`, with its scope (default: the parent's) or BUILT_IN (an environment's or a service's).
 */
export function seedRow(state: EmulatorState, body: unknown): StoredSecret {
    const input = asObject(body);
    const key = input.key;
    if (typeof key !== "string" || key === "") throw new HttpError(400, "key must be a non-empty string");
    const parentId = requiredString(input, "parent_id");
    const parent = state.store.parent(parentId);
    if (!parent) throw new HttpError(404, `no project, environment or service ${parentId}`);
    const isSecret = optionalBoolean(input, "is_secret");
    if (isSecret === undefined) throw new HttpError(400, "is_secret must be a boolean");
    const scope = optionalString(input, "scope") ?? parent.scope;
    checkEnum(state, "APIVariableScopeEnum", "scope", scope);
    if (scope !== parent.scope && !(scope === "BUILT_IN" && parent.scope !== "PROJECT")) {
        throw new HttpError(400, `a row of ${parentId} has its scope ${parent.scope}, or BUILT_IN (not for a project)`);
    }
    const variableType = optionalString(input, "variable_type");
    if (variableType !== undefined) checkEnum(state, "APIVariableTypeEnum", "variable_type", variableType);
    const ownedBy = optionalString(input, "owned_by");
    const id = optionalString(input, "id") ?? randomUUID();
    if (!UUID_RE.test(id)) throw new HttpError(400, "id must be a uuid");
    state.store.assertKeyFree(parent, scope, key);
    if (state.store.row(id)) throw new HttpError(409, `id ${id} is taken`);
    const now = new Date().toISOString();
    const row: StoredSecret = {
        id,
        key,
        value: optionalString(input, "value") ?? (isSecret ? null : ""),
        mount_path: optionalString(input, "mount_path") ?? null,
        description: optionalString(input, "description") ?? null,
        enable_interpolation_in_file: input.enable_interpolation_in_file === true,
        scope,
        parent_id: parent.id,
        is_secret: isSecret,
        created_at: now,
        updated_at: now,
        ...(variableType === undefined ? {} : { variable_type: variableType }),
        ...(ownedBy === undefined ? {} : { owned_by: ownedBy }),
    };
    state.store.add(row);
    return row;
}

function createProject(state: EmulatorState, _: Record<string, string>, body: unknown): Outcome {
    const input = asObject(body ?? {});
    const id = newId(input);
    const created = state.store.addProject(id, optionalString(input, "name"));
    return { status: created ? 201 : 200, body: state.store.listProjects().find((p) => p.id === id) };
}

function createEnvironment(state: EmulatorState, _: Record<string, string>, body: unknown): Outcome {
    const input = asObject(body ?? {});
    const id = newId(input);
    const created = state.store.addEnvironment(id, requiredString(input, "project_id"), {
        name: optionalString(input, "name"),
        builtIns: optionalBoolean(input, "built_ins"),
    });
    return { status: created ? 201 : 200, body: state.store.listEnvironments().find((e) => e.id === id) };
}

function createService(state: EmulatorState, _: Record<string, string>, body: unknown): Outcome {
    const input = asObject(body ?? {});
    const kind = requiredString(input, "kind");
    if (!SERVICE_KINDS.includes(kind as ServiceKind)) {
        throw new HttpError(400, `kind must be one of ${SERVICE_KINDS.join(", ")}`);
    }
    const id = newId(input);
    const created = state.store.addService(id, kind as ServiceKind, requiredString(input, "environment_id"), {
        name: optionalString(input, "name"),
        builtIns: optionalBoolean(input, "built_ins"),
    });
    return { status: created ? 201 : 200, body: state.store.listServices().find((s) => s.id === id) };
}

const deleted = (found: boolean, what: string): Outcome => {
    if (!found) throw new HttpError(404, `no ${what}`);
    return { status: 204 };
};

export const WORLD_ROUTES: AdminRoute[] = [
    {
        method: "GET",
        path: "/__admin/projects",
        handle: (state) => ({ status: 200, body: state.store.listProjects() }),
    },
    { method: "POST", path: "/__admin/projects", handle: createProject },
    {
        method: "DELETE",
        path: "/__admin/projects/{id}",
        handle: (state, { id }) => deleted(state.store.deleteProject(id as string), `project ${id}`),
    },
    {
        method: "GET",
        path: "/__admin/environments",
        handle: (state) => ({ status: 200, body: state.store.listEnvironments() }),
    },
    { method: "POST", path: "/__admin/environments", handle: createEnvironment },
    {
        method: "DELETE",
        path: "/__admin/environments/{id}",
        handle: (state, { id }) => deleted(state.store.deleteEnvironment(id as string), `environment ${id}`),
    },
    {
        method: "GET",
        path: "/__admin/services",
        handle: (state) => ({ status: 200, body: state.store.listServices() }),
    },
    { method: "POST", path: "/__admin/services", handle: createService },
    {
        method: "DELETE",
        path: "/__admin/services/{id}",
        handle: (state, { id }) => {
            state.deployments.forget(id as string);
            return deleted(state.store.deleteService(id as string), `service ${id}`);
        },
    },
    { method: "GET", path: "/__admin/variables", handle: (state) => ({ status: 200, body: state.store.allRows() }) },
    {
        method: "POST",
        path: "/__admin/variables",
        handle: (state, _, body) => ({ status: 201, body: seedRow(state, body) }),
    },
    {
        method: "DELETE",
        path: "/__admin/variables/{id}",
        handle: (state, { id }) => {
            if (!state.store.row(id as string)) throw new HttpError(404, `no variable ${id}`);
            state.store.remove(id as string);
            return { status: 204 };
        },
    },
    {
        method: "GET",
        path: "/__admin/parents/{id}/variables",
        handle: (state, { id }) => {
            const parent = state.store.parent(id as string);
            if (!parent) throw new HttpError(404, `no project, environment or service ${id}`);
            return { status: 200, body: state.store.listOf(parent) };
        },
    },
    ...(["services", "environments"] as const).flatMap((what): AdminRoute[] => {
        const records = (state: EmulatorState, id: string | undefined): DeploymentRecord[] =>
            (what === "services" ? serviceRecord(state, id) : environmentRecord(state, id)).deployments;
        return [
            {
                method: "GET",
                path: `/__admin/${what}/{id}/deployments`,
                handle: (state, { id }) => ({ status: 200, body: deploymentsOf(records(state, id)) }),
            },
            {
                method: "POST",
                path: `/__admin/${what}/{id}/deployments/next`,
                handle: (state, { id }, body) => {
                    records(state, id);
                    return { status: 201, body: state.deployments.program(id as string, body) };
                },
            },
            {
                method: "GET",
                path: `/__admin/${what}/{id}/deployments/next`,
                handle: (state, { id }) => {
                    records(state, id);
                    return { status: 200, body: state.deployments.pending(id as string) };
                },
            },
        ];
    }),
];
