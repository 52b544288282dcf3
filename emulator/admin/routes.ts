// The server side of the test-only admin API (/__admin): no auth, no rate limit, not in the request log.
// Each route is a table entry; bodies are checked by hand (they are the emulator's own, not Qovery's).
import { randomUUID } from "node:crypto";
import { phaseAt } from "../deployments";
import { HttpError, matchTemplate, type Outcome } from "../http";
import { asObject, optionalString, UUID_RE } from "../input";
import { assertKeyFree, removeWithDependents } from "../routes/entries";
import type { EmulatorState } from "../state";
import type { StoredJob } from "../store";
import type { DeploymentRecord, SeedSecret, StoredSecret } from "../types";

/** Which list of a job an /__admin/jobs/{jobId}/<list> call reaches. */
const LISTS = {
    secrets: { entries: (job: StoredJob) => job.secrets, defaultValue: null },
    // EnvironmentVariable.value is a string: a variable seeded without one holds "".
    variables: { entries: (job: StoredJob) => job.variables, defaultValue: "" },
} as const;
type ListName = keyof typeof LISTS;

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
        method: "DELETE",
        path: "/__admin/jobs/{jobId}",
        handle: (state, { jobId }) => {
            if (!state.store.deleteJob(jobId as string)) throw new HttpError(404, `no job ${jobId}`);
            state.deployments.forget(jobId as string);
            return { status: 204 };
        },
    },
    ...(Object.keys(LISTS) as ListName[]).flatMap((list): AdminRoute[] => [
        {
            method: "GET",
            path: `/__admin/jobs/{jobId}/${list}`,
            handle: (state, { jobId }) => ({ status: 200, body: LISTS[list].entries(jobRecord(state, jobId)) }),
        },
        {
            method: "POST",
            path: `/__admin/jobs/{jobId}/${list}`,
            handle: (state, { jobId }, body) => ({ status: 201, body: seed(state, list, jobId as string, body) }),
        },
        {
            method: "DELETE",
            path: `/__admin/jobs/{jobId}/${list}/{id}`,
            handle: (state, { jobId, id }) => {
                const job = jobRecord(state, jobId);
                const entries = LISTS[list].entries(job);
                if (!entries.some((e) => e.id === id))
                    throw new HttpError(404, `no ${list} entry ${id} in job ${jobId}`);
                removeWithDependents(entries, id as string);
                state.store.written(job.id);
                return { status: 204 };
            },
        },
    ]),
    {
        method: "GET",
        path: "/__admin/jobs/{jobId}/deployments",
        handle: (state, { jobId }) => ({ status: 200, body: deploymentsOf(state, jobId) }),
    },
    {
        method: "POST",
        path: "/__admin/jobs/{jobId}/deployments/next",
        handle: (state, { jobId }, body) => {
            const job = jobRecord(state, jobId);
            return { status: 201, body: state.deployments.program(job.id, body) };
        },
    },
    {
        method: "GET",
        path: "/__admin/jobs/{jobId}/deployments/next",
        handle: (state, { jobId }) => ({ status: 200, body: state.deployments.pending(jobRecord(state, jobId).id) }),
    },
    {
        method: "GET",
        path: "/__admin/deployment-timing",
        handle: (state) => ({ status: 200, body: state.deployments.timing }),
    },
    {
        method: "PUT",
        path: "/__admin/deployment-timing",
        handle: (state, _, body) => ({ status: 200, body: state.deployments.configure(body) }),
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
    {
        method: "GET",
        path: "/__admin/stats/operations",
        handle: (state) => ({ status: 200, body: state.recorder.operationStats() }),
    },
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

/** The job's deployments, oldest first, each with its phase now. */
function deploymentsOf(state: EmulatorState, jobId: string | undefined): (DeploymentRecord & { phase: string })[] {
    const now = Date.now();
    return jobRecord(state, jobId).deployments.map((d) => ({ ...d, phase: phaseAt(d, now) }));
}

function jobRecord(state: EmulatorState, jobId: string | undefined): StoredJob {
    const job = state.store.record(jobId as string);
    if (!job) throw new HttpError(404, `no job ${jobId}`);
    return job;
}

/** Puts an entry straight into a job's list, e.g. an inherited PROJECT secret; same key rule as the API. */
function seed(state: EmulatorState, list: ListName, jobId: string, body: unknown): StoredSecret {
    const job = jobRecord(state, jobId);
    const input = asObject(body) as Partial<Record<keyof SeedSecret, unknown>>;
    const key = input.key;
    if (typeof key !== "string" || key === "") throw new HttpError(400, "key must be a non-empty string");
    assertKeyFree(job, key);
    const scope = optionalString(input, "scope") ?? "JOB";
    const scopes = state.contract.enumValues("APIVariableScopeEnum");
    if (!scopes.includes(scope)) throw new HttpError(400, `scope must be one of ${scopes.join(", ")}`);
    const variableType = optionalString(input, "variable_type");
    const types = state.contract.enumValues("APIVariableTypeEnum");
    if (variableType !== undefined && !types.includes(variableType)) {
        throw new HttpError(400, `variable_type must be one of ${types.join(", ")}`);
    }
    const ownedBy = optionalString(input, "owned_by");
    const now = new Date().toISOString();
    const entry: StoredSecret = {
        id: optionalString(input, "id") ?? randomUUID(),
        key,
        value: optionalString(input, "value") ?? LISTS[list].defaultValue,
        mount_path: optionalString(input, "mount_path") ?? null,
        description: optionalString(input, "description") ?? null,
        enable_interpolation_in_file: input.enable_interpolation_in_file === true,
        scope,
        created_at: now,
        updated_at: now,
        ...(variableType === undefined ? {} : { variable_type: variableType }),
        ...(ownedBy === undefined ? {} : { owned_by: ownedBy }),
    };
    if (!UUID_RE.test(entry.id)) throw new HttpError(400, "id must be a uuid");
    if ([...job.secrets, ...job.variables].some((e) => e.id === entry.id)) {
        throw new HttpError(409, `id ${entry.id} is taken in job ${jobId}`);
    }
    LISTS[list].entries(job).push(entry);
    state.store.written(job.id);
    return entry;
}
