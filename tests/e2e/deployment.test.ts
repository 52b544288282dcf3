import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import { EmulatorAdmin, type RunningEmulator, startEmulator } from "../../emulator";
import { stackLeaks } from "./leaks";
import { PulumiStack } from "./pulumi";
import { REPO, consumerRoot, installProgram, pulumiBinary } from "./workspace";

const TOKEN = `deployment-token-${randomBytes(12).toString("hex")}`;

/**
 * `Deployment` under the real CLI (tests/e2e/programs/deployment): the target set through
 * config. A preview refuses none or two target ids, naming them, before any request reaches
 * the API; one target is redeployed once per change, through the hooks module
 * `pulumi-qovery-secrets/hooks/deployment`; a new target (another job, an environment, a helm
 * service) replaces; destroy deploys nothing.
 */
describe("end to end through the Pulumi CLI: Deployment", function () {
    this.timeout(600_000);

    let emulator: RunningEmulator;
    let admin: EmulatorAdmin;
    let stack: PulumiStack;
    let jobId: string;

    /** Public requests since the last call, by operation and status; then forgets them. */
    const operations = async () => {
        const stats = await admin.operationStats();
        await admin.clearRequests();
        return stats;
    };
    const redeploys = (stats: Awaited<ReturnType<EmulatorAdmin["operationStats"]>>) =>
        Object.fromEntries(
            Object.entries(stats)
                .filter(([op]) => op.endsWith("/redeploy"))
                .map(([op, s]) => [op, s.byStatus]),
        );
    const setTargets = (targets: Record<string, string>) => stack.setConfig("targets", JSON.stringify(targets));

    before(async () => {
        pulumiBinary();
        emulator = await startEmulator({ token: TOKEN, deployment: { queuedMs: 100, deployingMs: 300 } });
        admin = new EmulatorAdmin(emulator.url);
        jobId = await admin.createJob({ name: "deployment-target" });
        const programDir = installProgram(
            await consumerRoot(),
            path.join(REPO, "tests", "e2e", "programs", "deployment"),
            "deployment",
        );
        stack = await PulumiStack.create({ programDir });
        await stack.setConfig("qovery:apiUrl", emulator.url);
        await stack.setConfig("qovery:apiToken", TOKEN, true);
    });
    after(async () => {
        stack?.cleanup();
        await emulator?.stop();
    });
    afterEach("leak scan: state, backups, history, config and CLI output", function () {
        if (!stack) return;
        const findings = stackLeaks(stack, [{ label: "API token", value: TOKEN }]);
        assert.deepEqual(findings, [], `plaintext found: ${JSON.stringify(findings)}`);
    });

    it("no target id: preview refuses it, naming every target input, and no request reaches the API", async () => {
        await setTargets({});
        await admin.clearRequests();
        const r = await stack.run(["preview"]);
        assert.notEqual(r.code, 0);
        assert.match(
            r.output,
            /needs exactly one of applicationId, containerId, jobId, helmId, terraformId, environmentId: the one service or environment it redeploys; none is set/,
        );
        assert.deepEqual(await operations(), {});
    });

    it("two target ids: preview refuses them, naming both, and no request reaches the API", async () => {
        await setTargets({ jobId, environmentId: jobId });
        await admin.clearRequests();
        const r = await stack.run(["preview"]);
        assert.notEqual(r.code, 0);
        assert.match(r.output, /jobId and environmentId are set/);
        assert.deepEqual(await operations(), {});
    });

    it("a job: up requests one redeploy and waits for it; the outputs name the target", async () => {
        await setTargets({ jobId });
        stack.typeCheck = true; // the program type-checks against the packed library
        await stack.up();
        stack.typeCheck = false;
        assert.deepEqual(redeploys(await operations()), { "POST /job/{jobId}/redeploy": { "202": 1 } });
        const out = await stack.outputs();
        const [record] = await admin.deployments(jobId);
        assert.deepEqual(
            [out.targetKind, out.targetId, out.state, out.deploymentRequestId, out.isDeployment],
            ["JOB", jobId, "DEPLOYED", record.id, true],
        );
        const resource = (stack.state().checkpoint.latest?.resources ?? []).find((r) =>
            r.urn.endsWith("qovery:Deployment::redeploy"),
        );
        assert.ok(resource, "the Deployment is in the state");
        assert.match(String(resource.inputs?.__provider), /pulumi-qovery-secrets\/hooks\/deployment/);
    });

    it("unchanged: preview --expect-no-changes and no request; a new trigger: exactly one redeploy", async () => {
        await stack.preview(["--expect-no-changes"]);
        assert.deepEqual(redeploys(await operations()), {});
        await stack.setConfig("trigger", "v2");
        await stack.up();
        assert.deepEqual(redeploys(await operations()), { "POST /job/{jobId}/redeploy": { "202": 1 } });
        assert.equal((await admin.deployments(jobId)).length, 2);
    });

    it("another job: a replacement deploys the new one, the old one is left alone", async () => {
        const other = await admin.createJob({ name: "deployment-other" });
        await setTargets({ jobId: other });
        await stack.up();
        assert.deepEqual(redeploys(await operations()), { "POST /job/{jobId}/redeploy": { "202": 1 } });
        assert.equal((await admin.deployments(other)).length, 1);
        assert.equal((await admin.deployments(jobId)).length, 2);
        assert.equal((await stack.outputs()).targetId, other);
    });

    it("an environment: a replacement redeploys the environment once, and with it each of its services", async () => {
        const project = await admin.createProject();
        const environmentId = await admin.createEnvironment(project, { builtIns: false });
        const helmId = await admin.createService("HELM", environmentId, { builtIns: false });
        await setTargets({ environmentId });
        await stack.up();
        assert.deepEqual(redeploys(await operations()), {
            "POST /environment/{environmentId}/redeploy": { "202": 1 },
        });
        const [record] = await admin.environmentDeployments(environmentId);
        assert.deepEqual(record.services, [helmId]);
        const out = await stack.outputs();
        assert.deepEqual(
            [out.targetKind, out.targetId, out.state, out.deploymentRequestId],
            ["ENVIRONMENT", environmentId, "DEPLOYED", record.id],
        );

        // A helm service of it next: the helm route, once.
        await setTargets({ helmId });
        await stack.up();
        assert.deepEqual(redeploys(await operations()), { "POST /helm/{helmId}/redeploy": { "202": 1 } });
        assert.equal((await admin.serviceDeployments(helmId)).length, 2);
        assert.equal((await stack.outputs()).targetKind, "HELM");
    });

    it("destroy deploys nothing", async () => {
        await stack.destroy();
        assert.deepEqual(redeploys(await operations()), {});
    });
});
