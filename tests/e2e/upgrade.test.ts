/**
 * Existing stacks keep working across an upgrade. Every state written by 0.1.0 holds
 * `require("pulumi-qovery-secrets/hooks")` and calls its hooks by name: that module path and
 * its exports are a compatibility contract. A stack created with the released 0.1.0 tarball
 * (tests/e2e/releases/, packed from the v0.1.0 tag) is upgraded to this commit's package.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorAdmin, type RunningEmulator, startEmulator } from "../../emulator";
import { type Secret, stackLeaks } from "./leaks";
import { PulumiStack, isCiphertextSecret } from "./pulumi";
import { currentTarball, installProgram, makeConsumer, npmInstall, pulumiBinary } from "./workspace";

const RELEASE_0_1_0 = path.join(__dirname, "releases", "pulumi-qovery-secrets-0.1.0.tgz");
const TOKEN = `up-token-${randomBytes(12).toString("hex")}`;

describe("end to end through the Pulumi CLI: a stack written by 0.1.0 upgrades to this version", function () {
    this.timeout(600_000);
    let emulator: RunningEmulator;
    let admin: EmulatorAdmin;
    let consumer: string;
    let stack: PulumiStack;
    let job: string;
    const secrets: Secret[] = [{ label: "token", value: TOKEN }];
    const value = (label: string) => {
        const v = `up-value-${randomBytes(12).toString("hex")}`;
        secrets.push({ label, value: v });
        return v;
    };
    const write = (specs: object[]) =>
        fs.writeFileSync(path.join(stack.programDir, "secrets.json"), JSON.stringify(specs, null, 2));
    const installedVersion = () =>
        JSON.parse(
            fs.readFileSync(path.join(consumer, "node_modules", "pulumi-qovery-secrets", "package.json"), "utf8"),
        ).version as string;

    before(async () => {
        pulumiBinary();
        emulator = await startEmulator({ token: TOKEN });
        admin = new EmulatorAdmin(emulator.url);
        job = await admin.createJob({ name: "upgrade" });
        // A consumer of its own: its package is swapped in the middle.
        consumer = await makeConsumer(RELEASE_0_1_0);
        const dir = installProgram(consumer, path.join(__dirname, "programs", "lifecycle"), "upgrade");
        stack = await PulumiStack.create({ programDir: dir });
        await stack.setConfig("qovery:apiUrl", emulator.url);
        await stack.setConfig("qovery:apiToken", TOKEN, true);
    });

    after(async () => {
        stack?.cleanup();
        await emulator?.stop();
        if (consumer) fs.rmSync(consumer, { recursive: true, force: true });
    });

    afterEach("leak scan", () => {
        if (stack) assert.deepEqual(stackLeaks(stack, secrets), []);
    });

    const specs = [
        { name: "db-password", jobId: "", key: "DB_PASSWORD", value: "", description: "primary" },
        { name: "tls-key", jobId: "", key: "TLS_KEY", value: "", mountPath: "/etc/app/tls.key" },
    ];

    it('0.1.0 creates the secrets; its state calls require("pulumi-qovery-secrets/hooks")', async () => {
        assert.equal(installedVersion(), "0.1.0");
        for (const s of specs) Object.assign(s, { jobId: job, value: value(s.name) });
        write(specs);
        await stack.up();
        const stored = await admin.storedSecrets(job);
        assert.deepEqual(stored.map((s) => s.key).sort(), ["DB_PASSWORD", "TLS_KEY"]);
        for (const r of stack.jobSecrets()) {
            assert.match(String(r.inputs?.__provider), /require\("pulumi-qovery-secrets\/hooks"\)/);
        }
    });

    it("after upgrading the package: preview --expect-no-changes passes, and makes no API call", async () => {
        await npmInstall(consumer, [await currentTarball()]);
        const current = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")).version;
        assert.equal(installedVersion(), current);
        // The tarball must really have been swapped: the old one has no engine/ folder.
        assert.ok(
            fs.existsSync(path.join(consumer, "node_modules", "pulumi-qovery-secrets", "dist", "provider", "engine")),
        );
        await admin.clearRequests();
        await stack.preview(["--expect-no-changes", "--diff"]);
        assert.deepEqual(await admin.requests(), []);
    });

    it("refresh reads the old state with the new hooks and changes nothing", async () => {
        const before = stack.jobSecrets().map((r) => [r.id, r.outputs?.key]);
        await stack.refresh();
        assert.deepEqual(
            stack.jobSecrets().map((r) => [r.id, r.outputs?.key]),
            before,
        );
        await stack.preview(["--expect-no-changes"]);
    });

    it("an update after the upgrade is one PUT on the same secret, value still ciphertext", async () => {
        const idBefore = stack.jobSecrets().find((r) => r.urn.endsWith("::db-password"))!.id;
        specs[0].value = value("db-password-2");
        write(specs);
        await admin.clearRequests();
        await stack.up();
        const writes = (await admin.requests()).filter((r) => r.method !== "GET");
        assert.deepEqual(
            writes.map((r) => `${r.method} ${r.path}`),
            [`PUT /job/${job}/secret/${idBefore}`],
        );
        const stored = await admin.storedSecrets(job);
        assert.equal(stored.find((s) => s.key === "DB_PASSWORD")!.value, specs[0].value);
        for (const r of stack.jobSecrets()) {
            assert.ok(isCiphertextSecret(r.inputs?.value) && isCiphertextSecret(r.outputs?.value), r.urn);
        }
    });

    it("destroy with the new version removes everything", async () => {
        await stack.destroy();
        assert.deepEqual(await admin.storedSecrets(job), []);
        assert.deepEqual(stack.jobSecrets(), []);
    });
});
