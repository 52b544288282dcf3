// Qovery's unified variable API ("Variable Main Calls"): GET /variable?parent_id&scope[&is_secret],
// POST /variable, PUT|DELETE /variable/{variableId}, POST /variable/{variableId}/alias and .../override,
// over the same rows as the job routes (a job's row made by either API is seen by both, same id).
import { randomUUID } from "node:crypto";
import { HttpError, type Outcome } from "../http";
import type { EmulatorState } from "../state";
import type { Parent, StoredRow } from "../store";
import { serviceFields } from "./entries";
import type { Operation, OperationRequest, RouteFamily } from "./family";
import { assertAliasable, assertCanEdit, assertOverridable, overrideBlocked, variableType } from "./rules";

// The spec's 400 texts of createVariableAlias and createVariableOverride, verbatim.
const ALIAS_400 =
    "Can't create an alias on a higher scope. Aliases can only be created from one scope to a lower scope. " +
    "Scope hierarchy is ORGANIZATION > PROJECT > ENVIRONMENT > CONTAINER";
const OVERRIDE_400 =
    "Can't create an override on a higher scope. Overrides can only be created from one scope to a lower scope. " +
    "Scope hierarchy is ORGANIZATION > PROJECT > ENVIRONMENT > APPLICATION";

/** The 404 text of a parent per scope. */
const PARENT_LABELS: Record<string, string> = {
    PROJECT: "Project",
    ENVIRONMENT: "Environment",
    APPLICATION: "Application",
    CONTAINER: "Container",
    JOB: "Job",
    HELM: "Helm",
    TERRAFORM: "Terraform",
    AGENTIC_WORKFLOW: "Agentic workflow",
};

// Shapes guaranteed by the spec's request schemas once validation has passed.
interface VariableRequest {
    key: string;
    value: string;
    mount_path?: string | null;
    is_secret: boolean;
    variable_scope: string;
    variable_parent_id: string;
    description?: string | null;
    enable_interpolation_in_file?: boolean | null;
    secret_manager_access_id?: string | null;
}
interface VariableEditRequest {
    key: string;
    value?: string | null;
    description?: string | null;
    enable_interpolation_in_file?: boolean | null;
    secret_manager_access_id?: string | null;
}
interface VariableAliasRequest {
    key: string;
    alias_scope: string;
    alias_parent_id: string;
    description?: string | null;
    enable_interpolation_in_file?: boolean | null;
}
interface VariableOverrideRequest {
    value: string;
    override_scope: string;
    override_parent_id: string;
    description?: string | null;
    enable_interpolation_in_file?: boolean | null;
}

export const unifiedFamily: RouteFamily = {
    name: "variables (all scopes)",
    specFile: "variables.openapi.yaml",
    operations: [
        { method: "GET", path: "/variable", body: "none", handle: list },
        { method: "POST", path: "/variable", body: "required", handle: create },
        { method: "PUT", path: "/variable/{variableId}", body: "required", handle: edit },
        { method: "DELETE", path: "/variable/{variableId}", body: "none", handle: remove },
        { method: "POST", path: "/variable/{variableId}/alias", body: "required", handle: alias },
        { method: "POST", path: "/variable/{variableId}/override", body: "required", handle: override },
    ] satisfies Operation[],
};

/**
 * The project, environment or service `id` names under `scope` (the body or query field `field`): 404 when
 * there is none of that kind; BUILT_IN is nobody's scope (400).
 */
function parentFor(state: EmulatorState, scope: string, id: string, field: string): Parent {
    if (scope === "BUILT_IN") throw new HttpError(400, `${field}: BUILT_IN is not the scope of a parent`);
    const parent = state.store.parent(id);
    if (!parent || parent.scope !== scope)
        throw new HttpError(404, `${PARENT_LABELS[scope] ?? scope} not found: ${id}`);
    return parent;
}

function find(state: EmulatorState, id: string): StoredRow {
    const row = state.store.row(id);
    if (!row) throw new HttpError(404, `Variable not found: ${id}`);
    return row;
}

function list({ query }: OperationRequest, state: EmulatorState): Outcome {
    const parent = parentFor(state, query.get("scope") as string, query.get("parent_id") as string, "scope");
    const isSecret = query.get("is_secret");
    const rows = state.store.listOf(parent).filter((r) => isSecret === null || r.is_secret === (isSecret === "true"));
    return { status: 200, body: { results: rows.map((r) => view(state, r)) } };
}

function create({ body }: OperationRequest, state: EmulatorState): Outcome {
    const request = body as VariableRequest;
    if (request.variable_scope === "BUILT_IN")
        throw new HttpError(400, "variable_scope: You can't create a BUILT_IN variable");
    if (request.secret_manager_access_id != null) {
        throw new HttpError(400, "secret_manager_access_id: external secrets are not emulated");
    }
    const parent = parentFor(state, request.variable_scope, request.variable_parent_id, "variable_scope");
    state.store.assertKeyFree(parent, parent.scope, request.key);
    const row = newRow(parent, request.is_secret, {
        key: request.key,
        value: request.value,
        mount_path: request.mount_path ?? null,
        description: request.description ?? null,
        enable_interpolation_in_file: request.enable_interpolation_in_file ?? false,
    });
    state.store.add(row);
    return { status: 201, body: view(state, row) };
}

