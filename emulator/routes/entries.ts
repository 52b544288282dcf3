// The rules shared by job secrets and job environment variables, which the spec gives the same
// operations (list, create, edit, delete, alias, override) and the same rules. They read and write the
// world's one table of rows (store.ts), which the /variable routes share (rules.ts holds what both use):
// - every list stays free of duplicate keys across secrets and variables (409 "Variable already exists:
//   KEY"), except that an override has its target's key by definition;
// - inherited (PROJECT, ENVIRONMENT, BUILT_IN) rows are listed but cannot be edited or deleted from the job (400);
// - an alias cannot target an alias or an override; an override only targets a PROJECT or ENVIRONMENT
//   VALUE, once per job; an override's key and an alias's value cannot be edited (400);
// - deleting a row deletes its aliases and overrides, wherever they are.
import { randomUUID } from "node:crypto";
import { HttpError, type Outcome } from "../http";
import type { EmulatorState } from "../state";
import type { Parent, StoredRow } from "../store";
import type { StoredSecret } from "../types";
import { subjectOf, type Operation, type OperationRequest } from "./family";
import { assertAliasable, assertCanEdit, assertOverridable, overrideBlocked } from "./rules";

export { variableType } from "./rules";

/** What differs between secrets and variables. */
export interface EntryKind {
    /** In messages: "secret" or "variable". */
    noun: string;
    /** 404 message prefix, e.g. "Secret not found". */
    notFound: string;
    /** The path parameter naming one entry. */
    idParam: string;
    /** The last scope of the hierarchy in the spec's override 400 (APPLICATION for secrets, CONTAINER for variables). */
    serviceScope: string;
    /** Which rows of the table are this kind's. */
    secret: boolean;
    /** Stored when a create or an override gives no value. */
    defaultValue: string | null;
    /** Whether PUT may change mount_path (variables: EnvironmentVariableEditRequest has it). */
    mountPathEditable: boolean;
    /** The public view; `parent` is the aliased or overridden entry, if any. */
    view(state: EmulatorState, entry: StoredSecret, parent: StoredSecret | undefined): Record<string, unknown>;
}

// Shapes guaranteed by the spec's request schemas once validation has passed.
interface EntryRequestBody {
    key: string;
    value?: string;
    mount_path?: string | null;
    description?: string | null;
    enable_interpolation_in_file?: boolean | null;
}
type KeyBody = Pick<EntryRequestBody, "key" | "description" | "enable_interpolation_in_file">;
type ValueBody = Pick<EntryRequestBody, "value" | "description" | "enable_interpolation_in_file">;

/** The six operations of a kind under its collection path (e.g. "/job/{jobId}/secret"). */
export function entryOperations(kind: EntryKind, collection: string): Operation[] {
    const one = `${collection}/{${kind.idParam}}`;
    const rules = new EntryRules(kind);
    const op = (
        method: Operation["method"],
        path: string,
        body: Operation["body"],
        handle: Operation["handle"],
    ): Operation => ({ method, path, body, subject: "JOB", handle });
    return [
        op("GET", collection, "none", (r, s) => rules.list(r, s)),
        op("POST", collection, "required", (r, s) => rules.create(r, s)),
        op("PUT", one, "required", (r, s) => rules.edit(r, s)),
        op("DELETE", one, "none", (r, s) => rules.remove(r, s)),
        // The spec does not mark these bodies required; an alias without a key has nothing to be called.
        op("POST", `${one}/alias`, "required", (r, s) => rules.alias(r, s)),
        op("POST", `${one}/override`, "optional", (r, s) => rules.override(r, s)),
    ];
}

class EntryRules {
    constructor(private readonly kind: EntryKind) {}

    list(request: OperationRequest, state: EmulatorState): Outcome {
        const entries = this.entries(state, subjectOf(request));
        return { status: 200, body: { results: entries.map((e) => this.view(state, e)) } };
    }

    create(request: OperationRequest, state: EmulatorState): Outcome {
        const job = subjectOf(request);
        const body = request.body as EntryRequestBody;
        state.store.assertKeyFree(job, job.scope, body.key);
        const entry = this.newEntry(job, {
            key: body.key,
            value: body.value ?? this.kind.defaultValue,
            mount_path: body.mount_path ?? null,
            description: body.description ?? null,
            enable_interpolation_in_file: body.enable_interpolation_in_file ?? false,
        });
        return this.add(state, entry);
    }

