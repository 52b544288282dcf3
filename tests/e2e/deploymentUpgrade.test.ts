/**
 * A JobDeployment written by 0.2.0 stays as it is under this version, which runs JobDeployment
 * on the code it shares with Deployment: examples/redeploy-on-change created with the released
 * 0.2.0 tarball (tests/e2e/releases/), then the package upgraded in place.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorAdmin, type RunningEmulator, startEmulator } from "../../emulator";
import { type Secret, stackLeaks } from "./leaks";
import { PulumiStack } from "./pulumi";
import { REPO, currentTarball, installProgram, makeConsumer, npmInstall, pulumiBinary } from "./workspace";

const RELEASE_0_2_0 = path.join(__dirname, "releases", "pulumi-qovery-secrets-0.2.0.tgz");
const TOKEN = `dep-up-token-${randomBytes(12).toString("hex")}`;

describe("end to end through the Pulumi CLI: a JobDeployment written by 0.2.0 upgrades to this version", function () {
    this.timeout(600_000);
    let emulator: RunningEmulator;
    let admin: EmulatorAdmin;
    let consumer: string;
    let stack: PulumiStack;
    let jobId: string;
    const secrets: Secret[] = [{ label: "token", value: TOKEN }];
    const value = (label: string) => {
        const v = `dep-up-${label}-${randomBytes(12).toString("hex")}`;
        secrets.push({ label, value: v });
        return v;
    };
    const installedVersion = () =>
        JSON.parse(
            fs.readFileSync(path.join(consumer, "node_modules", "pulumi-qovery-secrets", "package.json"), "utf8"),
        ).version as string;
    const jobDeployment = () =>
        (stack.state().checkpoint.latest?.resources ?? []).find((r) =>
            r.urn.endsWith("qovery:JobDeployment::api-redeploy"),
        );

    before(async () => {
        pulumiBinary();
        emulator = await startEmulator({ token: TOKEN, deployment: { queuedMs: 100, deployingMs: 300 } });
        admin = new EmulatorAdmin(emulator.url);
        jobId = await admin.createJob({ name: "deployment-upgrade" });
        // A consumer of its own: its package is swapped in the middle.
        consumer = await makeConsumer(RELEASE_0_2_0);
        const dir = installProgram(consumer, path.join(REPO, "examples", "redeploy-on-change"), "deployment-upgrade");
        stack = await PulumiStack.create({ programDir: dir });
        await stack.setConfig("qovery:apiUrl", emulator.url);
        await stack.setConfig("qovery:apiToken", TOKEN, true);
        await stack.setConfig("jobId", jobId);
        await stack.setConfig("dbPassword", value("db-1"), true);
        await stack.setConfig("tlsKey", value("tls"), true);
    });
    after(async () => {
        stack?.cleanup();
        await emulator?.stop();
        if (consumer) fs.rmSync(consumer, { recursive: true, force: true });
    });
    afterEach("leak scan", () => {
        if (stack) assert.deepEqual(stackLeaks(stack, secrets), []);
    });

    let written: { inputs: unknown; outputs: unknown };
    /** The state with each secret's ciphertext masked: Pulumi encrypts again, with a new nonce, on every write. */
    const withoutCiphertext = (v: unknown): unknown =>
        JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === "ciphertext" ? "(ciphertext)" : x)));

    it("0.2.0 creates the variables and redeploys the job once", async () => {
        assert.equal(installedVersion(), "0.2.0");
        await stack.up();
        assert.equal((await admin.deployments(jobId)).length, 1);
        const r = jobDeployment();
        assert.ok(r, "the JobDeployment is in the state");
        written = { inputs: r.inputs, outputs: r.outputs };
    });

    it("after upgrading: preview --expect-no-changes, no API call; refresh keeps the JobDeployment's state as written", async () => {
        await npmInstall(consumer, [await currentTarball()]);
        // The new package is in place (the version may not have moved yet): it has the Deployment hooks module.
        assert.ok(
            fs.existsSync(
                path.join(
                    consumer,
                    "node_modules",
                    "pulumi-qovery-secrets",
                    "dist",
                    "provider",
                    "hooks",
                    "deployment.js",
                ),
            ),
        );
        await admin.clearRequests();
        await stack.preview(["--expect-no-changes", "--diff"]);
        assert.deepEqual(await admin.requests(), []);
        await stack.refresh();
        const r = jobDeployment()!;
        assert.deepEqual(withoutCiphertext({ inputs: r.inputs, outputs: r.outputs }), withoutCiphertext(written));
        await stack.preview(["--expect-no-changes"]);
    });

    it("a changed secret after the upgrade: exactly one redeploy of the job, the same outputs as before", async () => {
        await stack.setConfig("dbPassword", value("db-2"), true);
        await admin.clearRequests();
        await stack.up();
        const stats = await admin.operationStats();
        assert.deepEqual(stats["POST /job/{jobId}/redeploy"]?.byStatus, { "202": 1 });
        const records = await admin.deployments(jobId);
        assert.equal(records.length, 2);
        const outputs = jobDeployment()!.outputs as Record<string, unknown>;
        assert.equal(outputs.deploymentRequestId, records[1].id);
        // JobDeployment's outputs are 0.2.0's: none of Deployment's was added (an update records
        // `__pendingRemovals`, as 0.2.0's update does).
        assert.deepEqual(
            Object.keys(outputs)
                .filter((k) => k !== "__pendingRemovals")
                .sort(),
            Object.keys(written.outputs as object).sort(),
        );
        assert.equal("targetKind" in outputs || "targetId" in outputs, false);
        await stack.preview(["--expect-no-changes"]);
    });

    it("destroy deploys nothing", async () => {
        await admin.clearRequests();
        await stack.destroy();
        assert.equal((await admin.operationStats())["POST /job/{jobId}/redeploy"], undefined);
    });
});
