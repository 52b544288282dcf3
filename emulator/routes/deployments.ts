// Deployments: the job's POST /job/{jobId}/deploy, and for every service kind the spec's
// POST /{kind}/{id}/redeploy and GET /{kind}/{id}/status (terraform has no status in the spec), and
// POST /environment/{environmentId}/redeploy and GET /environment/{environmentId}/status.
// The state machine is in deployments.ts.
import { environmentStatus, serviceStatus } from "../deployments";
import { HttpError, type Outcome } from "../http";
import type { EmulatorState } from "../state";
import type { Parent, StoredEnvironment, StoredService } from "../store";
import type { DeploymentRecord, ServiceKind } from "../types";
import { SUBJECTS, subjectOf, type Operation, type OperationRequest, type RouteFamily } from "./family";

export const deploymentsFamily: RouteFamily = {
    name: "job deployments",
    specFile: "job-deployments.openapi.yaml",
    operations: [
        {
            method: "POST",
            path: "/job/{jobId}/deploy",
            body: "optional",
            subject: "JOB",
            handle: (r, s) => deploy(r, s, "deploy"),
        },
        // redeployJob has no request body in the spec: one sent is ignored.
        {
            method: "POST",
            path: "/job/{jobId}/redeploy",
            body: "none",
            subject: "JOB",
            handle: (r, s) => deploy(r, s, "redeploy"),
        },
        { method: "GET", path: "/job/{jobId}/status", body: "none", subject: "JOB", handle: status },
    ],
};

/** The other service kinds: redeploy, and status where the spec has it (not for terraform). */
const SERVICE_ROUTES: { kind: ServiceKind; base: string; status: boolean }[] = [
    { kind: "APPLICATION", base: "/application", status: true },
    { kind: "CONTAINER", base: "/container", status: true },
    { kind: "HELM", base: "/helm", status: true },
    { kind: "TERRAFORM", base: "/terraform", status: false },
];

export const serviceDeploymentsFamily: RouteFamily = {
    name: "service deployments",
    specFile: "service-deployments.openapi.yaml",
    operations: SERVICE_ROUTES.flatMap(({ kind, base, status: hasStatus }): Operation[] => {
        const one = `${base}/{${SUBJECTS[kind].param}}`;
        const redeploy: Operation = {
            method: "POST",
            path: `${one}/redeploy`,
            body: "none",
            subject: kind,
            handle: (r, s) => deploy(r, s, "redeploy"),
        };
        return hasStatus
            ? [redeploy, { method: "GET", path: `${one}/status`, body: "none", subject: kind, handle: status }]
            : [redeploy];
    }),
};

export const environmentDeploymentsFamily: RouteFamily = {
    name: "environment deployments",
    specFile: "environment-deployments.openapi.yaml",
    operations: [
        {
            method: "POST",
            path: "/environment/{environmentId}/redeploy",
            body: "none",
            subject: "ENVIRONMENT",
            handle: redeployEnvironment,
        },
        {
            method: "GET",
            path: "/environment/{environmentId}/status",
            body: "none",
            subject: "ENVIRONMENT",
            handle: environment,
        },
    ],
};

function serviceRecord(state: EmulatorState, subject: Parent): StoredService {
    const stored = state.store.service(subject.id);
    if (!stored) throw new HttpError(404, `${subject.scope} not found: ${subject.id}`);
    return stored;
}

function environmentRecord(state: EmulatorState, subject: Parent): StoredEnvironment {
    const stored = state.store.environment(subject.id);
    if (!stored) throw new HttpError(404, `Environment not found: ${subject.id}`);
    return stored;
}

function deploy(request: OperationRequest, state: EmulatorState, action: DeploymentRecord["action"]): Outcome {
    const body = (request.body ?? null) as DeploymentRecord["request"];
    // JobDeployRequest: each field "Cannot be set if the other is defined".
    if (body?.image_tag !== undefined && body.git_commit_id !== undefined) {
        throw new HttpError(400, "image_tag cannot be set if git_commit_id is defined");
    }
    const stored = serviceRecord(state, subjectOf(request));
    state.deployments.start(stored, action, body, request.query.get("forceEvent"));
    state.store.save();
    return { status: 202, body: serviceStatus(stored) };
}

function status(request: OperationRequest, state: EmulatorState): Outcome {
    return { status: 200, body: serviceStatus(serviceRecord(state, subjectOf(request))) };
}

function redeployEnvironment(request: OperationRequest, state: EmulatorState): Outcome {
    const env = environmentRecord(state, subjectOf(request));
    const services = state.store.servicesOf(env.id);
    state.deployments.startEnvironment(env, services);
    state.store.save();
    return { status: 202, body: environmentStatus(env, services) };
}

function environment(request: OperationRequest, state: EmulatorState): Outcome {
    const env = environmentRecord(state, subjectOf(request));
    return { status: 200, body: environmentStatus(env, state.store.servicesOf(env.id)) };
}
