/**
 * A JobDeployment's hooks: a deployment is an event, not an object of Qovery's, so this is its
 * own small lifecycle beside the variable engine (../engine), sharing its client, rate gate,
 * settings and errors through ../engine/runtime.ts.
 *
 * - create, and update (a change of triggers): wait for a deployment already in progress (409
 *   "Operation is in progress"), request one redeploy, and with `waitForCompletion` poll the
 *   job's status until the deployment ends; a failed one fails the step, so the state keeps the
 *   old triggers and the next `pulumi up` tries again.
 * - read: no API call; the outputs describe the deployment this resource requested.
 * - delete: nothing is done to the job.
 */
import { randomUUID } from "node:crypto";
import type { Hooks } from "../engine/lifecycle";
import { client, configureFrom } from "../engine/runtime";
import type { QoveryClient } from "../qovery/client";
import type { JobStatus } from "../qovery/deploymentWire";
import { ConflictError } from "../qovery/errors";
import { deploymentFailed, deploymentTimedOut, requestFailed } from "./errors";
import { type JobDeploymentInputs, checkDeploymentInputs, diffDeployment } from "./inputs";
import { DEFAULT_POLL_SCHEDULE, type PollSchedule, pollDelayMs } from "./schedule";
import { phaseOf } from "./status";

type Props = Record<string, unknown>;

/** JobDeployment's hooks: the same shape as the variable kinds'. */
export type DeploymentHooks = Hooks;

export interface DeploymentOptions {
    /** The Qovery client to use; by default the provider process's (settings from `configure`). */
    client?: () => QoveryClient;
    schedule?: PollSchedule;
    sleep?: (ms: number) => Promise<void>;
    now?: () => number;
    /** Told each time the status is read (tests count polls). */
    onPoll?: (status: JobStatus) => void;
}

export function deploymentHooks(options: DeploymentOptions = {}): DeploymentHooks {
    const api = options.client ?? client;
    const schedule = options.schedule ?? DEFAULT_POLL_SCHEDULE;
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const now = options.now ?? Date.now;

    /**
     * Polls the job's status until `settled` says so, or the deadline passes (then throws the
     * timeout error). Each poll goes through the shared rate gate with every other request.
     */
    const waitFor = async (
        qovery: QoveryClient,
        inputs: JobDeploymentInputs,
        deadline: number,
        requestId: string | undefined,
        settled: (s: JobStatus) => boolean,
    ): Promise<JobStatus> => {
        let last: JobStatus | undefined;
        for (let n = 0; ; n++) {
            const left = deadline - now();
            if (left <= 0) {
                throw deploymentTimedOut(
                    inputs.jobId,
                    inputs.timeoutSeconds,
                    last,
                    requestId,
                    requestId ? "ours" : "in-progress",
                );
            }
            await sleep(Math.min(pollDelayMs(n, schedule), left));
            try {
                last = await qovery.jobStatus(inputs.jobId);
            } catch (err) {
                throw requestFailed(inputs.jobId, "read the deployment status", err, requestId);
            }
            options.onPoll?.(last);
            if (settled(last)) return last;
        }
    };

    /** One redeploy, after any deployment in progress has ended; waits for its end if asked. */
    const deploy = async (inputs: JobDeploymentInputs): Promise<Props> => {
        const deadline = now() + inputs.timeoutSeconds * 1000;
        let qovery: QoveryClient;
        try {
            qovery = api();
        } catch (err) {
            throw requestFailed(inputs.jobId, "request the redeploy", err);
        }
        let requested: { status: JobStatus; serverDate: number | undefined };
        for (;;) {
            try {
                requested = await qovery.redeployJob(inputs.jobId);
                break;
            } catch (err) {
                if (!(err instanceof ConflictError)) throw requestFailed(inputs.jobId, "request the redeploy", err);
            }
            // 409 "Operation is in progress": someone else's deployment. Wait for its end, whatever
            // it is, then ask once more (a new 409 means yet another one started meanwhile).
            await waitFor(qovery, inputs, deadline, undefined, (s) => phaseOf(s) !== "in-progress");
        }
        const requestId = requested.status.deployment_request_id ?? undefined;
        const requestedAt = new Date(requested.serverDate ?? now()).toISOString();
        let final = requested.status;
        if (inputs.waitForCompletion) {
            // Ours is over when the status names our request (when the answer gave its id) and is
            // no longer in progress: a status read too early may still show the previous one.
            final = await waitFor(
                qovery,
                inputs,
                deadline,
                requestId,
                (s) =>
                    phaseOf(s) !== "in-progress" && (requestId === undefined || s.deployment_request_id === requestId),
            );
            if (phaseOf(final) === "failed") throw deploymentFailed(inputs.jobId, final, requestId);
        }
        return {
            ...inputs,
            ...(requestId === undefined ? {} : { deploymentRequestId: requestId }),
            state: final.state,
            serviceDeploymentStatus: final.service_deployment_status,
            requestedAt,
        };
    };

    return {
        async configure(req) {
            configureFrom(req.config);
        },
        async check(_olds, news) {
            return checkDeploymentInputs(news);
        },
        async diff(_id, olds, news) {
            const { changes, replaces } = diffDeployment(olds, news);
            return { changes, replaces, deleteBeforeReplace: false };
        },
        async create(inputs) {
            // The id names this resource, not a Qovery object: each redeploy has its own request id (an output).
            return { id: randomUUID(), outs: await deploy(inputs as unknown as JobDeploymentInputs) };
        },
        async read(id, props) {
            return { id, props, inputs: inputsOf(props) };
        },
        async update(_id, _olds, news) {
            return { outs: await deploy(news as unknown as JobDeploymentInputs) };
        },
        async delete() {
            // Deleting the resource leaves the job as it is: a deployment cannot be undone.
        },
    };
}

function inputsOf(props: Props): Props {
    const inputs: Props = {};
    for (const name of ["jobId", "triggersHash", "waitForCompletion", "timeoutSeconds", "resourceUrn"]) {
        if (props[name] !== undefined) inputs[name] = props[name];
    }
    return inputs;
}
