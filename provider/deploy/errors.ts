/**
 * Failures of a JobDeployment or a Deployment: each names what was redeployed, the deployment
 * request when there is one, where it stands, and what to do.
 */
import { NotFoundError, PermissionError, QoveryError, isOutcomeUnknown } from "../qovery/errors";
import type { DeployKind, DeploymentStatus } from "../qovery/deploymentWire";
import { describeStatus } from "./status";
import { type Target, describeTarget, specOf } from "./targets";

export class DeploymentError extends QoveryError {
    override readonly name: string = "DeploymentError";
    /** What was redeployed: `JOB`, `APPLICATION`, `ENVIRONMENT`... */
    readonly targetKind: DeployKind;
    /** Its Qovery id. */
    readonly targetId: string;
    /** @deprecated The id of what was redeployed, whatever its kind: use `targetId` (and `targetKind`). */
    readonly jobId: string;
    readonly deploymentRequestId: string | undefined;
    /** The target's state when the error was raised (`DEPLOYMENT_ERROR`...), when it was seen. */
    readonly state: string | undefined;
    constructor(message: string, target: Target, status?: DeploymentStatus, requestId?: string, cause?: unknown) {
        super(message, cause === undefined ? undefined : { cause });
        this.targetKind = target.kind;
        this.targetId = target.id;
        this.jobId = target.id;
        this.deploymentRequestId = requestId ?? status?.deployment_request_id ?? undefined;
        this.state = status?.state;
    }
}

const named = (requestId: string | undefined) => (requestId ? ` (deployment request ${requestId})` : "");

/** The deployment ended, and not well. */
export function deploymentFailed(
    target: Target,
    status: DeploymentStatus,
    requestId: string | undefined,
): DeploymentError {
    const noun = specOf(target.kind).noun;
    return new DeploymentError(
        `The redeploy of ${describeTarget(target)}${named(requestId)} ended in ${describeStatus(status)}: the ${noun} still runs its previous deployment, without the new values. See the deployment's logs in the Qovery console (the ${noun}'s Deployments tab), fix the cause, then run \`pulumi up\` again: it requests the redeploy again`,
        target,
        status,
        requestId,
    );
}

/** `timeoutSeconds` passed before the deployment ended. */
export function deploymentTimedOut(
    target: Target,
    timeoutSeconds: number,
    status: DeploymentStatus | undefined,
    requestId: string | undefined,
    waitingFor: "ours" | "in-progress",
): DeploymentError {
    const where = status === undefined ? "its state was never read" : `it is ${describeStatus(status)}`;
    const what =
        waitingFor === "ours"
            ? `The redeploy of ${describeTarget(target)}${named(requestId)} did not end within ${timeoutSeconds} s: ${where}. It goes on in Qovery`
            : `${describeTarget(target)} had a deployment in progress${named(status?.deployment_request_id ?? undefined)} that did not end within ${timeoutSeconds} s (${where}), so no redeploy was requested`;
    return new DeploymentError(
        `${what}. Follow it in the Qovery console; run \`pulumi up\` again to request the redeploy once it has ended (a new one is requested then), or raise \`timeoutSeconds\`, or set \`waitForCompletion: false\` not to wait for the end`,
        target,
        status,
        requestId,
    );
}

/** The request itself failed (401, 403, 404, 5xx, network...): `cause` says how. */
export function requestFailed(target: Target, operation: string, cause: unknown, requestId?: string): DeploymentError {
    const why = cause instanceof Error ? cause.message : String(cause);
    const { noun, field } = specOf(target.kind);
    const then =
        requestId === undefined
            ? cause instanceof NotFoundError || cause instanceof PermissionError
                ? `no redeploy was requested. Check that \`${field}\` names a Qovery ${noun} that exists and that the token may deploy, then run \`pulumi up\` again`
                : isOutcomeUnknown(cause)
                  ? `the answer was lost: the redeploy may or may not have been requested (see the ${noun}'s deployments in the Qovery console). Run \`pulumi up\` again: it waits for any deployment in progress, then requests one`
                  : "no redeploy was requested by this step; run `pulumi up` again once the cause is fixed"
            : `the redeploy${named(requestId)} was requested and goes on in Qovery; follow it in the Qovery console. \`pulumi up\` will request another one`;
    return new DeploymentError(
        `Could not ${operation} of ${describeTarget(target)}: ${why}. So ${then}`,
        target,
        undefined,
        requestId,
        cause,
    );
}
