/**
 * Which status read after a redeploy request shows the end of *our* deployment. Pure.
 *
 * The status names the deployment it describes by `deployment_request_id`, which the spec makes
 * nullable: when our answer or a status lacks it, a status that has ended is ours only on other
 * evidence that it ended after our request, never because the previous deployment succeeded:
 * - a deployment was seen in progress since our request (a status read after the 202), or
 * - `last_deployment_date` moved from what the 202 answer showed (the deployment before ours)
 *   to a time not before the request, by the server's clock (the answer's `Date` header, which
 *   has whole seconds: one second of slack).
 */
import type { DeploymentStatus } from "../qovery/deploymentWire";
import { phaseOf } from "./status";

export interface OurRequest {
    /** `deployment_request_id` of the 202 answer, when it had one. */
    requestId: string | undefined;
    /** `last_deployment_date` of the 202 answer: the end of the deployment before ours. */
    previousDate: string | null | undefined;
    /** The request's time by the server's clock (ms), when the answer had a `Date` header. */
    serverDate: number | undefined;
}

const DATE_HEADER_SLACK_MS = 1_000;

/** A predicate over successive status reads (it remembers what it saw): true once ours has ended. */
export function oursHasEnded(request: OurRequest): (status: DeploymentStatus) => boolean {
    let seenInProgress = false;
    return (status) => {
        if (phaseOf(status) === "in-progress") {
            seenInProgress = true;
            return false;
        }
        const named = status.deployment_request_id ?? undefined;
        if (request.requestId !== undefined && named !== undefined) return named === request.requestId;
        if (seenInProgress) return true;
        return endedAfter(status.last_deployment_date ?? undefined, request);
    };
}

function endedAfter(date: string | undefined, request: OurRequest): boolean {
    const previous = request.previousDate ?? undefined;
    if (date === undefined || date === previous) return false;
    const ended = Date.parse(date);
    if (Number.isNaN(ended)) return false;
    // Without the server's clock, only a move from a date the 202 showed tells ours from the one
    // before it: with neither, keep reading until a deployment shows in progress or names ours.
    if (request.serverDate === undefined) return previous !== undefined;
    return ended >= request.serverDate - DATE_HEADER_SLACK_MS;
}
