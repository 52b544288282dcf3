/**
 * Stacks written by the code before the recorded URN became internal keep working, and no
 * preview shows the library's bookkeeping. The tarball in tests/e2e/releases/ was packed from
 * commit a1b8520 (0.2.0 in development): its states hold the URN as `resourceUrn`, an ordinary
 * input that every `pulumi preview --diff` listed. This version records it as `__resourceUrn`,
 * which Pulumi's display hides.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorAdmin, type RunningEmulator, startEmulator } from "../../emulator";
import { type Secret, stackLeaks } from "./leaks";
import { PulumiStack, type StateResource } from "./pulumi";
import { currentTarball, installProgram, makeConsumer, npmInstall, pulumiBinary } from "./workspace";

const BEFORE_RENAME = path.join(__dirname, "releases", "pulumi-qovery-secrets-0.2.0-a1b8520.tgz");
const TOKEN = `urn-token-${randomBytes(12).toString("hex")}`;

interface Spec {
    type: string;
    name: string;
    args: Record<string, unknown>;
    secret?: string[];
}

describe("end to end through the Pulumi CLI: the recorded URN is internal, and older states keep working", function () {
    this.timeout(600_000);
    let emulator: RunningEmulator;
    let admin: EmulatorAdmin;
    let consumer: string;
    let stack: PulumiStack;
    let jobId: string;
    let specs: Spec[];
    const secrets: Secret[] = [{ label: "token", value: TOKEN }];
    const value = (label: string) => {
        const v = `urn-${label}-${randomBytes(12).toString("hex")}`;
        secrets.push({ label, value: v });
        return v;
    };
    const write = (next: Spec[]) => {
        specs = next;
        fs.writeFileSync(path.join(stack.programDir, "family.json"), JSON.stringify(specs, null, 2));
    };
    const resources = (): StateResource[] =>
        (stack.state().checkpoint.latest?.resources ?? []).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
    /** Every name the recorded URN has in the state's inputs and outputs. */
    const urnNames = () =>
        [
            ...new Set(
                resources().flatMap((r) =>
                    [...Object.keys(r.inputs ?? {}), ...Object.keys(r.outputs ?? {})].filter((k) =>
                        /resourceUrn/.test(k),
                    ),
                ),
            ),
        ].sort();

    before(async () => {
        pulumiBinary();
        emulator = await startEmulator({ token: TOKEN });
        admin = new EmulatorAdmin(emulator.url);
        jobId = await admin.createJob({ name: "recorded-urn" });
        await admin.seedSecret(jobId, { key: "STRIPE_KEY", value: value("seeded"), scope: "PROJECT" });
        consumer = await makeConsumer(BEFORE_RENAME);
        const dir = installProgram(consumer, path.join(__dirname, "programs", "family"), "recorded-urn");
        stack = await PulumiStack.create({ programDir: dir });
        await stack.setConfig("qovery:apiUrl", emulator.url);
        await stack.setConfig("qovery:apiToken", TOKEN, true);
        write([
            {
                type: "JobSecret",
                name: "db",
                args: { jobId, key: "DB_PASSWORD", value: value("db") },
                secret: ["value"],
            },
            // An alias of the seeded project secret: no order between the program's own creates to wait for.
            {
                type: "JobSecretAlias",
                name: "stripe-alias",
                args: { jobId, aliasedKey: "STRIPE_KEY", key: "PAYMENTS_KEY" },
            },
            {
                type: "JobSecretOverride",
                name: "stripe",
                args: { jobId, overriddenKey: "STRIPE_KEY", value: value("stripe") },
            },
            { type: "JobEnvironmentVariable", name: "level", args: { jobId, key: "LOG_LEVEL", value: "info" } },
        ]);
    });

    after(async () => {
        stack?.cleanup();
        await emulator?.stop();
        if (consumer) fs.rmSync(consumer, { recursive: true, force: true });
    });

    afterEach("leak scan", () => {
        if (stack) assert.deepEqual(stackLeaks(stack, secrets), []);
    });

    it("the code before the rename shows the URN in `preview --diff` (what this test looks for can be seen)", async () => {
        const { output } = await stack.preview(["--diff"]);
        assert.match(output, /\+ pulumi-nodejs:dynamic\/qovery:JobSecret/);
        assert.match(output, /resourceUrn/);
        await stack.up();
        assert.deepEqual(urnNames(), ["resourceUrn"]);
    });

    it("after the upgrade: no change, no API call, nothing of the URN in the preview", async () => {
        await npmInstall(consumer, [await currentTarball()]);
        await admin.clearRequests();
        const { output } = await stack.preview(["--expect-no-changes", "--diff"]);
        assert.doesNotMatch(output, /resourceUrn/);
        assert.deepEqual(await admin.requests(), []);
    });

    it("refresh changes nothing", async () => {
        await stack.refresh(["--expect-no-changes"]);
        await stack.preview(["--expect-no-changes"]);
    });

    it("updates and a new resource: the preview shows the arguments, never the URN; updates are one PUT each", async () => {
        const ids = Object.fromEntries(resources().map((r) => [r.urn.split("::").pop(), r.id]));
        write([
            ...specs.map((s) =>
                s.name === "db"
                    ? { ...s, args: { ...s.args, value: value("db-2") } }
                    : s.name === "level"
                      ? { ...s, args: { ...s.args, value: "debug" } }
                      : s,
            ),
            { type: "JobEnvironmentVariable", name: "region", args: { jobId, key: "REGION", value: "eu-west-3" } },
        ]);
        const { output } = await stack.preview(["--diff"]);
        assert.match(output, /\+ pulumi-nodejs:dynamic\/qovery:JobEnvironmentVariable/);
        assert.match(output, /REGION/, "the new resource's arguments are shown");
        assert.match(output, /"info" => "debug"/, "the update is shown");
        // At most, an updated resource of the older state shows its recorded URN leaving (`- resourceUrn`);
        // the refresh above already moved the inputs to the hidden name, so here nothing shows.
        assert.deepEqual(
            output.split("\n").filter((l) => /resourceUrn/.test(l) && !/^\s*- resourceUrn/.test(l)),
            [],
        );
        await admin.clearRequests();
        await stack.up();
        const writes = (await admin.requests()).filter((r) => r.method !== "GET");
        assert.deepEqual(
            writes.map((r) => `${r.method} ${r.path}`).sort(),
            [
                `POST /job/${jobId}/environmentVariable`,
                `PUT /job/${jobId}/environmentVariable/${ids.level}`,
                `PUT /job/${jobId}/secret/${ids.db}`,
            ].sort(),
        );
        for (const r of resources()) {
            assert.equal(r.inputs?.__resourceUrn, r.urn, `${r.urn}: the inputs moved to the hidden name`);
            assert.ok(!("resourceUrn" in (r.inputs ?? {})), r.urn);
        }
        await stack.preview(["--expect-no-changes"]);
        // The next change of one of them shows nothing of the URN.
        write(specs.map((s) => (s.name === "level" ? { ...s, args: { ...s.args, value: "warn" } } : s)));
        const next = await stack.preview(["--diff"]);
        assert.match(next.output, /"debug" => "warn"/);
        assert.doesNotMatch(next.output, /resourceUrn/);
        await stack.up();
        await stack.refresh(["--expect-no-changes"]);
        await stack.preview(["--expect-no-changes"]);
    });

    it("destroy removes everything", async () => {
        await stack.destroy();
        const own = (await admin.storedSecrets(jobId)).filter((s) => s.scope === "JOB");
        assert.deepEqual(own, []);
        assert.deepEqual(
            (await admin.storedVariables(jobId)).filter((v) => v.scope === "JOB"),
            [],
        );
    });
});
