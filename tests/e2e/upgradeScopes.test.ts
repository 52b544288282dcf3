/**
 * A stack written by the released 0.2.0, the last release with only the job classes, runs unchanged
 * under this version, which adds the classes of every scope on the same engine. One program holds
 * every class 0.2.0 has (tests/e2e/programs/upgrade-scopes); `pulumi up` runs it with the 0.2.0 tarball
 * (tests/e2e/releases/, packed from the v0.2.0 tag), then with this commit's package: no change in the
 * preview, the refresh or the state, no write request, the same hooks modules in the state, a changed
 * value is one PUT, and destroy removes exactly what 0.2.0 created.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorAdmin, type RunningEmulator, startEmulator } from "../../emulator";
import { type Secret, stackLeaks } from "./leaks";
import { PulumiStack, type StateResource, isCiphertextSecret } from "./pulumi";
import { currentTarball, installProgram, makeConsumer, npmInstall, pulumiBinary } from "./workspace";

const RELEASE_0_2_0 = path.join(__dirname, "releases", "pulumi-qovery-secrets-0.2.0.tgz");
const TOKEN = `scopes-token-${randomBytes(12).toString("hex")}`;

/** The module each class's serialized provider requires: a contract with every state 0.2.0 wrote. */
const HOOKS: Record<string, string> = {
    JobSecret: "pulumi-qovery-secrets/hooks",
    JobSecretAlias: "pulumi-qovery-secrets/hooks/jobSecretAlias",
    JobSecretOverride: "pulumi-qovery-secrets/hooks/jobSecretOverride",
    JobEnvironmentVariable: "pulumi-qovery-secrets/hooks/jobEnvironmentVariable",
    JobEnvironmentVariableAlias: "pulumi-qovery-secrets/hooks/jobEnvironmentVariableAlias",
    JobEnvironmentVariableOverride: "pulumi-qovery-secrets/hooks/jobEnvironmentVariableOverride",
    JobDeployment: "pulumi-qovery-secrets/hooks/jobDeployment",
};

interface Row {
    id: string;
    key: string;
    scope: string;
    value: string | null;
}

