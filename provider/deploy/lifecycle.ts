/**
 * A JobDeployment's and a Deployment's hooks (one code: `shape` says which; the target, a
 * service of any kind or an environment, is an entry of targets.ts): a deployment is an event,
 * not an object of Qovery's, so this is its own small lifecycle beside the variable engine
 * (../engine), sharing its client, rate gate, settings and errors through ../engine/runtime.ts.
 *
 * - create, and update (a change of triggers): wait for a deployment already in progress (409
 *   "Operation is in progress"), request one redeploy, and with `waitForCompletion` poll the
 *   target's status until the deployment ends; a failed one fails the step, so the state keeps the
 *   old triggers and the next `pulumi up` tries again.
 * - read: no API call; the outputs describe the deployment this resource requested.
 * - delete: nothing is done to the target.
 */
import { randomUUID } from "node:crypto";
import type { Hooks } from "../engine/lifecycle";
import { client, configureFrom } from "../engine/runtime";
import type { QoveryClient } from "../qovery/client";
import type { DeploymentStatus } from "../qovery/deploymentWire";
import { ConflictError } from "../qovery/errors";
import { deploymentFailed, deploymentTimedOut, requestFailed } from "./errors";
import { type GroupHandlers, awaitRemovals, pendingOf, watchRemovals } from "./afterRemoval";
import {
    type DeploymentShape,
    type JobDeploymentInputs,
    JOB_DEPLOYMENT,
    checkDeploymentInputs,
    diffDeployment,
} from "./inputs";
import { oursHasEnded } from "./ours";
import { DEFAULT_POLL_SCHEDULE, type PollSchedule, pollDelayMs } from "./schedule";
import { phaseOf } from "./status";
import { stillExisting } from "./stillExisting";
import { TARGET_FIELDS, type Target, targetOf } from "./targets";
import { type WatchedMember, isMemberList, lostMembers, membersOf, unionMembers } from "./watched";

type Props = Record<string, unknown>;

/** The hooks: the same shape as the variable kinds'. */
export type DeploymentHooks = Hooks;

export interface DeploymentOptions {
    /** The Qovery client to use; by default the provider process's (settings from `configure`). */
    client?: () => QoveryClient;
    schedule?: PollSchedule;
    sleep?: (ms: number) => Promise<void>;
    now?: () => number;
    /** Told each time the status is read (tests count polls). */
    onPoll?: (status: DeploymentStatus) => void;
    /** Which class: JobDeployment (the default) or Deployment. */
    shape?: DeploymentShape;
}

/** The inputs the hooks read, whichever the class: the target is one of targets.ts's inputs. */
type Inputs = Omit<JobDeploymentInputs, "jobId"> & Record<string, unknown>;

