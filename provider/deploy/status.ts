/**
 * Where a deployment stands, from Qovery's `Status` or `EnvironmentStatus`, for every kind
 * alike. Pure. Read from `status_details.status` (ServiceActionStatusEnum) first, the state
 * (StateEnum) second, so that a value Qovery adds later still lands somewhere sensible; an
 * environment's status has no details, so its state (the same StateEnum) decides.
 */
import type { DeploymentStatus } from "../qovery/deploymentWire";

/** `idle`: nothing was ever deployed, nothing is in progress. */
export type Phase = "in-progress" | "succeeded" | "failed" | "idle";

const BY_ACTION_STATUS: Record<string, Phase> = {
    QUEUED: "in-progress",
    ONGOING: "in-progress",
    EXECUTING: "in-progress",
    CANCELING: "in-progress",
    SUCCESS: "succeeded",
    ERROR: "failed",
    CANCELED: "failed",
    NEVER: "idle",
};

export function phaseOf(status: DeploymentStatus): Phase {
    // A queued request counts even when the status still shows the previous deployment's end.
    if ((status.deployment_requests_count ?? 0) > 0) return "in-progress";
    const byAction = status.status_details && BY_ACTION_STATUS[status.status_details.status];
    if (byAction !== undefined) return byAction;
    const state = status.state;
    if (state === "DEPLOYED" || state === "RESTARTED") return "succeeded";
    if (state.endsWith("_ERROR") || state === "CANCELED") return "failed";
    if (state.endsWith("ING") || state.endsWith("_QUEUED") || state === "QUEUED") return "in-progress";
    return "idle";
}

/** The state as messages and outputs show it: `DEPLOYMENT_ERROR (ERROR)`, an environment's `DEPLOYMENT_ERROR`. */
export function describeStatus(status: DeploymentStatus): string {
    return status.status_details ? `${status.state} (${status.status_details.status})` : status.state;
}
