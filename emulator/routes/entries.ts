// The rules shared by job secrets and job environment variables, which the spec gives the same
// operations (list, create, edit, delete, alias, override) and the same rules:
// - one key per job across secrets and variables, aliases and overrides included (409
//   "Variable already exists: KEY"), except that an override has its parent's key by definition;
// - inherited (PROJECT, ENVIRONMENT, BUILT_IN) entries are listed but cannot be edited or deleted (400);
// - an alias cannot target an alias or an override; an override only targets a PROJECT or ENVIRONMENT
//   VALUE, once per job; an override's key and an alias's value cannot be edited (400);
// - deleting an entry deletes its aliases and overrides.
import { randomUUID } from "node:crypto";
import { HttpError, type Outcome } from "../http";
import type { EmulatorState } from "../state";
import type { StoredJob } from "../store";
import type { JobInfo, StoredSecret } from "../types";
import type { Operation, OperationRequest } from "./family";

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
    entries(job: StoredJob): StoredSecret[];
    /** Stored when a create or an override gives no value. */
    defaultValue: string | null;
    /** Whether PUT may change mount_path (variables: EnvironmentVariableEditRequest has it). */
    mountPathEditable: boolean;
    /** The public view; `parent` is the aliased or overridden entry, if any. */
    view(job: JobInfo, entry: StoredSecret, parent: StoredSecret | undefined): Record<string, unknown>;
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

/** Overrides may only target these scopes (and only plain values). */
const OVERRIDABLE_SCOPES = ["PROJECT", "ENVIRONMENT"];

export function variableType(entry: StoredSecret): string {
    if (entry.variable_type !== undefined) return entry.variable_type;
    if (entry.alias_of !== undefined) return "ALIAS";
    if (entry.override_of !== undefined) return "OVERRIDE";
    if (entry.scope === "BUILT_IN") return "BUILT_IN";
    return entry.mount_path ? "FILE" : "VALUE";
}

/** The entry an alias or override points at (same list). */
export function parentOf(entries: StoredSecret[], entry: StoredSecret): StoredSecret | undefined {
    const parentId = entry.alias_of ?? entry.override_of;
    return parentId === undefined ? undefined : entries.find((e) => e.id === parentId);
}

/** Throws the 409 when another entry of the job, secret or variable, has the key. */
export function assertKeyFree(job: StoredJob, key: string, except: (string | undefined)[] = []): void {
    const taken = [...job.secrets, ...job.variables].some((e) => e.key === key && !except.includes(e.id));
    if (taken) throw new HttpError(409, `Variable already exists: ${key}`);
}

/** Removes an entry and, as Qovery does, its aliases and overrides. */
export function removeWithDependents(entries: StoredSecret[], id: string): void {
    for (let i = entries.length - 1; i >= 0; i--) {
        const e = entries[i] as StoredSecret;
        if (e.id === id || e.alias_of === id || e.override_of === id) entries.splice(i, 1);
    }
}

/** The six operations of a kind under its collection path (e.g. "/job/{jobId}/secret"). */
export function entryOperations(kind: EntryKind, collection: string): Operation[] {
    const one = `${collection}/{${kind.idParam}}`;
    const rules = new EntryRules(kind);
    return [
        { method: "GET", path: collection, body: "none", handle: (r, s) => rules.list(r, s) },
        { method: "POST", path: collection, body: "required", handle: (r, s) => rules.create(r, s) },
        { method: "PUT", path: one, body: "required", handle: (r, s) => rules.edit(r, s) },
        { method: "DELETE", path: one, body: "none", handle: (r, s) => rules.remove(r, s) },
        // The spec does not mark these bodies required; an alias without a key has nothing to be called.
        { method: "POST", path: `${one}/alias`, body: "required", handle: (r, s) => rules.alias(r, s) },
        { method: "POST", path: `${one}/override`, body: "optional", handle: (r, s) => rules.override(r, s) },
    ];
}

class EntryRules {
    constructor(private readonly kind: EntryKind) {}

    list({ job }: OperationRequest, state: EmulatorState): Outcome {
        const entries = this.entries(state, job);
        return { status: 200, body: { results: entries.map((e) => this.view(job, entries, e)) } };
    }

    create({ job, body }: OperationRequest, state: EmulatorState): Outcome {
        const request = body as EntryRequestBody;
        const record = this.record(state, job);
        assertKeyFree(record, request.key);
        const entry = this.newEntry({
            key: request.key,
            value: request.value ?? this.kind.defaultValue,
            mount_path: request.mount_path ?? null,
            description: request.description ?? null,
            enable_interpolation_in_file: request.enable_interpolation_in_file ?? false,
        });
        return this.add(state, job, entry);
    }

