/**
 * Failures of a JobDeployment: each names the job, the deployment request when there is one,
 * where it stands, and what to do.
 */
import { QoveryError, isOutcomeUnknown } from "../qovery/errors";
import type { JobStatus } from "../qovery/deploymentWire";
import { describeStatus } from "./status";

export class DeploymentError extends QoveryError {
    override readonly name: string = "DeploymentError";
    readonly jobId: string;
    readonly deploymentRequestId: string | undefined;
    /** The job's state when the error was raised (`DEPLOYMENT_ERROR`...), when it was seen. */
    readonly state: string | undefined;
    constructor(message: string, jobId: string, status?: JobStatus, requestId?: string, cause?: unknown) {
        super(message, cause === undefined ? undefined : { cause });
        this.jobId = jobId;
        this.deploymentRequestId = requestId ?? status?.deployment_request_id ?? undefined;
        this.state = status?.state;
    }
}

const named = (requestId: string | undefined) => (requestId ? ` (deployment request ${requestId})` : "");

/** The deployment ended, and not well. */
export function deploymentFailed(jobId: string, status: JobStatus, requestId: string | undefined): DeploymentError {
    return new DeploymentError(
        `The redeploy of Qovery job ${jobId}${named(requestId)} ended in ${describeStatus(status)}: the job still runs its previous deployment, without the new values. See the deployment's logs in the Qovery console (the job's Deployments tab), fix the cause, then run \`pulumi up\` again: it requests the redeploy again`,
        jobId,
        status,
        requestId,
    );
}

/** `timeoutSeconds` passed before the deployment ended. */
export function deploymentTimedOut(
    jobId: string,
    timeoutSeconds: number,
    status: JobStatus | undefined,
    requestId: string | undefined,
    waitingFor: "ours" | "in-progress",
): DeploymentError {
    const where = status === undefined ? "its state was never read" : `it is ${describeStatus(status)}`;
    const what =
        waitingFor === "ours"
            ? `The redeploy of Qovery job ${jobId}${named(requestId)} did not end within ${timeoutSeconds} s: ${where}. It goes on in Qovery`
            : `Qovery job ${jobId} had a deployment in progress${named(status?.deployment_request_id ?? undefined)} that did not end within ${timeoutSeconds} s (${where}), so no redeploy was requested`;
    return new DeploymentError(
        `${what}. Follow it in the Qovery console; run \`pulumi up\` again to request the redeploy once it has ended (a new one is requested then), or raise \`timeoutSeconds\`, or set \`waitForCompletion: false\` not to wait for the end`,
        jobId,
        status,
        requestId,
    );
}

/** The request itself failed (401, 403, 404, 5xx, network...): `cause` says how. */
export function requestFailed(jobId: string, operation: string, cause: unknown, requestId?: string): DeploymentError {
    const why = cause instanceof Error ? cause.message : String(cause);
    const then =
        requestId === undefined
            ? isOutcomeUnknown(cause)
                ? "the answer was lost: the redeploy may or may not have been requested (see the job's deployments in the Qovery console). Run `pulumi up` again: it waits for any deployment in progress, then requests one"
                : "no redeploy was requested by this step; run `pulumi up` again once the cause is fixed"
            : `the redeploy${named(requestId)} was requested and goes on in Qovery; follow it in the Qovery console. \`pulumi up\` will request another one`;
    return new DeploymentError(
        `Could not ${operation} of Qovery job ${jobId}: ${why}. So ${then}`,
        jobId,
        undefined,
        requestId,
        cause,
    );
}
