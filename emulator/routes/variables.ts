// Job environment variables: GET|POST /job/{jobId}/environmentVariable,
// PUT|DELETE /job/{jobId}/environmentVariable/{environmentVariableId}, and POST .../alias and .../override.
// Unlike secrets, their value and mount path are returned, and PUT may change the mount path.
// The rules are in entries.ts.
import type { EmulatorState } from "../state";
import type { StoredVariable } from "../types";
import { entryOperations, serviceFields, variableType, type EntryKind } from "./entries";
import type { RouteFamily } from "./family";

const variables: EntryKind = {
    noun: "variable",
    notFound: "Environment variable not found",
    idParam: "environmentVariableId",
    serviceScope: "CONTAINER",
    secret: false,
    // EnvironmentVariable.value is a string (not nullable): a variable made without one holds "".
    defaultValue: "",
    mountPathEditable: true,
    view: toPublicVariable,
};

export const variablesFamily: RouteFamily = {
    name: "job environment variables",
    specFile: "job-variables.openapi.yaml",
    operations: entryOperations(variables, "/job/{jobId}/environmentVariable"),
};

/** The public view of a variable (`EnvironmentVariable`); an alias shows its parent's value. */
function toPublicVariable(
    state: EmulatorState,
    v: StoredVariable,
    parent: StoredVariable | undefined,
): Record<string, unknown> {
    const link = parent && (v.alias_of !== undefined ? "aliased_variable" : "overridden_variable");
    const value = v.alias_of !== undefined ? parent?.value : v.value;
    return {
        id: v.id,
        created_at: v.created_at,
        updated_at: v.updated_at,
        key: v.key,
        value: value ?? "",
        mount_path: v.mount_path,
        description: v.description,
        enable_interpolation_in_file: v.enable_interpolation_in_file,
        scope: v.scope,
        variable_type: variableType(v),
        ...(link && parent ? { [link]: linkedVariable(parent) } : {}),
        ...serviceFields(state, v),
        owned_by: v.owned_by ?? "QOVERY",
    };
}

/** `EnvironmentVariableAlias` / `EnvironmentVariableOverride`: value and mount path required as strings. */
function linkedVariable(p: StoredVariable): Record<string, unknown> {
    return {
        id: p.id,
        key: p.key,
        value: p.value ?? "",
        mount_path: p.mount_path ?? "",
        scope: p.scope,
        variable_type: variableType(p),
    };
}
