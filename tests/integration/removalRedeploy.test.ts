/**
 * A removal redeploys after the delete (provider/deploy/afterRemoval.ts): JobDeployment's and
 * JobSecret's hooks over real HTTP against the emulator, called in the order Pulumi calls them
 * in one `up` (check and diff of every declared resource, updates, then the deletes of the
 * removed ones), each test a new provider process. Order is read from the emulator's request log.
 */
import assert from "node:assert/strict";
import { RemovalRedeployError, declaredInRun, forgetRemovals } from "../../provider/deploy/afterRemoval";
import { deploymentHooks } from "../../provider/deploy/lifecycle";
import { triggersHash } from "../../provider/deploy/triggers";
import * as secretHooks from "../../provider/hooks";
import { type Harness, rejection, startHarness } from "./harness";

const STACK = "urn:pulumi:dev::app::qovery:index:JobVariables$pulumi-nodejs:dynamic/qovery";
const secretUrn = (key: string) => `${STACK}:JobSecret::api-secret-${key}`;
const DEPLOYMENT_URN = `${STACK}:JobDeployment::api-redeploy`;

describe("A removal redeploys after the delete, once per run", function () {
    this.timeout(30_000);
    let h: Harness;
    const hooks = deploymentHooks({ schedule: { firstMs: 20, factor: 2, maxMs: 100 } });
    type Member = { urn: string; id: string; jobId: string };
    /** The secrets of the job, made by JobSecret's create, by key. */
    let members: Record<string, Member>;

    const deployment = (watched: Member[], over: Record<string, unknown> = {}) => ({
        jobId: h.jobId,
        triggersHash: triggersHash(watched.map((m) => m.id)),
        waitForCompletion: true,
        timeoutSeconds: 10,
        resourceUrn: DEPLOYMENT_URN,
        watched,
        ...over,
    });
    /** The state of the JobDeployment after an earlier `up`. */
    const inState = (watched: Member[], over: Record<string, unknown> = {}) => ({
        ...deployment(watched),
        deploymentRequestId: "earlier-request",
        state: "DEPLOYED",
        serviceDeploymentStatus: "UP_TO_DATE",
        requestedAt: "2025-01-01T00:00:00.000Z",
        ...over,
    });
    /** JobSecret's delete, as Pulumi calls it for a removed resource. */
    const remove = (m: Member) =>
        secretHooks.delete(m.id, {
            jobId: h.jobId,
            key: m.urn.split("-").pop()!,
            value: "v",
            resourceUrn: m.urn,
        } as never);
    /** The run's writes and redeploys, in the emulator's order. */
    const log = async () =>
        (await h.admin.requests())
            .filter((r) => r.method !== "GET")
            .map(
                (r) =>
                    `${r.method} ${r.path.replace(h.jobId, "J").replace(/secret\/.*$/, "secret/" + keyOf(r.path))} ${r.status}`,
            );
    const keyOf = (path: string) => Object.entries(members).find(([, m]) => path.endsWith(m.id))?.[0] ?? "?";
    const redeploys = async () => (await h.admin.deployments(h.jobId)).length;

    before(async () => {
        h = await startHarness();
    });
    after(async () => {
        await h.emulator.stop();
    });
    beforeEach(async () => {
        forgetRemovals(); // a new provider process
        await h.admin.reset();
        await h.configureHooks();
        await h.admin.setDeploymentTiming({ queuedMs: 20, deployingMs: 80 });
        members = {};
        for (const key of ["A", "B", "C"]) {
            const r = await secretHooks.create({
                jobId: h.jobId,
                key,
                value: `v-${key}`,
                resourceUrn: secretUrn(key),
            } as never);
            members[key] = { urn: secretUrn(key), id: r.id, jobId: h.jobId };
        }
        await h.admin.clearRequests();
    });

    /** One `up` of a program that keeps `kept` of A, B, C: checks, the JobDeployment's diff and update, then the deletes. */
    const up = async (kept: string[], state = inState([members.A, members.B, members.C]), parallel = true) => {
        for (const k of kept) await declaredInRun(members[k].urn);
        const news = deployment(kept.map((k) => members[k]));
        const d = await hooks.diff("dep-id", state, news);
        const outs = d.changes ? (await hooks.update("dep-id", state, news)).outs : state;
        const removed = ["A", "B", "C"].filter((k) => !kept.includes(k)).map((k) => members[k]);
        if (parallel) await Promise.all(removed.map(remove));
        else for (const m of removed) await remove(m);
        return outs;
    };

    it("one removed: no redeploy at the update; DELETE, then one redeploy, awaited by the delete", async () => {
        const outs = await up(["A", "C"]);
        assert.deepEqual(await log(), ["DELETE /job/J/secret/B 204", "POST /job/J/redeploy 202"]);
        assert.equal(await redeploys(), 1);
        // The delete returned after the deployment ended.
        const [record] = await h.admin.deployments(h.jobId);
        assert.equal(record.phase, "succeeded");
        // The update recorded the new triggers and what it left to the deletes; the last redeploy's outputs stay.
        assert.deepEqual(outs.pendingRemovals, [members.B]);
        assert.equal(outs.deploymentRequestId, "earlier-request");
        assert.equal(outs.triggersHash, triggersHash([members.A.id, members.C.id]));
    });

    it("two removed at once (parallel deletes): one redeploy, after both deletes", async () => {
        await up(["A"]);
        const entries = await log();
        assert.deepEqual(entries.slice(0, 2).sort(), ["DELETE /job/J/secret/B 204", "DELETE /job/J/secret/C 204"]);
        assert.deepEqual(entries.slice(2), ["POST /job/J/redeploy 202"]);
    });

    it("two removed, deleted one after the other: the first delete does not fire, the second does", async () => {
        await up(["A"], undefined, false);
        assert.deepEqual(await log(), [
            "DELETE /job/J/secret/B 204",
            "DELETE /job/J/secret/C 204",
            "POST /job/J/redeploy 202",
        ]);
    });

    it("a member that left the triggers but is still declared: the update redeploys at once", async () => {
        await declaredInRun(members.B.urn); // e.g. still in the program, outside the triggers
        await up(["A", "C"], undefined);
        // B is deleted by this test's `up` helper, yet it was declared: no second redeploy.
        assert.deepEqual(await log(), ["POST /job/J/redeploy 202", "DELETE /job/J/secret/B 204"]);
    });

    it("a member already gone from Qovery: the update redeploys at once", async () => {
        await h.admin.deleteStoredSecret(h.jobId, members.B.id);
        await h.admin.clearRequests();
        const outs = await up(["A", "C"]);
        const entries = await log();
        assert.equal(entries[0], "POST /job/J/redeploy 202");
        assert.equal(entries.filter((e) => e.startsWith("POST /job/J/redeploy")).length, 1);
        assert.deepEqual(outs.pendingRemovals, []);
    });

    it("declared after the update deferred (registered later): the redeploy happens at its check", async () => {
        const news = deployment([members.A, members.C]);
        const state = inState([members.A, members.B, members.C]);
        await declaredInRun(members.A.urn);
        await declaredInRun(members.C.urn);
        await hooks.diff("dep-id", state, news);
        await hooks.update("dep-id", state, news);
        assert.deepEqual(await log(), []);
        await declaredInRun(members.B.urn);
        assert.deepEqual(await log(), ["POST /job/J/redeploy 202"]);
    });

    it("a failed redeploy fails the delete, naming the job, the deployment and what to do; the next up redeploys", async () => {
        await h.admin.programDeployment(h.jobId, { outcome: "failure" });
        const news = deployment([members.A, members.C]);
        const state = inState([members.A, members.B, members.C]);
        await declaredInRun(members.A.urn);
        await declaredInRun(members.C.urn);
        await hooks.diff("dep-id", state, news);
        const { outs } = await hooks.update("dep-id", state, news);
        const err = await rejection(() => remove(members.B));
        assert.ok(err instanceof RemovalRedeployError, String(err));
        const [record] = await h.admin.deployments(h.jobId);
        assert.match(err.message, /secret "B" \(id [^)]+\) was deleted from Qovery/);
        assert.match(err.message, new RegExp(`redeploy of job ${h.jobId}`));
        assert.match(err.message, new RegExp(`deployment request ${record.id}`));
        assert.match(err.message, /run `pulumi up` again/);

        // The next `up`: a new process; B is still in the state (its delete failed), the JobDeployment's
        // state lists it as pending; the triggers are unchanged.
        forgetRemovals();
        await h.admin.clearRequests();
        await declaredInRun(members.A.urn);
        await declaredInRun(members.C.urn);
        const d = await hooks.diff("dep-id", outs, news);
        assert.equal(d.changes, false);
        await remove(members.B); // 404, the list proves it gone, then the redeploy
        const entries = await log();
        assert.deepEqual(entries, ["DELETE /job/J/secret/B 404", "POST /job/J/redeploy 202"]);
        assert.equal((await h.admin.deployments(h.jobId)).at(-1)!.phase, "succeeded");
    });

    it("the next up with nothing removed: no change, no API call, even with removals recorded as pending", async () => {
        const outs = await up(["A", "C"]);
        forgetRemovals();
        await h.admin.clearRequests();
        await declaredInRun(members.A.urn);
        await declaredInRun(members.C.urn);
        const d = await hooks.diff("dep-id", outs, deployment([members.A, members.C]));
        assert.equal(d.changes, false);
        assert.deepEqual(await h.admin.requests(), []);
    });

    it("a change of triggers without a removal redeploys at the update, as before", async () => {
        const outs = await up(
            ["A", "B", "C"],
            inState([members.A, members.B, members.C], { triggersHash: triggersHash(["old"]) }),
        );
        assert.deepEqual(await log(), ["POST /job/J/redeploy 202"]);
        assert.deepEqual(outs.pendingRemovals, []);
    });
});
