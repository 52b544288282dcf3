/**
 * A removal redeploys after the delete: the provider process's registry of "redeploy groups".
 *
 * Pulumi deletes the resources a program no longer declares after every create and update of
 * the run (the engine schedules deletes once the program has registered everything), so a
 * JobDeployment's update, which runs when its triggers change, always comes before the delete
 * of a variable that left its triggers. Redeploying there would deploy the job with the variable
 * still in it. So:
 *
 * (A Deployment, of any service or environment, does the same as a JobDeployment here.)
 *
 * - a JobDeployment's `diff` opens a group: the members that left its triggers (recorded in its
 *   `watched` input), plus those its state still lists as `pendingRemovals`;
 * - its `update` keeps, of these, the ones that still exist in Qovery and that no resource of
 *   this run declares (each variable kind's `check` notes the URNs declared): if one of them
 *   left the triggers in this run, it does not redeploy and leaves that to the deletes;
 * - each variable kind's `delete`, once the variable is gone, marks it done; when no undeclared
 *   member of the group is left in Qovery, ONE redeploy is made for the group, awaited in that
 *   delete so that `up` waits for it. The checks of a group are serialized: parallel deletes
 *   fire once. A failed redeploy fails that delete: the variable stays in the state, and the
 *   next `up` retries the delete (Qovery: 404, gone), which fires the group again (the
 *   JobDeployment's `pendingRemovals` reopen it).
 *
 * One provider process serves every dynamic resource of a run, so one registry covers them all
 * (as ../engine/claims.ts does for ids).
 */
import type { VariableApi } from "../qovery/wire";
import { DeploymentError } from "./errors";
import { type WatchedMember, apiOfUrn } from "./watched";
import { type Target, describeTarget, specOf } from "./targets";
import { forgetDeclared, isDeclared, noteDeclaredUrn } from "../engine/declared";

export interface GroupHandlers {
    /** The redeploy: the JobDeployment's own (409 waited for, completion, timeout). */
    fire(): Promise<{ deploymentRequestId?: unknown }>;
    /** Of these members, the ones Qovery still holds (fresh lists). */
    stillExisting(members: WatchedMember[]): Promise<WatchedMember[]>;
}

interface Group extends GroupHandlers {
    /** The JobDeployment's URN (or id): the group's name. */
    key: string;
    /** What it redeploys. */
    target: Target;
    awaiting: Map<string, WatchedMember & { done: boolean }>;
    /** The update left its redeploy to this group. */
    deferred: boolean;
    /** A member was removed in this run. */
    removedOne: boolean;
    fired: boolean;
    /** Completion checks, one after the other. */
    chain: Promise<void>;
}

const groups = new Map<string, Group>();

/**
 * A JobDeployment's `diff`: the members whose removal it may have to redeploy after. Replaces
 * the group of an earlier call for the same JobDeployment.
 */
export function watchRemovals(key: string, target: Target, members: WatchedMember[], handlers: GroupHandlers): void {
    groups.set(key, {
        key,
        target,
        ...handlers,
        awaiting: new Map(members.map((m) => [m.urn, { ...m, done: false }])),
        deferred: false,
        removedOne: false,
        fired: false,
        chain: Promise.resolve(),
    });
}

/**
 * A JobDeployment's `update` decided: these members (still in Qovery, undeclared) are awaited;
 * `deferred` when it left its redeploy to them.
 */
export function awaitRemovals(
    key: string,
    target: Target,
    members: WatchedMember[],
    deferred: boolean,
    handlers: GroupHandlers,
): void {
    watchRemovals(key, target, members, handlers);
    groups.get(key)!.deferred = deferred;
}

/** The members of `candidates` the update must wait for: undeclared, and still in Qovery. */
export async function pendingOf(
    candidates: WatchedMember[],
    handlers: Pick<GroupHandlers, "stillExisting">,
): Promise<WatchedMember[]> {
    const undeclared = candidates.filter((m) => !isDeclared(m.urn));
    if (undeclared.length === 0) return [];
    const existing = await handlers.stillExisting(undeclared);
    // A check may have come while the lists were read.
    return existing.filter((m) => !isDeclared(m.urn));
}