export function deploymentHooks(options: DeploymentOptions = {}): DeploymentHooks {
    const api = options.client ?? client;
    const schedule = options.schedule ?? DEFAULT_POLL_SCHEDULE;
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const now = options.now ?? Date.now;
    const shape = options.shape ?? JOB_DEPLOYMENT;

    /**
     * Polls the target's status until `settled` says so, or the deadline passes (then throws the
     * timeout error). Each poll goes through the shared rate gate with every other request.
     * `pacing` counts the polls of one wait across calls, so that the delays keep growing.
     */
    const waitFor = async (
        qovery: QoveryClient,
        target: Target,
        inputs: Inputs,
        deadline: number,
        requestId: string | undefined,
        waitingFor: "ours" | "in-progress",
        settled: (s: DeploymentStatus) => boolean,
        pacing: { polls: number } = { polls: 0 },
    ): Promise<DeploymentStatus> => {
        let last: DeploymentStatus | undefined;
        for (;;) {
            const n = pacing.polls++;
            const left = deadline - now();
            if (left <= 0) {
                throw deploymentTimedOut(target, inputs.timeoutSeconds, last, requestId, waitingFor);
            }
            await sleep(Math.min(pollDelayMs(n, schedule), left));
            try {
                last = await qovery.deploymentStatus(target.kind, target.id);
            } catch (err) {
                throw requestFailed(target, "read the deployment status", err, requestId);
            }
            options.onPoll?.(last);
            if (settled(last)) return last;
        }
    };

    /** One redeploy, after any deployment in progress has ended; waits for its end if asked. */
    const deploy = async (inputs: Inputs): Promise<Props> => {
        const target = targetOf(inputs);
        const deadline = now() + inputs.timeoutSeconds * 1000;
        let qovery: QoveryClient;
        try {
            qovery = api();
        } catch (err) {
            throw requestFailed(target, "request the redeploy", err);
        }
        let requested: { status: DeploymentStatus; serverDate: number | undefined };
        // One back-off for every 409 of this redeploy: a status that already looks settled while
        // Qovery still refuses (an environment whose service deploys on its own, say) must not
        // turn into a request and a poll every second.
        const conflictPacing = { polls: 0 };
        for (;;) {
            try {
                requested = await qovery.redeploy(target.kind, target.id);
                break;
            } catch (err) {
                if (!(err instanceof ConflictError)) throw requestFailed(target, "request the redeploy", err);
            }
            // 409 "Operation is in progress": someone else's deployment. Wait for its end, whatever
            // it is, then ask once more (a new 409 means yet another one started meanwhile).
            await waitFor(
                qovery,
                target,
                inputs,
                deadline,
                undefined,
                "in-progress",
                (s) => phaseOf(s) !== "in-progress",
                conflictPacing,
            );
        }
        const requestId = requested.status.deployment_request_id ?? undefined;
        const requestedAt = new Date(requested.serverDate ?? now()).toISOString();
        let final = requested.status;
        if (inputs.waitForCompletion) {
            // A status read too early may still show the previous deployment's end: see ours.ts.
            final = await waitFor(
                qovery,
                target,
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
            if (phaseOf(final) === "failed") throw deploymentFailed(target, final, requestId);
        }
        return {
            ...inputs,
            // JobDeployment's outputs stay as 0.2.0 wrote them; a Deployment says what it redeployed.
            ...(shape === JOB_DEPLOYMENT ? {} : { targetKind: target.kind, targetId: target.id }),
            ...(requestId === undefined ? {} : { deploymentRequestId: requestId }),
            state: final.state,
            // An environment's status may lack it.
            ...(final.service_deployment_status == null
                ? {}
                : { serviceDeploymentStatus: final.service_deployment_status }),
            requestedAt,
        };
    };

    /** What a group of removals does: this resource's redeploy, with the inputs of this run. */
    const handlersFor = (inputs: Inputs): GroupHandlers => ({
        fire: () => deploy(inputs),
        stillExisting: (members: WatchedMember[]) => stillExisting(api(), members),
    });

    return {
        async configure(req) {
            configureFrom(req.config);
        },
        async check(_olds, news) {
            return checkDeploymentInputs(news, shape);
        },
        async diff(id, olds, news) {
            const { changes, replaces } = diffDeployment(olds, news, shape);
            // Removals: the members that left the triggers, and those a previous run left pending.
            // No API call (diff runs in preview too); deleting nothing in preview, it fires nothing.
            if (replaces.length === 0) {
                const before = membersOf(olds.watched);
                const lost = isMemberList(news.watched) ? lostMembers(before, membersOf(news.watched)) : [];
                const members = unionMembers(lost, membersOf(olds.pendingRemovals));
                const inputs = { ...olds, ...news } as Inputs;
                if (members.length > 0) {
                    watchRemovals(groupKey(shape, id, news), targetOf(inputs), members, handlersFor(inputs));
                }
            }
            return { changes, replaces, deleteBeforeReplace: false };
        },
        async create(inputs) {
            // The id names this resource, not a Qovery object: each redeploy has its own request id (an output).
            return { id: randomUUID(), outs: await deploy(inputs as Inputs) };
        },
        async read(id, props) {
            return { id, props, inputs: inputsOf(props) };
        },
        async update(id, olds, news) {
            const inputs = news as Inputs;
            const target = targetOf(inputs);
            const handlers = handlersFor(inputs);
            const lost = lostMembers(membersOf(olds.watched), membersOf(news.watched));
            let pending: WatchedMember[];
            try {
                pending = await pendingOf(unionMembers(lost, membersOf(olds.pendingRemovals)), handlers);
            } catch (err) {
                throw requestFailed(target, "list the watched variables to see whether the removed ones are gone", err);
            }
            // A member that left the triggers in this run and is still in Qovery, declared by no
            // resource of the run, is about to be deleted (Pulumi deletes after every update):
            // the redeploy waits for that delete (afterRemoval.ts).
            const deferred = pending.some((m) => lost.some((l) => l.urn === m.urn));
            awaitRemovals(groupKey(shape, id, news), target, pending, deferred, handlers);
            if (deferred) {
                return { outs: { ...carried(olds), ...inputsOf(news), pendingRemovals: pending } };
            }
            return { outs: { ...(await deploy(inputs)), pendingRemovals: pending } };
        },
        async delete() {
            // Deleting the resource leaves the target as it is: a deployment cannot be undone.
        },
    };
}

/** A group of removals is named after its resource (the URN the class records, else the id). */
function groupKey(shape: DeploymentShape, id: string, news: Props): string {
    return typeof news.resourceUrn === "string" ? news.resourceUrn : `${shape.type} ${id}`;
}

/** The outputs of the last redeploy, kept when an update leaves its redeploy to the deletes. */
function carried(olds: Props): Props {
    const kept: Props = {};
    for (const name of [
        "targetKind",
        "targetId",
        "deploymentRequestId",
        "state",
        "serviceDeploymentStatus",
        "requestedAt",
    ]) {
        if (olds[name] !== undefined) kept[name] = olds[name];
    }
    return kept;
}

function inputsOf(props: Props): Props {
    const inputs: Props = {};
    for (const name of [
        ...TARGET_FIELDS,
        "triggersHash",
        "waitForCompletion",
        "timeoutSeconds",
        "resourceUrn",
        "watched",
    ]) {
        if (props[name] !== undefined) inputs[name] = props[name];
    }
    return inputs;
}
