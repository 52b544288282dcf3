/**
 * Qovery's deployment statuses, parsed with zod, tolerant of fields and enum values Qovery adds:
 * the states are read as strings and classified in ../deploy/status.ts. Every optional field is
 * `.nullish()`, as in the rest of the wire schemas (wire.ts): a `null` where the spec says nothing
 * of it must not make a 202 look like a lost answer.
 *
 * What can be redeployed, and where its status is read, is one table (`DEPLOY_TARGETS`):
 * - a service's `POST /{kind}/{id}/redeploy` answers the spec's `Status`, and so does its
 *   `GET /{kind}/{id}/status`;
 * - an environment's `POST /environment/{id}/redeploy` and `GET /environment/{id}/status` answer
 *   `EnvironmentStatus`, a different schema (no `status_details`, no request count; its
 *   `deployment_status` is the services' `service_deployment_status`): read into the same shape;
 * - the spec has no `GET /terraform/{id}/status`. What it offers instead: the environment's
 *   `GET /environment/{id}/statuses` (`EnvironmentStatuses`), whose `terraforms` are the spec's
 *   `Status` of each terraform service, and `GET /terraform/{id}/deploymentHistoryV2`, a
 *   paginated history in another schema (`DeploymentHistoryService`). The statuses are used: the
 *   same `Status` as every other service, so the same reading of "in progress", "done", "failed"
 *   and "ours" (../deploy/ours.ts); the environment comes from `GET /terraform/{id}`
 *   (`TerraformResponse.environment`), read once per terraform service and process.
 */
import { z } from "zod";

/** The spec's `Status`: a service's deployment state (application, container, job, helm, terraform). */
export const serviceStatusSchema = z.looseObject({
    id: z.string(),
    state: z.string(),
    service_deployment_status: z.string(),
    status_details: z.looseObject({ action: z.string(), status: z.string(), sub_action: z.string().nullish() }),
    is_part_last_deployment: z.boolean().nullish(),
    deployment_request_id: z.string().nullish(),
    deployment_requests_count: z.number().nullish(),
    last_deployment_date: z.string().nullish(),
});

/** A job's status is the spec's `Status`: the name JobDeployment's code has always used. */
export const jobStatusSchema = serviceStatusSchema;
export type JobStatus = z.infer<typeof serviceStatusSchema>;

/** The spec's `EnvironmentStatus` (`last_deployment_state` is required there, but nothing here reads it). */
export const environmentStatusSchema = z.looseObject({
    id: z.string(),
    state: z.string(),
    last_deployment_state: z.string().nullish(),
    last_deployment_date: z.string().nullish(),
    last_deployment_id: z.string().nullish(),
    deployment_status: z.string().nullish(),
    deployment_request_id: z.string().nullish(),
});

/** The spec's `EnvironmentStatuses`, of which only the terraform services are read. */
export const environmentStatusesSchema = z.looseObject({
    terraforms: z.array(serviceStatusSchema),
});

/** The spec's `TerraformResponse`, of which only the environment is read. */
export const terraformSchema = z.looseObject({
    id: z.string(),
    environment: z.looseObject({ id: z.string() }),
});

/**
 * Where a deployment stands, whatever was deployed: a service's `Status` as it is, an
 * environment's `EnvironmentStatus` read into the same names (`environmentAsStatus`).
 */
export interface DeploymentStatus {
    id: string;
    state: string;
    /** `UP_TO_DATE`, `OUT_OF_DATE`, `NEVER_DEPLOYED`; an environment's may be absent. */
    service_deployment_status?: string | null;
    /** Absent from an environment's status. */
    status_details?: { action: string; status: string; sub_action?: string | null };
    deployment_request_id?: string | null;
    /** Deployments queued or running; absent from an environment's status. */
    deployment_requests_count?: number | null;
    last_deployment_date?: string | null;
}

export function environmentAsStatus(e: z.infer<typeof environmentStatusSchema>): DeploymentStatus {
    return {
        id: e.id,
        state: e.state,
        service_deployment_status: e.deployment_status,
        deployment_request_id: e.deployment_request_id,
        last_deployment_date: e.last_deployment_date,
    };
}

/** What can be redeployed: Qovery's names (`ServiceTypeEnum`, and `ENVIRONMENT`). */
export type DeployKind = "APPLICATION" | "CONTAINER" | "JOB" | "HELM" | "TERRAFORM" | "ENVIRONMENT";

export interface DeployWire {
    /** The path segment: `/{segment}/{id}/redeploy`. */
    segment: string;
    /**
     * How the status is read: `service` at `/{segment}/{id}/status` (`Status`), `environment`
     * at `/environment/{id}/status` (`EnvironmentStatus`), `environmentStatuses` through the
     * service's environment's `/environment/{envId}/statuses` (see above).
     */
    status: "service" | "environment" | "environmentStatuses";
}

export const DEPLOY_TARGETS: Record<DeployKind, DeployWire> = {
    APPLICATION: { segment: "application", status: "service" },
    CONTAINER: { segment: "container", status: "service" },
    JOB: { segment: "job", status: "service" },
    HELM: { segment: "helm", status: "service" },
    TERRAFORM: { segment: "terraform", status: "environmentStatuses" },
    ENVIRONMENT: { segment: "environment", status: "environment" },
};