// Absent (or null) value keeps the stored one; description: null clears it; mount_path is not editable here.
function edit({ params, body }: OperationRequest, state: EmulatorState): Outcome {
    const request = body as VariableEditRequest;
    const row = find(state, params.variableId as string);
    if (row.scope === "BUILT_IN") throw new HttpError(400, "You can't edit a BUILT_IN variable");
    if (request.secret_manager_access_id != null) {
        throw new HttpError(400, "secret_manager_access_id: external secrets are not emulated");
    }
    assertCanEdit(row, request.key, request.value ?? undefined);
    const holder = state.store.parent(row.parent_id);
    if (!holder) throw new HttpError(404, `Variable not found: ${row.id}`);
    const target = row.override_of === undefined ? undefined : state.store.row(row.override_of);
    // An override shares its target's key, so neither an override's edit nor its target's meets it.
    state.store.assertKeyFree(holder, row.scope, request.key, [row.id, ...state.store.overrideFamily(target ?? row)]);
    row.key = request.key;
    if (typeof request.value === "string") row.value = request.value;
    if (request.description !== undefined) row.description = request.description;
    if (typeof request.enable_interpolation_in_file === "boolean") {
        row.enable_interpolation_in_file = request.enable_interpolation_in_file;
    }
    row.updated_at = new Date().toISOString();
    state.store.written([row]);
    return { status: 200, body: view(state, row) };
}

function remove({ params }: OperationRequest, state: EmulatorState): Outcome {
    const row = find(state, params.variableId as string);
    if (row.scope === "BUILT_IN") throw new HttpError(400, "You can't delete a BUILT_IN variable");
    state.store.remove(row.id);
    return { status: 204 };
}

function alias({ params, body }: OperationRequest, state: EmulatorState): Outcome {
    const request = body as VariableAliasRequest;
    const target = find(state, params.variableId as string);
    const holder = parentFor(state, request.alias_scope, request.alias_parent_id, "alias_scope");
    assertAliasable(state.store, target, holder, ALIAS_400);
    state.store.assertKeyFree(holder, holder.scope, request.key);
    const row = newRow(holder, target.is_secret, {
        key: request.key,
        // An alias has no value of its own: it is its target's value under another key.
        value: null,
        mount_path: null,
        description: request.description ?? null,
        enable_interpolation_in_file: request.enable_interpolation_in_file ?? false,
    });
    row.alias_of = target.id;
    state.store.add(row);
    return { status: 201, body: view(state, row) };
}

function override({ params, body }: OperationRequest, state: EmulatorState): Outcome {
    const request = body as VariableOverrideRequest;
    const target = find(state, params.variableId as string);
    const holder = parentFor(state, request.override_scope, request.override_parent_id, "override_scope");
    assertOverridable(state.store, target, holder, OVERRIDE_400);
    overrideBlocked(state.store, target, holder);
    state.store.assertKeyFree(holder, holder.scope, target.key, state.store.overrideFamily(target));
    const row = newRow(holder, target.is_secret, {
        key: target.key,
        value: request.value,
        mount_path: null,
        description: request.description ?? null,
        enable_interpolation_in_file: request.enable_interpolation_in_file ?? false,
    });
    row.override_of = target.id;
    state.store.add(row);
    return { status: 201, body: view(state, row) };
}

function newRow(
    holder: Parent,
    isSecret: boolean,
    fields: Pick<StoredRow, "key" | "value" | "mount_path" | "description" | "enable_interpolation_in_file">,
): StoredRow {
    const now = new Date().toISOString();
    return {
        id: randomUUID(),
        ...fields,
        scope: holder.scope,
        parent_id: holder.id,
        is_secret: isSecret,
        created_at: now,
        updated_at: now,
    };
}

/** `VariableResponse`: a secret's value is null; a variable alias shows its target's value. */
function view(state: EmulatorState, row: StoredRow): Record<string, unknown> {
    const targetId = row.alias_of ?? row.override_of;
    const target = targetId === undefined ? undefined : state.store.row(targetId);
    const link = target && (row.alias_of !== undefined ? "aliased_variable" : "overridden_variable");
    const value = row.is_secret ? null : row.alias_of !== undefined ? (target?.value ?? "") : row.value;
    return {
        id: row.id,
        created_at: row.created_at,
        updated_at: row.updated_at,
        key: row.key,
        value,
        mount_path: row.mount_path,
        ...(link && target ? { [link]: linked(target) } : {}),
        scope: row.scope,
        variable_type: variableType(row),
        ...serviceFields(state, row),
        owned_by: row.owned_by ?? "QOVERY",
        is_secret: row.is_secret,
        // VariableResponse.description is a string, not nullable: absent when there is none.
        ...(row.description === null ? {} : { description: row.description }),
        enable_interpolation_in_file: row.enable_interpolation_in_file,
    };
}

/** `VariableAlias` / `VariableOverride`: mount_path required as a string; a secret's value is null. */
function linked(target: StoredRow): Record<string, unknown> {
    return {
        id: target.id,
        key: target.key,
        value: target.is_secret ? null : target.value,
        mount_path: target.mount_path ?? "",
        scope: target.scope,
        variable_type: variableType(target),
    };
}
