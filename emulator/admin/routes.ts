// The server side of the test-only admin API (/__admin): no auth, no rate limit, not in the request log.
// Each route is a table entry; bodies are checked by hand (they are the emulator's own, not Qovery's).
import { randomUUID } from "node:crypto";
import { HttpError, matchTemplate, type Outcome } from "../http";
import { asObject, optionalString, UUID_RE } from "../input";
import type { EmulatorState } from "../state";
import type { SeedSecret, StoredSecret } from "../types";

interface AdminRoute {
    method: "GET" | "POST" | "PUT" | "DELETE";
    /** Template under /__admin; `{placeholders}` match one segment each. */
    path: string;
    handle(state: EmulatorState, params: Record<string, string>, body: unknown): Outcome;
}

const ROUTES: AdminRoute[] = [
    { method: "GET", path: "/__admin/jobs", handle: (state) => ({ status: 200, body: state.store.listJobs() }) },
    { method: "POST", path: "/__admin/jobs", handle: createJob },
    {
        method: "GET",
        path: "/__admin/jobs/{jobId}/secrets",
        handle: (state, { jobId }) => ({ status: 200, body: jobSecrets(state, jobId as string) }),
    },
    {
        method: "POST",
        path: "/__admin/jobs/{jobId}/secrets",
        handle: (state, { jobId }, body) => ({ status: 201, body: seedSecret(state, jobId as string, body) }),
    },
    { method: "GET", path: "/__admin/requests", handle: (state) => ({ status: 200, body: state.recorder.requests() }) },
    {
        method: "DELETE",
        path: "/__admin/requests",
        handle: (state) => {
            state.recorder.clear();
            return { status: 204 };
        },
    },
    { method: "GET", path: "/__admin/stats", handle: (state) => ({ status: 200, body: state.recorder.stats() }) },
    { method: "GET", path: "/__admin/faults", handle: (state) => ({ status: 200, body: state.faults.list() }) },
    {
        method: "POST",
        path: "/__admin/faults",
        handle: (state, _, body) => ({ status: 201, body: state.faults.arm(body) }),
    },
    {
        method: "DELETE",
        path: "/__admin/faults",
        handle: (state) => {
            state.faults.clear();
            return { status: 204 };
        },
    },
    { method: "GET", path: "/__admin/config", handle: (state) => ({ status: 200, body: state.config }) },
    {
        method: "PUT",
        path: "/__admin/config",
        handle: (state, _, body) => ({ status: 200, body: state.configure(asObject(body ?? {})) }),
    },
    {
        method: "POST",
        path: "/__admin/reset",
        handle: (state) => {
            state.reset();
            return { status: 204 };
        },
    },
];

/** Answers one admin call; throws HttpError for bad input and unknown routes. */
export function handleAdmin(state: EmulatorState, method: string, pathname: string, body: unknown): Outcome {
    const path = pathname.replace(/\/+$/, "");
    for (const route of ROUTES) {
        if (route.method !== method) continue;
        const params = matchTemplate(route.path, path);
        if (params) return route.handle(state, params, body);
    }
    throw new HttpError(404, `no admin route ${method} ${path}`);
}

function createJob(state: EmulatorState, _params: Record<string, string>, body: unknown): Outcome {
    const input = asObject(body ?? {});
    const id = optionalString(input, "id") ?? randomUUID();
    if (!UUID_RE.test(id)) throw new HttpError(400, "id must be a uuid (the spec's jobId format)");
    const created = state.store.addJob(id, optionalString(input, "name"));
    return { status: created ? 201 : 200, body: state.store.job(id) };
}

function jobSecrets(state: EmulatorState, jobId: string): StoredSecret[] {
    const secrets = state.store.secrets(jobId);
    if (!secrets) throw new HttpError(404, `no job ${jobId}`);
    return secrets;
}

function seedSecret(state: EmulatorState, jobId: string, body: unknown): StoredSecret {
    const secrets = jobSecrets(state, jobId);
    const input = asObject(body) as Partial<Record<keyof SeedSecret, unknown>>;
    const key = input.key;
    if (typeof key !== "string" || key === "") throw new HttpError(400, "key must be a non-empty string");
    if (secrets.some((s) => s.key === key)) throw new HttpError(409, `Variable already exists: ${key}`);
    const now = new Date().toISOString();
    const secret: StoredSecret = {
        id: optionalString(input, "id") ?? randomUUID(),
        key,
        value: optionalString(input, "value") ?? null,
        mount_path: optionalString(input, "mount_path") ?? null,
        description: optionalString(input, "description") ?? null,
        enable_interpolation_in_file: input.enable_interpolation_in_file === true,
        scope: optionalString(input, "scope") ?? "JOB",
        created_at: now,
        updated_at: now,
    };
    if (!UUID_RE.test(secret.id)) throw new HttpError(400, "id must be a uuid");
    secrets.push(secret);
    state.store.save();
    return secret;
}