    // Absent fields keep their stored value; an explicit null description clears it.
    edit(request: OperationRequest, state: EmulatorState): Outcome {
        const job = subjectOf(request);
        const body = request.body as EntryRequestBody;
        const entry = this.findOwn(state, job, request.params[this.kind.idParam] as string, "edit");
        assertCanEdit(entry, body.key, body.value);
        const linked = entry.alias_of !== undefined || entry.override_of !== undefined;
        const mountPath = this.kind.mountPathEditable ? body.mount_path : undefined;
        if (linked && mountPath !== undefined && mountPath !== entry.mount_path) {
            throw new HttpError(400, `An alias or an override has no mount path of its own`);
        }
        const target = entry.override_of === undefined ? undefined : state.store.row(entry.override_of);
        // An override keeps its target's key: that is not a conflict.
        state.store.assertKeyFree(job, entry.scope, body.key, [
            entry.id,
            ...(target ? state.store.overrideFamily(target) : []),
        ]);
        entry.key = body.key;
        if (body.value !== undefined) entry.value = body.value;
        if (mountPath !== undefined) entry.mount_path = mountPath;
        if (body.description !== undefined) entry.description = body.description;
        if (typeof body.enable_interpolation_in_file === "boolean") {
            entry.enable_interpolation_in_file = body.enable_interpolation_in_file;
        }
        entry.updated_at = new Date().toISOString();
        state.store.written([entry]);
        return { status: 200, body: this.view(state, entry) };
    }

    remove(request: OperationRequest, state: EmulatorState): Outcome {
        const job = subjectOf(request);
        const entry = this.findOwn(state, job, request.params[this.kind.idParam] as string, "delete");
        state.store.remove(entry.id);
        return { status: 204 };
    }

    alias(request: OperationRequest, state: EmulatorState): Outcome {
        const job = subjectOf(request);
        const body = request.body as KeyBody;
        const target = this.find(state, job, request.params[this.kind.idParam] as string);
        // Found in the job's list, so the job sees it.
        assertAliasable(state.store, target, job, "");
        state.store.assertKeyFree(job, job.scope, body.key);
        const entry = this.newEntry(job, {
            key: body.key,
            // An alias has no value of its own: it is its target's value under another key.
            value: null,
            mount_path: null,
            description: body.description ?? null,
            enable_interpolation_in_file: body.enable_interpolation_in_file ?? false,
        });
        entry.alias_of = target.id;
        return this.add(state, entry);
    }

    override(request: OperationRequest, state: EmulatorState): Outcome {
        const job = subjectOf(request);
        const body = (request.body ?? {}) as ValueBody;
        const target = this.find(state, job, request.params[this.kind.idParam] as string);
        assertOverridable(
            state.store,
            target,
            job,
            "Can't create an override on a higher scope. Overrides can only be created from one scope to a lower " +
                `scope. Scope hierarchy is BUILT_IN > PROJECT > ENVIRONMENT > ${this.kind.serviceScope}`,
        );
        overrideBlocked(state.store, target, job);
        state.store.assertKeyFree(job, job.scope, target.key, state.store.overrideFamily(target));
        const entry = this.newEntry(job, {
            key: target.key,
            value: body.value ?? this.kind.defaultValue,
            mount_path: null,
            description: body.description ?? null,
            enable_interpolation_in_file: body.enable_interpolation_in_file ?? false,
        });
        entry.override_of = target.id;
        return this.add(state, entry);
    }

    /** The job's list of this kind: its own rows and what it inherits. */
    private entries(state: EmulatorState, job: Parent): StoredRow[] {
        return state.store.listOf(job).filter((r) => r.is_secret === this.kind.secret);
    }

    private find(state: EmulatorState, job: Parent, id: string): StoredRow {
        const entry = this.entries(state, job).find((e) => e.id === id);
        if (!entry) throw new HttpError(404, `${this.kind.notFound}: ${id}`);
        return entry;
    }

    /** An entry this job may edit or delete: its own (scope JOB), never an inherited one. */
    private findOwn(state: EmulatorState, job: Parent, id: string, action: "edit" | "delete"): StoredRow {
        const entry = this.find(state, job, id);
        if (entry.scope === "BUILT_IN") throw new HttpError(400, `You can't ${action} a BUILT_IN ${this.kind.noun}`);
        if (entry.parent_id !== job.id) {
            throw new HttpError(400, `A ${entry.scope} ${this.kind.noun} cannot be changed from the job scope`);
        }
        return entry;
    }

    private newEntry(
        job: Parent,
        fields: Omit<StoredRow, "id" | "scope" | "parent_id" | "is_secret" | "created_at" | "updated_at">,
    ): StoredRow {
        const now = new Date().toISOString();
        return {
            id: randomUUID(),
            ...fields,
            scope: job.scope,
            parent_id: job.id,
            is_secret: this.kind.secret,
            created_at: now,
            updated_at: now,
        };
    }

    private add(state: EmulatorState, entry: StoredRow): Outcome {
        state.store.add(entry);
        return { status: 201, body: this.view(state, entry) };
    }

    private view(state: EmulatorState, entry: StoredRow): Record<string, unknown> {
        const targetId = entry.alias_of ?? entry.override_of;
        return this.kind.view(state, entry, targetId === undefined ? undefined : state.store.row(targetId));
    }
}

/** service_id/service_name/service_type: only rows of a service's own scope belong to a service. */
export function serviceFields(state: EmulatorState, entry: StoredSecret): Record<string, unknown> {
    const service = state.store.service(entry.parent_id);
    if (!service || entry.scope !== service.kind) return {};
    return { service_id: service.id, service_name: service.name, service_type: service.kind };
}
