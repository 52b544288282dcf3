// Job deployments: POST /job/{jobId}/deploy, POST /job/{jobId}/redeploy, GET /job/{jobId}/status.
// The state machine is in deployments.ts.
import { jobStatus } from "../deployments";
import { HttpError, type Outcome } from "../http";
import type { EmulatorState } from "../state";
import type { StoredJob } from "../store";
import type { DeploymentRecord, JobInfo } from "../types";
import type { OperationRequest, RouteFamily } from "./family";

export const deploymentsFamily: RouteFamily = {
    name: "job deployments",
    specFile: "job-deployments.openapi.yaml",
    operations: [
        { method: "POST", path: "/job/{jobId}/deploy", body: "optional", handle: (r, s) => deploy(r, s, "deploy") },
        // redeployJob has no request body in the spec: one sent is ignored.
        { method: "POST", path: "/job/{jobId}/redeploy", body: "none", handle: (r, s) => deploy(r, s, "redeploy") },
        { method: "GET", path: "/job/{jobId}/status", body: "none", handle: status },
    ],
};

function record(state: EmulatorState, job: JobInfo): StoredJob {
    const stored = state.store.record(job.id);
    if (!stored) throw new HttpError(404, `Job not found: ${job.id}`);
    return stored;
}

function deploy(
    { job, body, query }: OperationRequest,
    state: EmulatorState,
    action: DeploymentRecord["action"],
): Outcome {
    const request = (body ?? null) as DeploymentRecord["request"];
    // JobDeployRequest: each field "Cannot be set if the other is defined".
    if (request?.image_tag !== undefined && request.git_commit_id !== undefined) {
        throw new HttpError(400, "image_tag cannot be set if git_commit_id is defined");
    }
    const stored = record(state, job);
    state.deployments.start(stored, action, request, query.get("forceEvent"));
    state.store.save();
    return { status: 202, body: jobStatus(stored) };
}

function status({ job }: OperationRequest, state: EmulatorState): Outcome {
    return { status: 200, body: jobStatus(record(state, job)) };
}
