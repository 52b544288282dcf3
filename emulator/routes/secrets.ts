// Job secrets: GET|POST /job/{jobId}/secret, PUT|DELETE /job/{jobId}/secret/{secretId}.
import { randomUUID } from "node:crypto";
import { HttpError, type Outcome } from "../http";
import type { EmulatorState } from "../state";
import type { JobInfo, StoredSecret } from "../types";
import type { OperationRequest, RouteFamily } from "./family";

// Shapes guaranteed by the spec's request schemas once validation has passed.
interface SecretRequestBody {
    key: string;
    value?: string;
    mount_path?: string | null;
    description?: string | null;
    enable_interpolation_in_file?: boolean | null;
}
type SecretEditBody = Omit<SecretRequestBody, "mount_path">;

export const secretsFamily: RouteFamily = {
    name: "job secrets",
    specFile: "job-secrets.openapi.yaml",
    operations: [
        { method: "GET", path: "/job/{jobId}/secret", body: "none", handle: list },
        { method: "POST", path: "/job/{jobId}/secret", body: "required", handle: create },
        { method: "PUT", path: "/job/{jobId}/secret/{secretId}", body: "required", handle: edit },
        { method: "DELETE", path: "/job/{jobId}/secret/{secretId}", body: "none", handle: remove },
    ],
};

function secretsOf(state: EmulatorState, job: JobInfo): StoredSecret[] {
    return state.store.secrets(job.id) ?? [];
}

function list({ job }: OperationRequest, state: EmulatorState): Outcome {
    return { status: 200, body: { results: secretsOf(state, job).map((s) => toPublicSecret(job, s)) } };
}

function create({ job, body }: OperationRequest, state: EmulatorState): Outcome {
    const request = body as SecretRequestBody;
    const secrets = secretsOf(state, job);
    if (secrets.some((s) => s.key === request.key)) throw new HttpError(409, `Variable already exists: ${request.key}`);
    const now = new Date().toISOString();
    const secret: StoredSecret = {
        id: randomUUID(),
        key: request.key,
        value: request.value ?? null,
        mount_path: request.mount_path ?? null,
        description: request.description ?? null,
        enable_interpolation_in_file: request.enable_interpolation_in_file ?? false,
        scope: "JOB",
        created_at: now,
        updated_at: now,
    };
    secrets.push(secret);
    state.store.save();
    return { status: 201, body: toPublicSecret(job, secret) };
}

function findEditable(secrets: StoredSecret[], secretId: string): StoredSecret {
    const secret = secrets.find((s) => s.id === secretId);
    if (!secret) throw new HttpError(404, `Secret not found: ${secretId}`);
    if (secret.scope !== "JOB")
        throw new HttpError(400, `A ${secret.scope} secret cannot be changed from the job scope`);
    return secret;
}

// Absent fields keep their stored value; an explicit null description clears it.
// mount_path is not part of SecretEditRequest, so it can never change here.
function edit({ job, params, body }: OperationRequest, state: EmulatorState): Outcome {
    const request = body as SecretEditBody;
    const secrets = secretsOf(state, job);
    const secret = findEditable(secrets, params.secretId as string);
    if (secrets.some((s) => s.key === request.key && s.id !== secret.id)) {
        throw new HttpError(409, `Variable already exists: ${request.key}`);
    }
    secret.key = request.key;
    if (request.value !== undefined) secret.value = request.value;
    if (request.description !== undefined) secret.description = request.description;
    if (typeof request.enable_interpolation_in_file === "boolean") {
        secret.enable_interpolation_in_file = request.enable_interpolation_in_file;
    }
    secret.updated_at = new Date().toISOString();
    state.store.save();
    return { status: 200, body: toPublicSecret(job, secret) };
}

function remove({ job, params }: OperationRequest, state: EmulatorState): Outcome {
    const secrets = secretsOf(state, job);
    const secret = findEditable(secrets, params.secretId as string);
    secrets.splice(secrets.indexOf(secret), 1);
    state.store.save();
    return { status: 204 };
}

/** The public view of a secret: never the value nor the mount path. */
function toPublicSecret(job: JobInfo, s: StoredSecret): Record<string, unknown> {
    const type = s.scope === "BUILT_IN" ? "BUILT_IN" : s.mount_path ? "FILE" : "VALUE";
    // aliased_secret/overridden_secret are omitted: the spec's refs are not nullable, so null would be invalid.
    return {
        id: s.id,
        created_at: s.created_at,
        updated_at: s.updated_at,
        key: s.key,
        scope: s.scope,
        variable_type: type,
        // Inherited (seeded non-JOB) secrets do not belong to this job's service.
        ...(s.scope === "JOB" ? { service_id: job.id, service_name: job.name, service_type: "JOB" } : {}),
        owned_by: "QOVERY",
        description: s.description,
        enable_interpolation_in_file: s.enable_interpolation_in_file,
    };
}
