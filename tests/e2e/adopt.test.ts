import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorAdmin, type RunningEmulator, startEmulator } from "../../emulator";
import { type Secret, scanForLeaks, stackLeaks } from "./leaks";
import { PulumiStack, type StateResource } from "./pulumi";
import { consumerRoot, installProgram, pulumiBinary } from "./workspace";

const TOKEN = `adopt-token-${randomBytes(12).toString("hex")}`;

function exec(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
    return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile(cmd, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
            resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        ),
    );
}

/**
 * Bringing an existing job under Pulumi, under the real CLI: a job whose secrets, secret file,
 * plain variables, alias and override were made outside Pulumi; `discover` writes the program;
 * it compiles with `tsc --strict`; `up` adopts everything (no POST, no DELETE, ids unchanged);
 * `preview --expect-no-changes` passes, with `adopt` flipped too; `destroy` deletes exactly
 * those. Then the refusals of `adopt`, and the 409 without it, in one failing `up`.
 */
describe("end to end through the Pulumi CLI: adopt an existing job", function () {
    this.timeout(600_000);

    let emulator: RunningEmulator;
    let admin: EmulatorAdmin;
    let consumer: string;
    let jobId: string;
    let stack: PulumiStack;
    /** The job's own rows made outside Pulumi, by key. */
    const existing: Record<string, string> = {};
    const secrets: Secret[] = [{ label: "API token", value: TOKEN }];
    const remember = (label: string) => {
        const value = `adopt-${label}-${randomBytes(12).toString("hex")}`;
        secrets.push({ label, value });
        return value;
    };
    const api = async (method: string, p: string, body?: object) => {
        const res = await fetch(`${emulator.url}${p}`, {
            method,
            headers: { Authorization: `Token ${TOKEN}`, "Content-Type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        assert.ok(res.ok, `${method} ${p}: ${res.status} ${text}`);
        return JSON.parse(text) as { id: string };
    };
    const own = async (job: string) =>
        [...(await admin.storedSecrets(job)), ...(await admin.storedVariables(job))].filter((e) => e.scope === "JOB");
    const qoveryResources = (s: PulumiStack): StateResource[] =>
        (s.state().checkpoint.latest?.resources ?? []).filter((r) =>
            r.type.startsWith("pulumi-nodejs:dynamic/qovery:"),
        );

    before(async () => {
        pulumiBinary();
        emulator = await startEmulator({ token: TOKEN });
        admin = new EmulatorAdmin(emulator.url);
        consumer = await consumerRoot();
        jobId = await admin.createJob({ name: "adopt" });
        const builtIn = await admin.seedSecret(jobId, {
            key: "QOVERY_DB_URL",
            value: remember("built-in"),
            scope: "BUILT_IN",
        });
        const project = await admin.seedSecret(jobId, {
            key: "STRIPE_KEY",
            value: remember("project"),
            scope: "PROJECT",
        });
        await admin.seedVariable(jobId, { key: "REGION", value: "eu-west-3", scope: "ENVIRONMENT" });
        const j = `/job/${jobId}`;
        existing.DB_PASSWORD = (
            await api("POST", `${j}/secret`, {
                key: "DB_PASSWORD",
                value: remember("old-db"),
                description: "primary db",
            })
        ).id;
        existing.TLS_KEY = (
            await api("POST", `${j}/secret`, { key: "TLS_KEY", value: remember("old-tls"), mount_path: "/etc/tls.key" })
        ).id;
        existing.LOG_LEVEL = (await api("POST", `${j}/environmentVariable`, { key: "LOG_LEVEL", value: "info" })).id;
        existing.LOG_CONF = (
            await api("POST", `${j}/environmentVariable`, {
                key: "LOG_CONF",
                value: "[log]\nlevel = {{LOG_LEVEL}}\n",
                mount_path: "/etc/log.conf",
                enable_interpolation_in_file: true,
            })
        ).id;
        existing.DATABASE_URL = (await api("POST", `${j}/secret/${builtIn.id}/alias`, { key: "DATABASE_URL" })).id;
        existing.STRIPE_KEY = (
            await api("POST", `${j}/secret/${project.id}/override`, { value: remember("old-stripe") })
        ).id;
    });

    after(async () => {
        stack?.cleanup();
        await emulator?.stop();
    });

    afterEach("leak scan: state, backups, history, config and CLI output", function () {
        if (!stack) return;
        assert.deepEqual(stackLeaks(stack, secrets), []);
    });

    it("the leak scan can fail: a value planted in a text is found", () => {
        const found = scanForLeaks({ texts: [{ label: "planted", text: `x ${secrets[1].value} y` }], secrets });
        assert.equal(found.length, 1);
    });

    it("discover (the installed bin) writes a program that compiles with tsc --strict, and the commands to run", async () => {
        const programDir = fs.mkdtempSync(path.join(consumer, "adopt-"));
        fs.writeFileSync(
            path.join(programDir, "Pulumi.yaml"),
            "name: adopt\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n",
        );
        const env = { ...process.env, QOVERY_API_TOKEN: TOKEN, QOVERY_API_URL: emulator.url };
        const r = await exec(
            "npx",
            ["--no-install", "pulumi-qovery-secrets", "discover", "--job", jobId, "--out", "index.ts"],
            programDir,
            env,
        );
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(scanForLeaks({ texts: [{ label: "discover", text: r.stdout + r.stderr }], secrets }), []);
        const source = fs.readFileSync(path.join(programDir, "index.ts"), "utf8");
        assert.equal((source.match(/^ {4}adopt: true,$/gm) ?? []).length, 6);
        assert.match(source, /BUILT_IN secret "QOVERY_DB_URL"/);
        assert.match(source, /ENVIRONMENT variable "REGION"/);
        const tsc = await exec(
            path.join(consumer, "node_modules", ".bin", "tsc"),
            [
                "--noEmit",
                "--strict",
                "--target",
                "ES2022",
                "--module",
                "commonjs",
                "--moduleResolution",
                "node10",
                "--esModuleInterop",
                "--skipLibCheck",
                "index.ts",
            ],
            programDir,
        );
        assert.equal(tsc.code, 0, `tsc --strict: ${tsc.stdout}${tsc.stderr}`);

        stack = await PulumiStack.create({ programDir });
        await stack.setConfig("qovery:apiUrl", emulator.url);
        await stack.setConfig("qovery:apiToken", TOKEN, true);
        const commands = [...r.stdout.matchAll(/^ {2}pulumi config set (--secret )?(\w+)/gm)];
        assert.deepEqual(commands.map((c) => c[2]).sort(), ["dbPassword", "stripeKey", "tlsKey", "tlsKeyMountPath"]);
        for (const [, secret, name] of commands) {
            await stack.setConfig(name, name === "tlsKeyMountPath" ? "/etc/tls.key" : remember(name), !!secret);
        }
    });

    it("up adopts everything: no POST, no DELETE, one PUT each, the ids unchanged, the log names key and id", async () => {
        await admin.clearRequests();
        const r = await stack.up();
        const writes = (await admin.requests()).filter((x) => x.method !== "GET");
        assert.deepEqual(
            writes.filter((w) => w.method !== "PUT"),
            [],
            "0 creates and 0 deletes on the server",
        );
        assert.equal(writes.length, 6);
        const ids = Object.fromEntries(qoveryResources(stack).map((s) => [s.outputs?.key, s.id]));
        assert.deepEqual(ids, existing, "each resource holds the id that existed");
        assert.match(r.output, new RegExp(`adopted the secret "DB_PASSWORD" \\(id ${existing.DB_PASSWORD}\\)`));
        const stored = await admin.storedSecrets(jobId);
        const value = (name: string) => secrets.find((s) => s.label === name)!.value;
        assert.equal(
            stored.find((s) => s.id === existing.DB_PASSWORD)?.value,
            value("dbPassword"),
            "the program's value was written",
        );
        assert.equal(stored.find((s) => s.id === existing.STRIPE_KEY)?.value, value("stripeKey"));
    });

    it("preview --expect-no-changes passes, and still does with adopt changed to false", async () => {
        await admin.clearRequests();
        await stack.preview(["--expect-no-changes"]);
        const index = path.join(stack.programDir, "index.ts");
        fs.writeFileSync(index, fs.readFileSync(index, "utf8").replace(/adopt: true,/g, "adopt: false,"));
        await stack.preview(["--expect-no-changes"]);
        assert.deepEqual(await admin.requests(), [], "preview makes no API call");
    });

    it("destroy deletes exactly the adopted variables; the inherited ones stay", async () => {
        await admin.clearRequests();
        await stack.destroy();
        const deleted = (await admin.requests())
            .filter((x) => x.method === "DELETE")
            .map((x) => x.path.split("/").pop());
        assert.deepEqual(deleted.sort(), Object.values(existing).sort());
        assert.deepEqual(await own(jobId), []);
        const inherited = [...(await admin.storedSecrets(jobId)), ...(await admin.storedVariables(jobId))].map(
            (e) => e.key,
        );
        assert.deepEqual(inherited.sort(), ["QOVERY_DB_URL", "REGION", "STRIPE_KEY"]);
    });

    it("refusals and the 409, each with what exists and what to do, in one up; retainOnDelete keeps an adopted one", async () => {
        stack.cleanup();
        const job = await admin.createJob({ name: "adopt-refusals" });
        const j = `/job/${job}`;
        await admin.seedSecret(job, { key: "INHERITED", value: remember("inherited"), scope: "PROJECT" });
        await api("POST", `${j}/environmentVariable`, { key: "PLAIN", value: "p" });
        const target = await api("POST", `${j}/secret`, { key: "TARGET", value: remember("target") });
        await api("POST", `${j}/secret`, { key: "OTHER", value: remember("other") });
        await api("POST", `${j}/secret/${target.id}/alias`, { key: "AN_ALIAS" });
        const shared = await api("POST", `${j}/secret`, { key: "SHARED", value: remember("shared") });
        await api("POST", `${j}/secret`, { key: "EXISTS", value: remember("exists") });
        const programDir = installProgram(consumer, path.join(__dirname, "programs", "adopt-cases"), "adopt-cases");
        let cases = 0;
        const secret = (name: string, key: string, extra: object = {}) => ({
            type: "JobSecret",
            name,
            // A value's fragments are redacted from messages: a label-free value keeps the words of the message intact.
            args: { jobId: job, key, value: remember(`v${++cases}`), adopt: true, ...extra },
        });
        fs.writeFileSync(
            path.join(programDir, "cases.json"),
            JSON.stringify([
                secret("inherited", "INHERITED"),
                secret("plain", "PLAIN"),
                secret("alias-as-value", "AN_ALIAS"),
                {
                    type: "JobSecretAlias",
                    name: "other-target",
                    args: { jobId: job, aliasedKey: "OTHER", key: "AN_ALIAS", adopt: true },
                },
                { ...secret("shared-1", "SHARED"), opts: { retainOnDelete: true } },
                { ...secret("shared-2", "SHARED"), opts: { retainOnDelete: true } },
                secret("no-adopt", "EXISTS", { adopt: false }),
            ]),
        );
        stack = await PulumiStack.create({ programDir });
        await stack.setConfig("qovery:apiUrl", emulator.url);
        await stack.setConfig("qovery:apiToken", TOKEN, true);
        await admin.clearRequests();
        // --continue-on-error: every resource is tried, so that each failure shows in this one run.
        const r = await stack.run(["up", "--yes", "--skip-preview", "--continue-on-error"]);
        assert.notEqual(r.code, 0);
        const out = r.output.replace(/\s+/g, " ");
        for (const expected of [
            /"INHERITED" is a PROJECT secret "INHERITED" .*?inherited from a higher scope.*?JobSecretOverride with `overriddenKey: "INHERITED"`/,
            /the job has the job's own environment variable "PLAIN" .*?adopt only takes over a secret, never a plain variable.*?two steps/,
            /the job already has the job's own secret alias of "TARGET" "AN_ALIAS" .*?not a JobSecret.*?JobSecretAlias with `adopt: true`/,
            /points at "TARGET" .*?set "aliasedKey" to "TARGET"/,
            new RegExp(
                `secret "SHARED" \\(id ${shared.id}\\) is already managed by another resource of this program \\(urn:pulumi:dev::adopt-cases::pulumi-nodejs:dynamic/qovery:JobSecret::shared-[12]\\)`,
            ),
            /Could not create Qovery job secret "EXISTS" .*?409.*?the key "EXISTS" is taken.*?set `adopt: true`.*?`aliases` resource option/,
        ]) {
            assert.match(out, expected);
        }
        const held = qoveryResources(stack);
        assert.equal(held.length, 1, "only one of the two SHARED declarations holds it");
        assert.equal(held[0].id, shared.id);
        const written = (await admin.requests()).filter((x) => x.method !== "GET" && x.status < 400);
        assert.deepEqual(
            written.map((x) => `${x.method} ${x.path}`),
            [`PUT ${j}/secret/${shared.id}`],
            "every refusal wrote nothing; the one adoption is one PUT",
        );

        await stack.destroy();
        assert.deepEqual(qoveryResources(stack), []);
        assert.ok(
            (await own(job)).some((e) => e.id === shared.id),
            "retainOnDelete: destroy let go without deleting",
        );
    });
});
