// Job secrets: GET|POST /job/{jobId}/secret, PUT|DELETE /job/{jobId}/secret/{secretId}, and
// POST .../{secretId}/alias and .../{secretId}/override. The rules are in entries.ts.
import type { EmulatorState } from "../state";
import type { StoredSecret } from "../types";
import { entryOperations, serviceFields, variableType, type EntryKind } from "./entries";
import type { RouteFamily } from "./family";

const secrets: EntryKind = {
    noun: "secret",
    notFound: "Secret not found",
    idParam: "secretId",
    serviceScope: "APPLICATION",
    secret: true,
    defaultValue: null,
    mountPathEditable: false,
    view: toPublicSecret,
};

export const secretsFamily: RouteFamily = {
    name: "job secrets",
    specFile: "job-secrets.openapi.yaml",
    operations: entryOperations(secrets, "/job/{jobId}/secret"),
};

/** The public view of a secret (`Secret`): never the value nor the mount path. */
function toPublicSecret(
    state: EmulatorState,
    s: StoredSecret,
    parent: StoredSecret | undefined,
): Record<string, unknown> {
    // aliased_secret/overridden_secret are omitted when there is none: the spec's refs are not nullable.
    const link = parent && (s.alias_of !== undefined ? "aliased_secret" : "overridden_secret");
    return {
        id: s.id,
        created_at: s.created_at,
        updated_at: s.updated_at,
        key: s.key,
        scope: s.scope,
        variable_type: variableType(s),
        ...(link && parent ? { [link]: linkedSecret(parent) } : {}),
        ...serviceFields(state, s),
        owned_by: s.owned_by ?? "QOVERY",
        description: s.description,
        enable_interpolation_in_file: s.enable_interpolation_in_file,
    };
}

/** `SecretAlias` / `SecretOverride`: no value, but a mount path, which the spec requires as a string. */
function linkedSecret(p: StoredSecret): Record<string, unknown> {
    return {
        id: p.id,
        key: p.key,
        mount_path: p.mount_path ?? "",
        scope: p.scope,
        variable_type: variableType(p),
        description: p.description,
        enable_interpolation_in_file: p.enable_interpolation_in_file,
    };
}