/**
 * A variable kind's `check`: the URN is declared in this run, so it will not be deleted. A group
 * whose update deferred to it may be complete now (a member that left the triggers but stays in
 * the program, registered after the JobDeployment): then it redeploys here.
 */
export async function declaredInRun(urn: unknown): Promise<void> {
    if (typeof urn !== "string") return;
    noteDeclaredUrn(urn);
    await Promise.all([...groups.values()].filter((g) => g.awaiting.has(urn)).map((g) => settle(g, undefined)));
}

/** Why the redeploy a removal needed failed; the removed variable's delete fails with it. */
export class RemovalRedeployError extends DeploymentError {
    override readonly name: string = "RemovalRedeployError";
}

export interface Removal {
    api: VariableApi;
    id: string;
    urn: unknown;
    /** How messages name the removed variable: `job secret "API_KEY"`. */
    what: string;
}

/**
 * A variable kind's `delete`, once the variable is proven gone: fires the groups it completes.
 * Throws only RemovalRedeployError.
 */
export async function redeployAfterRemoval(removal: Removal): Promise<void> {
    const mine = [...groups.values()].filter((g) => {
        const m = [...g.awaiting.values()].find(
            (x) => x.urn === removal.urn || (x.id === removal.id && apiOfUrn(x.urn) === removal.api),
        );
        if (m === undefined) return false;
        m.done = true;
        g.removedOne = true;
        return true;
    });
    const failures = (await Promise.allSettled(mine.map((g) => settle(g, removal)))).filter(
        (r): r is PromiseRejectedResult => r.status === "rejected",
    );
    if (failures.length > 0) throw failures[0].reason;
}

/** Fires the group once, when it is due and nothing it awaits is left in Qovery. Serialized per group. */
function settle(g: Group, removal: Removal | undefined): Promise<void> {
    const next = g.chain.then(async () => {
        if (g.fired || !(g.deferred || g.removedOne)) return;
        const left = [...g.awaiting.values()].filter((m) => !m.done && !isDeclared(m.urn));
        if (left.length > 0) {
            let existing: WatchedMember[];
            try {
                existing = await g.stillExisting(left);
            } catch (err) {
                throw failedAfter(g, removal, "list", err);
            }
            const still = new Set(existing.map((m) => m.urn));
            for (const m of left) if (!still.has(m.urn)) m.done = true;
            if (existing.length > 0) return; // their deletes come later and settle again
        }
        g.fired = true; // once per run, whatever the outcome
        try {
            await g.fire();
        } catch (err) {
            throw failedAfter(g, removal, "redeploy", err);
        }
    });
    // The next check waits for this one, not for its outcome.
    g.chain = next.catch(() => undefined);
    return next;
}

function failedAfter(
    g: Group,
    removal: Removal | undefined,
    step: "list" | "redeploy",
    err: unknown,
): RemovalRedeployError {
    const why = (err instanceof Error ? err.message : String(err)).replace(/\.$/, "");
    const requestId = err instanceof DeploymentError ? err.deploymentRequestId : undefined;
    const subject =
        removal === undefined
            ? `The redeploy of ${describeTarget(g.target)} that ${g.key} left to the end of the run`
            : `The ${removal.what} (id ${removal.id}) was deleted from Qovery, but the redeploy of ${specOf(g.target.kind).noun} ${g.target.id} that its removal needs (${g.key})`;
    const what =
        step === "redeploy"
            ? `failed. ${why}`
            : `was not requested: the watched variables could not be listed to see whether the other removals are done (${why})`;
    const then =
        removal === undefined
            ? "Run `pulumi up` again"
            : `The ${removal.what} stays in the Pulumi state until that redeploy succeeds: run \`pulumi up\` again, it retries the delete (Qovery then answers 404: gone) and requests the redeploy`;
    return new RemovalRedeployError(`${subject} ${what}. ${then}`, g.target, undefined, requestId, err);
}

/** For tests: a new provider process. */
export function forgetRemovals(): void {
    forgetDeclared();
    groups.clear();
}
