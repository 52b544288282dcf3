// Qovery's bulk import of variables: POST /variable/import?service_id&service_type and
// POST /{application|container|job}/{id}/environmentVariable/import, with the rules of Qovery's docs:
// - an existing plain variable with the same key at the same scope and parent is updated when
//   `overwrite` is true, left alone (and not reported) when false;
// - an existing secret is never overwritten, and a `QOVERY_` name is never imported;
// - anything else that cannot be created (the key held by another row a list would show with it) is
//   skipped: the answer lists only what was imported, with no ids and no reasons.
// The rows made are ordinary rows of the store, seen by /variable and the job routes alike.
import { randomUUID } from "node:crypto";
import { HttpError, type Outcome } from "../http";
import type { EmulatorState } from "../state";
import type { Parent, StoredRow } from "../store";
import { SUBJECTS, subjectOf, type Operation, type OperationRequest, type RouteFamily } from "./family";
import { variableType } from "./rules";

// Shapes guaranteed by the spec's schemas once validation has passed.
interface ImportedVar {
    name: string;
    value: string;
    scope: string;
    is_secret: boolean;
}
interface VariableImportRequest {
    overwrite: boolean;
    vars: ImportedVar[];
}
interface ImportedView {
    name: string;
    value?: string;
    scope: string;
    is_secret: boolean;
}

/** Names Qovery keeps for its built-in variables: an import never makes one. */
const BUILT_IN_PREFIX = "QOVERY_";

const perService = (subject: "APPLICATION" | "CONTAINER" | "JOB"): Operation => ({
    method: "POST",
    path: `/${subject.toLowerCase()}/{${SUBJECTS[subject].param}}/environmentVariable/import`,
    body: "required",
    subject,
    handle: (request, state) => importInto(subjectOf(request), request.body as VariableImportRequest, state),
});

export const importFamily: RouteFamily = {
    name: "variable imports",
    specFile: "variable-import.openapi.yaml",
    operations: [
        {
            method: "POST",
            path: "/variable/import",
            body: "required",
            handle: (request, state) =>
                importInto(serviceOf(request, state), request.body as VariableImportRequest, state),
        },
        perService("APPLICATION"),
        perService("CONTAINER"),
        perService("JOB"),
    ],
};

/** The service `service_id` names: 404 when there is none, 400 when it is of another kind than `service_type`. */
function serviceOf({ query }: OperationRequest, state: EmulatorState): Parent {
    const id = query.get("service_id") as string;
    const type = query.get("service_type") as string;
    const service = state.store.service(id);
    if (!service) {
        const label = type in SUBJECTS ? SUBJECTS[type as keyof typeof SUBJECTS].label : "Agentic workflow";
        throw new HttpError(404, `${label} not found: ${id}`);
    }
    if (service.kind !== type) {
        throw new HttpError(400, `service_type: service ${id} is of type ${service.kind}, not ${type}`);
    }
    return state.store.parent(id) as Parent;
}

/**
 * Where each var goes: its scope is the service's own, its environment's or its project's (what the
 * service's list shows and Qovery's console offers on import); any other scope refuses the whole request.
 */
function holdersOf(service: Parent, vars: ImportedVar[], state: EmulatorState): Parent[] {
    const byScope = new Map<string, Parent | undefined>([
        [service.scope, service],
        ["ENVIRONMENT", service.environmentId === undefined ? undefined : state.store.parent(service.environmentId)],
        ["PROJECT", state.store.parent(service.projectId)],
    ]);
    return vars.map((v, i) => {
        const holder = byScope.get(v.scope);
        if (!holder) {
            throw new HttpError(
                400,
                `vars[${i}].scope: ${v.scope} is not a scope this ${service.scope} imports into ` +
                    `(${service.scope}, ENVIRONMENT or PROJECT)`,
            );
        }
        return holder;
    });
}

function importInto(service: Parent, request: VariableImportRequest, state: EmulatorState): Outcome {
    const holders = holdersOf(service, request.vars, state);
    const written: StoredRow[] = [];
    const imported: ImportedView[] = [];
    request.vars.forEach((v, i) => {
        const row = importOne(state, holders[i] as Parent, v, request.overwrite);
        if (!row) return;
        written.push(row);
        imported.push({
            name: v.name,
            ...(v.is_secret ? {} : { value: v.value }),
            scope: v.scope,
            is_secret: v.is_secret,
        });
    });
    // One write for the whole request: one save, one revision per service that sees a row.
    if (written.length > 0) state.store.written(written);
    return {
        status: 201,
        body: { total_variables_to_import: request.vars.length, successful_imported_variables: imported },
    };
}

/** The row made or updated for one var, or undefined when it is skipped. Vars are taken in order. */
function importOne(state: EmulatorState, holder: Parent, v: ImportedVar, overwrite: boolean): StoredRow | undefined {
    if (v.name.startsWith(BUILT_IN_PREFIX)) return undefined;
    const existing = state.store
        .allRows()
        .find((r) => r.parent_id === holder.id && r.scope === holder.scope && r.key === v.name);
    if (existing) {
        // Only a plain value is overwritten, by a plain value: a secret never, nor a row's secrecy, nor an
        // alias, an override or a file (an import carries no mount path).
        const plain = !existing.is_secret && !v.is_secret && variableType(existing) === "VALUE";
        if (!overwrite || !plain) return undefined;
        existing.value = v.value;
        existing.updated_at = new Date().toISOString();
        return existing;
    }
    try {
        state.store.assertKeyFree(holder, holder.scope, v.name);
    } catch (err) {
        // The key is held by another row a list would show with this one: POST /variable would be a 409.
        if (err instanceof HttpError && err.status === 409) return undefined;
        throw err;
    }
    const now = new Date().toISOString();
    const row: StoredRow = {
        id: randomUUID(),
        key: v.name,
        value: v.value,
        mount_path: null,
        description: null,
        enable_interpolation_in_file: false,
        scope: holder.scope,
        parent_id: holder.id,
        is_secret: v.is_secret,
        created_at: now,
        updated_at: now,
    };
    state.store.addUnrecorded(row);
    return row;
}
