import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import { EmulatorAdmin, type RunningEmulator, startEmulator } from "../../emulator";
import { POLL_BUDGET_PER_MINUTE } from "../../provider/deploy/schedule";
import { type Secret, stackLeaks } from "./leaks";
import { PulumiStack, isCiphertextSecret } from "./pulumi";
import { REPO, consumerRoot, installProgram, pulumiBinary } from "./workspace";

const TOKEN = `redeploy-token-${randomBytes(12).toString("hex")}`;

/**
 * examples/redeploy-on-change under the real CLI, on one stack: a JobVariables with
 * redeployOnChange. Create, no-change preview, a changed secret, a deployment already running,
 * a failing deployment and its retry, a timeout, destroy; the redeploy requests counted on the
 * emulator after each, a leak scan after each. Deployments are short (setDeploymentTiming).
 */
describe("end to end through the Pulumi CLI: redeploy on change", function () {
    this.timeout(600_000);

    let emulator: RunningEmulator;
    let admin: EmulatorAdmin;
    let jobId: string;
    let stack: PulumiStack;
    const secrets: Secret[] = [{ label: "API token", value: TOKEN }];
    const secretValue = (label: string) => {
        const value = `rd-${label}-${randomBytes(12).toString("hex")}`;
        secrets.push({ label, value });
        return value;
    };

    /** Public requests since the last call, by operation and status; then forgets them. */
    const operations = async () => {
        const stats = await admin.operationStats();
        await admin.clearRequests();
        const of = (op: string) => stats[op]?.byStatus ?? {};
        return {
            redeploy: of("POST /job/{jobId}/redeploy"),
            deploy: of("POST /job/{jobId}/deploy"),
            polls: stats["GET /job/{jobId}/status"]?.requests ?? 0,
        };
    };
    const jobStatus = async () => {
        const r = await fetch(`${emulator.url}/job/${jobId}/status`, { headers: { Authorization: `Token ${TOKEN}` } });
        return (await r.json()) as { state: string; service_deployment_status: string };
    };
    /** `pulumi up`, timed; prints and checks the polls of the job's status against the rate budget. */
    const timedUp = async (expectOk = true) => {
        const started = Date.now();
        const r = expectOk ? await stack.up() : await stack.run(["up", "--yes", "--skip-preview"]);
        const seconds = (Date.now() - started) / 1000;
        return { r, seconds };
    };
    const checkPollRate = (polls: number, seconds: number) => {
        // Every poll of the run falls within ceil(seconds / 60) minutes.
        const minutes = Math.max(1, Math.ceil(seconds / 60));
        console.log(
            `      status polls: ${polls} in an up of ${seconds.toFixed(1)} s, at most ${polls} in any minute (budget ${POLL_BUDGET_PER_MINUTE} a minute)`,
        );
        assert.ok(polls <= POLL_BUDGET_PER_MINUTE * minutes, `${polls} polls in ${seconds} s`);
    };

    before(async () => {
        pulumiBinary();
        emulator = await startEmulator({ token: TOKEN, deployment: { queuedMs: 200, deployingMs: 800 } });
        admin = new EmulatorAdmin(emulator.url);
        jobId = await admin.createJob({ name: "redeploy" });
        const programDir = installProgram(
            await consumerRoot(),
            path.join(REPO, "examples", "redeploy-on-change"),
            "redeploy-on-change",
        );
        stack = await PulumiStack.create({ programDir });
        await stack.setConfig("qovery:apiUrl", emulator.url);
        await stack.setConfig("qovery:apiToken", TOKEN, true);
        await stack.setConfig("jobId", jobId);
        await stack.setConfig("dbPassword", secretValue("db-1"), true);
        await stack.setConfig("tlsKey", `-----BEGIN KEY-----\n${secretValue("tls")}\n-----END KEY-----\n`, true);
    });
    after(async () => {
        stack?.cleanup();
        await emulator?.stop();
    });
    afterEach("leak scan: state, backups, history, config and CLI output", function () {
        if (!stack) return;
        const findings = stackLeaks(stack, secrets);
        assert.deepEqual(findings, [], `plaintext found: ${JSON.stringify(findings)}`);
    });

    it("up: the variables are created, then exactly one redeploy; the job ends up to date", async () => {
        stack.typeCheck = true; // the example type-checks against the packed library
        const { seconds } = await timedUp();
        stack.typeCheck = false;
        const ops = await operations();
        assert.deepEqual(ops.redeploy, { "202": 1 });
        assert.deepEqual(ops.deploy, {});
        checkPollRate(ops.polls, seconds);
        const status = await jobStatus();
        assert.equal(status.state, "DEPLOYED");
        assert.equal(status.service_deployment_status, "UP_TO_DATE");
        const out = await stack.outputs();
        const [record] = await admin.deployments(jobId);
        assert.equal(out.deploymentRequestId, record.id);
        assert.equal(out.deploymentState, "DEPLOYED");
        // The serialized provider is the one-line require of the kind's hooks module; only a hash of the triggers is kept.
        const deployment = (stack.state().checkpoint.latest?.resources ?? []).find((r) =>
            r.urn.endsWith("qovery:JobDeployment::api-redeploy"),
        );
        assert.ok(deployment, "the JobDeployment is in the state");
        assert.match(String(deployment.inputs?.__provider), /pulumi-qovery-secrets\/hooks\/jobDeployment/);
        assert.ok(Buffer.byteLength(String(deployment.inputs?.__provider)) < 1000);
        // The triggers hash a secret's content: the hash is ciphertext in the state.
        assert.ok(
            isCiphertextSecret(deployment.outputs?.triggersHash),
            JSON.stringify(deployment.outputs?.triggersHash),
        );
    });

    it("an unchanged program: preview --expect-no-changes, and no deploy request", async () => {
        await stack.preview(["--expect-no-changes"]);
        const ops = await operations();
        assert.deepEqual([ops.redeploy, ops.deploy], [{}, {}]);
    });

    it("one changed secret: exactly one redeploy, and the job ends up to date", async () => {
        await stack.setConfig("dbPassword", secretValue("db-2"), true);
        // The preview shows the redeploy: the secret's `updatedAt` is not known before the update.
        const plan = JSON.parse((await stack.ok(["preview", "--json"])).stdout) as {
            steps?: { op: string; urn: string }[];
        };
        const ops = (name: string) => plan.steps?.filter((st) => st.urn.endsWith(`::${name}`)).map((st) => st.op);
        assert.deepEqual(ops("api-secret-DB_PASSWORD"), ["update"]);
        assert.deepEqual(ops("api-redeploy"), ["update"]);
        assert.deepEqual(
            (ops("api-secret-TLS_KEY") ?? []).filter((op) => op !== "same"),
            [],
        );
        await admin.clearRequests();
        const { seconds } = await timedUp();
        const done = await operations();
        assert.deepEqual(done.redeploy, { "202": 1 });
        checkPollRate(done.polls, seconds);
        assert.equal((await jobStatus()).service_deployment_status, "UP_TO_DATE");
        assert.equal((await admin.deployments(jobId)).length, 2);
    });

    it("a deployment already running: waited for, then one redeploy", async () => {
        // Someone else's deployment, long enough to be running when the provider gets there.
        await admin.programDeployment(jobId, { queuedMs: 200, deployingMs: 20_000 });
        const theirs = await fetch(`${emulator.url}/job/${jobId}/redeploy`, {
            method: "POST",
            headers: { Authorization: `Token ${TOKEN}` },
        });
        assert.equal(theirs.status, 202);
        await stack.setConfig("logLevel", "debug");
        await admin.clearRequests();
        const { seconds } = await timedUp();
        const ops = await operations();
        assert.deepEqual(ops.redeploy, { "202": 1, "409": 1 });
        checkPollRate(ops.polls, seconds);
        const records = await admin.deployments(jobId);
        assert.equal(records.length, 4);
        // Ours was requested after theirs had ended.
        assert.ok(Date.parse(records[3].requested_at) >= Date.parse(records[2].requested_at) + 20_000);
        assert.equal((await jobStatus()).service_deployment_status, "UP_TO_DATE");
    });

    it("a failing deployment: a clear error, and the next up retries it", async () => {
        await admin.programDeployment(jobId, { outcome: "failure" });
        await stack.setConfig("dbPassword", secretValue("db-3"), true);
        await admin.clearRequests();
        const failed = (await timedUp(false)).r;
        assert.notEqual(failed.code, 0);
        const records = await admin.deployments(jobId);
        const last = records[records.length - 1];
        assert.match(
            failed.output,
            new RegExp(
                `The redeploy of Qovery job ${jobId} \\(deployment request ${last.id}\\) ended in DEPLOYMENT_ERROR`,
            ),
        );
        assert.match(failed.output, /run `pulumi up` again: it requests the redeploy again/);
        assert.equal((await jobStatus()).service_deployment_status, "OUT_OF_DATE");
        assert.deepEqual((await operations()).redeploy, { "202": 1 });

        await timedUp();
        assert.deepEqual((await operations()).redeploy, { "202": 1 });
        assert.equal((await jobStatus()).service_deployment_status, "UP_TO_DATE");
    });

    it("a timeout: a clear error naming the deployment", async () => {
        await stack.setConfig("deployTimeoutSeconds", "2");
        await admin.programDeployment(jobId, { queuedMs: 200, deployingMs: 8_000 });
        await stack.setConfig("dbPassword", secretValue("db-4"), true);
        const r = (await timedUp(false)).r;
        assert.notEqual(r.code, 0);
        const records = await admin.deployments(jobId);
        const last = records[records.length - 1];
        assert.match(
            r.output,
            new RegExp(`deployment request ${last.id}\\) did not end within 2 s: it is DEPLOYING \\(ONGOING\\)`),
        );
    });

    it("destroy: the resources go, and nothing is deployed", async () => {
        await admin.clearRequests();
        await stack.destroy();
        const ops = await operations();
        assert.deepEqual([ops.redeploy, ops.deploy], [{}, {}]);
        assert.equal((await admin.storedSecrets(jobId)).length, 0);
    });
});