    // Absent fields keep their stored value; an explicit null description clears it.
    edit({ job, params, body }: OperationRequest, state: EmulatorState): Outcome {
        const request = body as EntryRequestBody;
        const record = this.record(state, job);
        const entries = this.kind.entries(record);
        const entry = this.findOwn(entries, params[this.kind.idParam] as string, "edit");
        if (entry.override_of !== undefined && request.key !== entry.key) {
            throw new HttpError(400, "For an override, you can't edit the key");
        }
        if (entry.alias_of !== undefined && request.value !== undefined) {
            throw new HttpError(400, "For an alias, you can't edit the value");
        }
        const linked = entry.alias_of !== undefined || entry.override_of !== undefined;
        const mountPath = this.kind.mountPathEditable ? request.mount_path : undefined;
        if (linked && mountPath !== undefined && mountPath !== entry.mount_path) {
            throw new HttpError(400, `An alias or an override has no mount path of its own`);
        }
        // An override keeps its parent's key: that is not a conflict.
        assertKeyFree(record, request.key, [entry.id, entry.override_of]);
        entry.key = request.key;
        if (request.value !== undefined) entry.value = request.value;
        if (mountPath !== undefined) entry.mount_path = mountPath;
        if (request.description !== undefined) entry.description = request.description;
        if (typeof request.enable_interpolation_in_file === "boolean") {
            entry.enable_interpolation_in_file = request.enable_interpolation_in_file;
        }
        entry.updated_at = new Date().toISOString();
        state.store.written(job.id);
        return { status: 200, body: this.view(job, entries, entry) };
    }

    remove({ job, params }: OperationRequest, state: EmulatorState): Outcome {
        const entries = this.entries(state, job);
        const entry = this.findOwn(entries, params[this.kind.idParam] as string, "delete");
        removeWithDependents(entries, entry.id);
        state.store.written(job.id);
        return { status: 204 };
    }

    alias({ job, params, body }: OperationRequest, state: EmulatorState): Outcome {
        const request = body as KeyBody;
        const record = this.record(state, job);
        const parent = this.find(this.kind.entries(record), params[this.kind.idParam] as string);
        if (parent.alias_of !== undefined) throw new HttpError(400, "You can't create an alias on an alias");
        if (parent.override_of !== undefined) throw new HttpError(400, "You can't create an alias on an override");
        assertKeyFree(record, request.key);
        const entry = this.newEntry({
            key: request.key,
            // An alias has no value of its own: it is its parent's value under another key.
            value: null,
            mount_path: null,
            description: request.description ?? null,
            enable_interpolation_in_file: request.enable_interpolation_in_file ?? false,
        });
        entry.alias_of = parent.id;
        return this.add(state, job, entry);
    }

    override({ job, params, body }: OperationRequest, state: EmulatorState): Outcome {
        const request = (body ?? {}) as ValueBody;
        const record = this.record(state, job);
        const entries = this.kind.entries(record);
        const parent = this.find(entries, params[this.kind.idParam] as string);
        if (!OVERRIDABLE_SCOPES.includes(parent.scope) || variableType(parent) !== "VALUE") {
            throw new HttpError(
                400,
                "Can't create an override on a higher scope. Overrides can only be created from one scope to a lower " +
                    `scope. Scope hierarchy is BUILT_IN > PROJECT > ENVIRONMENT > ${this.kind.serviceScope}`,
            );
        }
        if (entries.some((e) => e.override_of === parent.id)) {
            throw new HttpError(400, `Variable already overridden: ${parent.key}`);
        }
        assertKeyFree(record, parent.key, [parent.id]);
        const entry = this.newEntry({
            key: parent.key,
            value: request.value ?? this.kind.defaultValue,
            mount_path: null,
            description: request.description ?? null,
            enable_interpolation_in_file: request.enable_interpolation_in_file ?? false,
        });
        entry.override_of = parent.id;
        return this.add(state, job, entry);
    }

    private record(state: EmulatorState, job: JobInfo): StoredJob {
        const record = state.store.record(job.id);
        // The pipeline looked the job up just before; this only guards against a broken invariant.
        if (!record) throw new HttpError(404, `Job not found: ${job.id}`);
        return record;
    }

    private entries(state: EmulatorState, job: JobInfo): StoredSecret[] {
        return this.kind.entries(this.record(state, job));
    }

    private find(entries: StoredSecret[], id: string): StoredSecret {
        const entry = entries.find((e) => e.id === id);
        if (!entry) throw new HttpError(404, `${this.kind.notFound}: ${id}`);
        return entry;
    }

    /** An entry this job may edit or delete: its own (scope JOB), never an inherited one. */
    private findOwn(entries: StoredSecret[], id: string, action: "edit" | "delete"): StoredSecret {
        const entry = this.find(entries, id);
        if (entry.scope === "BUILT_IN") throw new HttpError(400, `You can't ${action} a BUILT_IN ${this.kind.noun}`);
        if (entry.scope !== "JOB") {
            throw new HttpError(400, `A ${entry.scope} ${this.kind.noun} cannot be changed from the job scope`);
        }
        return entry;
    }

    private newEntry(fields: Omit<StoredSecret, "id" | "scope" | "created_at" | "updated_at">): StoredSecret {
        const now = new Date().toISOString();
        return { id: randomUUID(), ...fields, scope: "JOB", created_at: now, updated_at: now };
    }

    private add(state: EmulatorState, job: JobInfo, entry: StoredSecret): Outcome {
        const entries = this.entries(state, job);
        entries.push(entry);
        state.store.written(job.id);
        return { status: 201, body: this.view(job, entries, entry) };
    }

    private view(job: JobInfo, entries: StoredSecret[], entry: StoredSecret): Record<string, unknown> {
        return this.kind.view(job, entry, parentOf(entries, entry));
    }
}

/** service_id/service_name/service_type: only entries of the job's own scope belong to its service. */
export function serviceFields(job: JobInfo, entry: StoredSecret): Record<string, unknown> {
    return entry.scope === "JOB" ? { service_id: job.id, service_name: job.name, service_type: "JOB" } : {};
}
