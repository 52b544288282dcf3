import assert from "node:assert/strict";
import { DeploymentError } from "../../provider/deploy/errors";
import { deploymentHooks } from "../../provider/deploy/lifecycle";
import { triggersHash } from "../../provider/deploy/triggers";
import type { DeploymentStatus } from "../../provider/qovery/deploymentWire";
import { type Harness, TOKEN, rejection, startHarness } from "./harness";

/** JobDeployment's hooks over real HTTP against the emulator, with short deployments and a fast poll. */
describe("JobDeployment against the emulator", function () {
    this.timeout(30_000);
    let h: Harness;
    let polls: DeploymentStatus[];
    const hooks = deploymentHooks({
        schedule: { firstMs: 50, factor: 2, maxMs: 200 },
        onPoll: (s) => polls.push(s),
    });
    const inputs = (over: Record<string, unknown> = {}) => ({
        jobId: h.jobId,
        triggersHash: triggersHash(["v1"]),
        waitForCompletion: true,
        timeoutSeconds: 10,
        ...over,
    });
    const redeploys = async () => (await h.admin.operationStats())["POST /job/{jobId}/redeploy"]?.byStatus ?? {};

    before(async () => {
        h = await startHarness();
    });
    after(async () => {
        await h.emulator.stop();
    });
    beforeEach(async () => {
        polls = [];
        await h.admin.reset();
        await h.configureHooks();
        await h.admin.setDeploymentTiming({ queuedMs: 50, deployingMs: 150 });
    });

    it("create requests one redeploy and waits for its end: the job is up to date", async () => {
        await h.admin.seedSecret(h.jobId, { key: "DB_PASSWORD", value: "x" });
        const { outs } = await hooks.create(inputs());
        const records = await h.admin.deployments(h.jobId);
        assert.equal(records.length, 1);
        assert.equal(records[0].action, "redeploy");
        assert.equal(outs.deploymentRequestId, records[0].id);
        assert.equal(outs.state, "DEPLOYED");
        assert.equal(outs.serviceDeploymentStatus, "UP_TO_DATE");
        assert.ok(!Number.isNaN(Date.parse(outs.requestedAt as string)));
        assert.deepEqual(await redeploys(), { "202": 1 });
        assert.ok(polls.length >= 1);
    });

    it("a deployment in progress (409) is waited for, then one redeploy is requested", async () => {
        await h.admin.programDeployment(h.jobId, { queuedMs: 100, deployingMs: 500 });
        const theirs = await fetch(`${h.emulator.url}/job/${h.jobId}/redeploy`, {
            method: "POST",
            headers: { Authorization: `Token ${TOKEN}` },
        });
        assert.equal(theirs.status, 202);
        const { outs } = await hooks.update("id", inputs(), inputs({ triggersHash: triggersHash(["v2"]) }));
        assert.deepEqual(await redeploys(), { "202": 2, "409": 1 });
        const records = await h.admin.deployments(h.jobId);
        assert.equal(records.length, 2);
        assert.equal(outs.deploymentRequestId, records[1].id);
        assert.equal(outs.state, "DEPLOYED");
    });

    it("a failed deployment fails the step with the state, the request id and what to do", async () => {
        await h.admin.programDeployment(h.jobId, { outcome: "failure" });
        const err = await rejection(() => hooks.create(inputs()));
        assert.ok(err instanceof DeploymentError, String(err));
        const [record] = await h.admin.deployments(h.jobId);
        assert.equal(err.deploymentRequestId, record.id);
        assert.match(err.message, /ended in DEPLOYMENT_ERROR \(ERROR\)/);
        assert.match(err.message, new RegExp(`deployment request ${record.id}`));
        assert.match(err.message, /run `pulumi up` again/);
    });

    it("a deployment that outlasts timeoutSeconds fails naming it and where it stands", async () => {
        await h.admin.programDeployment(h.jobId, { queuedMs: 50, deployingMs: 5_000 });
        const started = Date.now();
        const err = await rejection(() => hooks.create(inputs({ timeoutSeconds: 1 })));
        assert.ok(Date.now() - started < 3_000);
        const [record] = await h.admin.deployments(h.jobId);
        assert.match(
            err.message,
            new RegExp(`deployment request ${record.id}\\) did not end within 1 s: it is DEPLOYING`),
        );
        assert.match(err.message, /timeoutSeconds/);
    });

    it("a deployment in progress that outlasts timeoutSeconds: no redeploy is requested, and the error says so", async () => {
        await h.admin.programDeployment(h.jobId, { queuedMs: 50, deployingMs: 5_000 });
        const theirs = await fetch(`${h.emulator.url}/job/${h.jobId}/redeploy`, {
            method: "POST",
            headers: { Authorization: `Token ${TOKEN}` },
        });
        assert.equal(theirs.status, 202);
        const err = await rejection(() => hooks.create(inputs({ timeoutSeconds: 1 })));
        const [record] = await h.admin.deployments(h.jobId);
        assert.match(
            err.message,
            new RegExp(
                `had a deployment in progress \\(deployment request ${record.id}\\) that did not end within 1 s`,
            ),
        );
        assert.match(err.message, /no redeploy was requested/);
        assert.deepEqual(await redeploys(), { "202": 1, "409": 1 });
    });

    it("without waitForCompletion the step ends once the redeploy is accepted, without polling", async () => {
        const { outs } = await hooks.create(inputs({ waitForCompletion: false }));
        assert.equal(outs.state, "DEPLOYMENT_QUEUED");
        assert.equal(polls.length, 0);
    });

    it("a refused request says so and that nothing was requested", async () => {
        await h.configureHooks({ "qovery:apiToken": "wrong-token-" + "z".repeat(20) });
        const err = await rejection(() => hooks.create(inputs()));
        assert.match(err.message, /Could not request the redeploy of Qovery job .*401/);
        assert.match(err.message, /no redeploy was requested/);
        assert.equal((await h.admin.deployments(h.jobId)).length, 0);
    });

    it("a lost answer to the request says the redeploy may have been requested", async () => {
        await h.admin.fault({ method: "POST", path: `/job/${h.jobId}/redeploy`, drop: "after" });
        const err = await rejection(() => hooks.create(inputs()));
        assert.match(err.message, /may or may not have been requested/);
        assert.doesNotMatch(err.message, /no redeploy was requested/);
        // It was: the emulator accepted it before the connection dropped. Never retried blindly.
        assert.equal((await h.admin.deployments(h.jobId)).length, 1);
    });

    it("read makes no API call and delete leaves the job alone", async () => {
        const props = { ...inputs(), state: "DEPLOYED", serviceDeploymentStatus: "UP_TO_DATE", requestedAt: "x" };
        await h.admin.clearRequests();
        const r = await hooks.read("id", props);
        assert.deepEqual(r.props, props);
        await hooks.delete("id", props);
        assert.equal((await h.admin.requests()).length, 0);
    });
});
