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
import { type GroupHandlers, awaitRemovals, pendingOf, watchRemovals } from "./afterRemoval";
import { type JobDeploymentInputs, checkDeploymentInputs, diffDeployment } from "./inputs";
import { oursHasEnded } from "./ours";
import { DEFAULT_POLL_SCHEDULE, type PollSchedule, pollDelayMs } from "./schedule";
import { phaseOf } from "./status";
import { type WatchedMember, apiOfUrn, isMemberList, lostMembers, membersOf, unionMembers } from "./watched";

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
        waitingFor: "ours" | "in-progress",
        settled: (s: JobStatus) => boolean,
    ): Promise<JobStatus> => {
        let last: JobStatus | undefined;
        for (let n = 0; ; n++) {
            const left = deadline - now();
            if (left <= 0) {
                throw deploymentTimedOut(inputs.jobId, inputs.timeoutSeconds, last, requestId, waitingFor);
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
            await waitFor(qovery, inputs, deadline, undefined, "in-progress", (s) => phaseOf(s) !== "in-progress");
        }
        const requestId = requested.status.deployment_request_id ?? undefined;
        const requestedAt = new Date(requested.serverDate ?? now()).toISOString();
        let final = requested.status;
        if (inputs.waitForCompletion) {
            // A status read too early may still show the previous deployment's end: see ours.ts.
            final = await waitFor(
                qovery,
                inputs,
                deadline,
                requestId,
                "ours",
                oursHasEnded({
                    requestId,
                    previousDate: requested.status.last_deployment_date,
                    serverDate: requested.serverDate,
                }),
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

    /** Of these members, the ones Qovery still holds: one fresh list per job and list. */
    const stillExisting = async (members: WatchedMember[]): Promise<WatchedMember[]> => {
        const qovery = api();
        const lists = new Map<string, Promise<Set<string>>>();
        const idsIn = (m: WatchedMember) => {
            const which = `${apiOfUrn(m.urn)} ${m.jobId}`;
            if (!lists.has(which)) {
                lists.set(
                    which,
                    qovery
                        .listJobVariablesWithDate(apiOfUrn(m.urn)!, m.jobId)
                        .then(({ rows }) => new Set(rows.map((r) => r.id))),
                );
            }
            return lists.get(which)!;
        };
        const held = await Promise.all(members.map(async (m) => (await idsIn(m)).has(m.id)));
        return members.filter((_, i) => held[i]);
    };

    /** What a group of removals does: this JobDeployment's redeploy, with the inputs of this run. */
    const handlersFor = (inputs: JobDeploymentInputs): GroupHandlers => ({
        fire: () => deploy(inputs),
        stillExisting,
    });

    return {
        async configure(req) {
            configureFrom(req.config);
        },
        async check(_olds, news) {
            return checkDeploymentInputs(news);
        },
        async diff(id, olds, news) {
            const { changes, replaces } = diffDeployment(olds, news);
            // Removals: the members that left the triggers, and those a previous run left pending.
            // No API call (diff runs in preview too); deleting nothing in preview, it fires nothing.
            if (replaces.length === 0) {
                const before = membersOf(olds.watched);
                const lost = isMemberList(news.watched) ? lostMembers(before, membersOf(news.watched)) : [];
                const members = unionMembers(lost, membersOf(olds.pendingRemovals));
                const inputs = { ...olds, ...news } as unknown as JobDeploymentInputs;
                if (members.length > 0) watchRemovals(groupKey(id, news), inputs.jobId, members, handlersFor(inputs));
            }
            return { changes, replaces, deleteBeforeReplace: false };
        },
        async create(inputs) {
            // The id names this resource, not a Qovery object: each redeploy has its own request id (an output).
            return { id: randomUUID(), outs: await deploy(inputs as unknown as JobDeploymentInputs) };
        },
        async read(id, props) {
            return { id, props, inputs: inputsOf(props) };
        },
        async update(id, olds, news) {
            const inputs = news as unknown as JobDeploymentInputs;
            const handlers = handlersFor(inputs);
            const lost = lostMembers(membersOf(olds.watched), membersOf(news.watched));
            let pending: WatchedMember[];
            try {
                pending = await pendingOf(unionMembers(lost, membersOf(olds.pendingRemovals)), handlers);
            } catch (err) {
                throw requestFailed(
                    inputs.jobId,
                    "list the job's variables to see whether the removed ones are gone",
                    err,
                );
            }
            // A member that left the triggers in this run and is still in Qovery, declared by no
            // resource of the run, is about to be deleted (Pulumi deletes after every update):
            // the redeploy waits for that delete (afterRemoval.ts).
            const deferred = pending.some((m) => lost.some((l) => l.urn === m.urn));
            awaitRemovals(groupKey(id, news), inputs.jobId, pending, deferred, handlers);
            if (deferred) {
                return { outs: { ...carried(olds), ...inputsOf(news), pendingRemovals: pending } };
            }
            return { outs: { ...(await deploy(inputs)), pendingRemovals: pending } };
        },
        async delete() {
            // Deleting the resource leaves the job as it is: a deployment cannot be undone.
        },
    };
}

/** A group of removals is named after its JobDeployment (the URN the class records, else the id). */
function groupKey(id: string, news: Props): string {
    return typeof news.resourceUrn === "string" ? news.resourceUrn : `JobDeployment ${id}`;
}

/** The outputs of the last redeploy, kept when an update leaves its redeploy to the deletes. */
function carried(olds: Props): Props {
    const kept: Props = {};
    for (const name of ["deploymentRequestId", "state", "serviceDeploymentStatus", "requestedAt"]) {
        if (olds[name] !== undefined) kept[name] = olds[name];
    }
    return kept;
}

function inputsOf(props: Props): Props {
    const inputs: Props = {};
    for (const name of ["jobId", "triggersHash", "waitForCompletion", "timeoutSeconds", "resourceUrn", "watched"]) {
        if (props[name] !== undefined) inputs[name] = props[name];
    }
    return inputs;
}
