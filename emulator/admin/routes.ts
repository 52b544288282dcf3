// The server side of the test-only admin API (/__admin): no auth, no rate limit, not in the request log.
// Each route is a table entry; bodies are checked by hand (they are the emulator's own, not Qovery's).
import { randomUUID } from "node:crypto";
import { HttpError, matchTemplate, type Outcome } from "../http";
import { asObject, optionalBoolean, optionalString, UUID_RE } from "../input";
import type { EmulatorState } from "../state";
import type { Parent, StoredService } from "../store";
import type { StoredSecret } from "../types";
import { checkEnum, deploymentsOf, seedRow, WORLD_ROUTES, type AdminRoute } from "./world";

/** Which rows of a job's list an /__admin/jobs/{jobId}/<list> call reaches. */
const LISTS = {
    secrets: { secret: true },
    // A variable seeded without a value holds "" (EnvironmentVariable.value is a string): seedRow sees to it.
    variables: { secret: false },
} as const;
type ListName = keyof typeof LISTS;

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
            handle: (state, { jobId }) => ({ status: 200, body: jobList(state, jobId, list) }),
        },
        {
            method: "POST",
            path: `/__admin/jobs/{jobId}/${list}`,
            handle: (state, { jobId }, body) => ({ status: 201, body: seedIntoJob(state, list, jobId, body) }),
        },
        {
            method: "DELETE",
            path: `/__admin/jobs/{jobId}/${list}/{id}`,
            handle: (state, { jobId, id }) => {
                if (!jobList(state, jobId, list).some((e) => e.id === id)) {
                    throw new HttpError(404, `no ${list} entry ${id} in job ${jobId}`);
                }
                state.store.remove(id as string);
                return { status: 204 };
            },
        },
    ]),
    {
        method: "GET",
        path: "/__admin/jobs/{jobId}/deployments",
        handle: (state, { jobId }) => ({ status: 200, body: deploymentsOf(jobRecord(state, jobId).deployments) }),
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
    ...WORLD_ROUTES,
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
    const created = state.store.addJob(
        id,
        optionalString(input, "name"),
        optionalString(input, "environment_id"),
        optionalBoolean(input, "built_ins"),
    );
    return { status: created ? 201 : 200, body: state.store.job(id) };
}

function jobRecord(state: EmulatorState, jobId: string | undefined): StoredService {
    const job = state.store.service(jobId as string, "JOB");
    if (!job) throw new HttpError(404, `no job ${jobId}`);
    return job;
}

/** The job's list (its own rows and what it inherits) of secrets or of variables, values included. */
function jobList(state: EmulatorState, jobId: string | undefined, list: ListName): StoredSecret[] {
    const job = state.store.parent(jobRecord(state, jobId).id) as Parent;
    return state.store.listOf(job).filter((r) => r.is_secret === LISTS[list].secret);
}

/**
 * Puts a row into a job's list, e.g. an inherited PROJECT secret: JOB and BUILT_IN rows are the job's,
 * PROJECT and ENVIRONMENT ones its project's and environment's (seen by every service below them).
 */
function seedIntoJob(state: EmulatorState, list: ListName, jobId: string | undefined, body: unknown): StoredSecret {
    const job = jobRecord(state, jobId);
    const input = asObject(body);
    const scope = optionalString(input, "scope") ?? "JOB";
    checkEnum(state, "APIVariableScopeEnum", "scope", scope);
    const env = state.store.environment(job.environment_id);
    const holder =
        scope === "JOB" || scope === "BUILT_IN"
            ? job.id
            : scope === "ENVIRONMENT"
              ? env?.id
              : scope === "PROJECT"
                ? env?.project_id
                : undefined;
    if (holder === undefined) {
        throw new HttpError(400, `a job's list holds JOB, BUILT_IN, ENVIRONMENT or PROJECT rows, not ${scope}`);
    }
    return seedRow(state, { ...input, scope, parent_id: holder, is_secret: LISTS[list].secret });
}