describe("end to end through the Pulumi CLI: a stack of every 0.2.0 class upgrades to the version of every scope", function () {
    this.timeout(600_000);
    let emulator: RunningEmulator;
    let admin: EmulatorAdmin;
    let consumer: string;
    let stack: PulumiStack;
    let jobId: string;
    let bundleJobId: string;
    /** What each job held before 0.2.0 ran: the seeded, inherited entries. */
    let seeded: string[];
    /** The rows 0.2.0 created, as `<list> <id>`. */
    let created: string[];
    /** The state as 0.2.0 left it, secrets masked. */
    let written: ReturnType<typeof snapshot>;
    const secrets: Secret[] = [{ label: "token", value: TOKEN }];
    const value = (label: string) => {
        const v = `scopes-${label}-${randomBytes(12).toString("hex")}`;
        secrets.push({ label, value: v });
        return v;
    };
    const values = {
        db: value("db"),
        tls: `-----BEGIN PRIVATE KEY-----\n${value("tls")}\n-----END PRIVATE KEY-----\n`,
        stripe: value("stripe"),
        level: "info",
        bundleDb: value("bundle-db"),
        bundleRegion: "eu-west-3",
    };
    const write = () =>
        fs.writeFileSync(
            path.join(stack.programDir, "upgrade.json"),
            JSON.stringify({ jobId, bundleJobId, values }, null, 2),
        );
    const installedVersion = () =>
        JSON.parse(
            fs.readFileSync(path.join(consumer, "node_modules", "pulumi-qovery-secrets", "package.json"), "utf8"),
        ).version as string;
    const resources = (): StateResource[] =>
        (stack.state().checkpoint.latest?.resources ?? []).filter((r) => /qovery:/.test(r.type));
    const kindOf = (r: StateResource) => r.type.replace("pulumi-nodejs:dynamic/qovery:", "");
    /** Every entry of both jobs, secrets and variables, as `<list> <scope> <key>`. */
    const rows = async (): Promise<(Row & { list: string; job: string })[]> => {
        const out: (Row & { list: string; job: string })[] = [];
        for (const job of [jobId, bundleJobId]) {
            for (const s of await admin.storedSecrets(job)) out.push({ ...s, list: "secret", job });
            for (const v of await admin.storedVariables(job)) out.push({ ...v, list: "environmentVariable", job });
        }
        return out;
    };
    const writes = async () =>
        (await admin.requests()).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
    /** Each resource's URN, id, inputs and outputs but `__provider`, with secrets as `[secret]` (their ciphertext is salted). */
    const snapshot = () => {
        const mask = (o: Record<string, unknown> = {}) =>
            Object.fromEntries(
                Object.entries(o)
                    .filter(([k]) => k !== "__provider")
                    .map(([k, v]) => [k, isCiphertextSecret(v) ? "[secret]" : v]),
            );
        // By URN: an update may write the resources in another order.
        return resources()
            .map((r) => ({ urn: r.urn, id: r.id, inputs: mask(r.inputs), outputs: mask(r.outputs) }))
            .sort((a, b) => a.urn.localeCompare(b.urn));
    };
    /** Every dynamic resource's `__provider` is the one-line require of its kind's hooks module. */
    const assertHooksModules = () => {
        const dynamic = resources().filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
        assert.deepEqual([...new Set(dynamic.map(kindOf))].sort(), Object.keys(HOOKS).sort());
        for (const r of dynamic) {
            const module = HOOKS[kindOf(r)].replace(/\//g, "\\/");
            assert.match(
                String(r.inputs?.__provider),
                new RegExp(`require\\("${module}"\\)`),
                `${r.urn}: its provider requires ${HOOKS[kindOf(r)]}`,
            );
        }
    };

    before(async () => {
        pulumiBinary();
        emulator = await startEmulator({ token: TOKEN, deployment: { queuedMs: 200, deployingMs: 800 } });
        admin = new EmulatorAdmin(emulator.url);
        jobId = await admin.createJob({ name: "upgrade-scopes" });
        bundleJobId = await admin.createJob({ name: "upgrade-scopes-bundle" });
        // What the aliases and overrides point at: entries the job inherits.
        await admin.seedSecret(jobId, { key: "STRIPE_KEY", value: value("seeded-stripe"), scope: "PROJECT" });
        await admin.seedVariable(jobId, { key: "API_HOST", value: "api.example.com", scope: "PROJECT" });
        await admin.seedVariable(jobId, { key: "REGION", value: "eu-west-3", scope: "ENVIRONMENT" });
        seeded = (await rows()).map((r) => `${r.list} ${r.id}`).sort();
        consumer = await makeConsumer(RELEASE_0_2_0);
        const dir = installProgram(consumer, path.join(__dirname, "programs", "upgrade-scopes"), "upgrade-scopes");
        stack = await PulumiStack.create({ programDir: dir });
        await stack.setConfig("qovery:apiUrl", emulator.url);
        await stack.setConfig("qovery:apiToken", TOKEN, true);
        write();
    });

    after(async () => {
        stack?.cleanup();
        await emulator?.stop();
        if (consumer) fs.rmSync(consumer, { recursive: true, force: true });
    });

    afterEach("leak scan: state, backups, history, config and CLI output", () => {
        if (stack) assert.deepEqual(stackLeaks(stack, secrets), []);
    });

    it("0.2.0 creates every class; its state names each kind's hooks module", async () => {
        assert.equal(installedVersion(), "0.2.0");
        await admin.clearRequests();
        stack.typeCheck = true; // the program is written against 0.2.0's types
        await stack.up();
        stack.typeCheck = false;
        const own = (await rows()).filter((r) => r.scope === "JOB");
        assert.deepEqual(own.map((r) => `${r.list} ${r.key}`).sort(), [
            "environmentVariable BUNDLE_REGION",
            "environmentVariable HOST",
            "environmentVariable LOG_LEVEL",
            "environmentVariable REGION",
            "secret BUNDLE_DB_PASSWORD",
            "secret DB_PASSWORD",
            "secret PAYMENTS_KEY",
            "secret STRIPE_KEY",
            "secret TLS_KEY",
        ]);
        created = own.map((r) => `${r.list} ${r.id}`).sort();
        // One redeploy of each job: the JobDeployment's, and the component's.
        assert.deepEqual(
            (await writes()).filter((w) => w.endsWith("/redeploy")).sort(),
            [`POST /job/${bundleJobId}/redeploy`, `POST /job/${jobId}/redeploy`].sort(),
        );
        assertHooksModules();
        assert.ok(
            resources().some((r) => r.type === "qovery:index:JobVariables"),
            "the JobVariables component is in the state",
        );
        written = snapshot();
    });

    it("after upgrading the package: preview --expect-no-changes --diff passes, lists no property, calls no API", async () => {
        await npmInstall(consumer, [await currentTarball()]);
        const current = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")).version;
        assert.equal(installedVersion(), current);
        // The package was really swapped: 0.2.0 has no hooks module for the classes of every scope.
        assert.ok(
            fs.existsSync(
                path.join(consumer, "node_modules", "pulumi-qovery-secrets", "dist", "provider", "hooks", "secret.js"),
            ),
        );
        await admin.clearRequests();
        stack.typeCheck = true; // and compiles unchanged against this version's
        const { output } = await stack.preview(["--expect-no-changes", "--diff"]);
        stack.typeCheck = false;
        const changed = output.split("\n").filter((l) => /^\s*[-+~]\s|=>/.test(l));
        assert.deepEqual(changed, [], output);
        assert.deepEqual(await admin.requests(), []);
    });

    it("refresh --expect-no-changes passes, and the state is what 0.2.0 wrote", async () => {
        await admin.clearRequests();
        await stack.refresh(["--expect-no-changes"]);
        assert.deepEqual(await writes(), []);
        assert.deepEqual(snapshot(), written);
    });

    it("up sends no write request, and the state still names the same hooks modules", async () => {
        await admin.clearRequests();
        await stack.up();
        assert.deepEqual(await writes(), []);
        assertHooksModules();
        assert.deepEqual(snapshot(), written);
    });

    it("a changed value after the upgrade is one PUT on the same secret, still ciphertext", async () => {
        const db = resources().find((r) => r.urn.endsWith("::db-password"))!;
        values.db = value("db-2");
        write();
        await admin.clearRequests();
        await stack.up();
        assert.deepEqual(await writes(), [`PUT /job/${jobId}/secret/${db.id}`]);
        const stored = (await admin.storedSecrets(jobId)).find((s) => s.key === "DB_PASSWORD")!;
        assert.equal(stored.id, db.id);
        assert.equal(stored.value, values.db);
        const after = resources().find((r) => r.urn.endsWith("::db-password"))!;
        assert.ok(isCiphertextSecret(after.inputs?.value) && isCiphertextSecret(after.outputs?.value));
    });

    it("destroy removes exactly what 0.2.0 created", async () => {
        await admin.clearRequests();
        await stack.destroy();
        const deleted = (await writes()).map((w) => {
            const m = /^DELETE \/job\/[^/]+\/(secret|environmentVariable)\/([^/]+)$/.exec(w);
            assert.ok(m, `only deletes of the jobs' entries: ${w}`);
            return `${m[1]} ${m[2]}`;
        });
        assert.deepEqual(deleted.sort(), created);
        assert.deepEqual((await rows()).map((r) => `${r.list} ${r.id}`).sort(), seeded);
        assert.deepEqual(resources(), []);
    });
});
