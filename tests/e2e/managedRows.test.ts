import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorAdmin, type RunningEmulator, startEmulator } from "../../emulator";
import type { StoredSecret } from "../../emulator/types";
import { type Secret, scanForLeaks, stackLeaks } from "./leaks";
import { PulumiStack, type StateResource } from "./pulumi";
import { consumerRoot, installProgram, pulumiBinary } from "./workspace";

const TOKEN = `managed-token-${randomBytes(12).toString("hex")}`;

interface Case {
    type: string;
    name: string;
    args: Record<string, unknown>;
}

/** A seeded row this library must leave alone, and the resource the program declares on its key. */
interface Unmanaged {
    key: string;
    /** Seeded in the job's secrets (declared as a JobSecret) or variables (a JobEnvironmentVariable). */
    list: "secret" | "variable";
    seed: { variable_type?: string; owned_by?: string; mount_path?: string };
    /** The resource's name and its arguments beyond jobId, key and value. */
    name: string;
    args: Record<string, unknown>;
    /** What the error on its resource must say: the row's type and owner. */
    says: RegExp;
}

const classOf = (u: Unmanaged) => (u.list === "secret" ? "JobSecret" : "JobEnvironmentVariable");

function exec(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
    return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile(cmd, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
            resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        ),
    );
}

/**
 * Issue 16 point 3 under the real CLI: rows of a job that this library does not manage
 * (secret-manager references, a JOB-scoped built-in, a row another integration owns) are never
 * adopted, written or deleted. One `up` tries them all (`--continue-on-error`) next to an
 * ordinary secret; then the program without them converges, `discover` does not offer them,
 * and `destroy` removes only what the program made. A leak scan after every step.
 */
describe("end to end through the Pulumi CLI: rows this library does not manage", function () {
    this.timeout(600_000);

    let emulator: RunningEmulator;
    let admin: EmulatorAdmin;
    let consumer: string;
    let jobId: string;
    let stack: PulumiStack;
    /** The seeded rows as the emulator stored them, by key: compared whole after each step. */
    const seeded: Record<string, StoredSecret> = {};
    const secrets: Secret[] = [{ label: "API token", value: TOKEN }];
    // Hex only: the provider redacts a value's fragments from messages, and a hex value shares no word with them.
    const remember = (label: string) => {
        const value = randomBytes(16).toString("hex");
        secrets.push({ label, value });
        return value;
    };
    const ordinaryValue = remember("ordinary");
    const ordinary: Case = { type: "JobSecret", name: "ordinary", args: {} };

    const unmanaged: Unmanaged[] = [
        {
            key: "EXT_DB_PASSWORD",
            list: "secret",
            seed: { variable_type: "EXTERNAL_SECRET" },
            says: /secret-manager reference \(EXTERNAL_SECRET\) "EXT_DB_PASSWORD" .*?variable_type EXTERNAL_SECRET, owned by QOVERY/,
            name: "external",
            args: { adopt: true },
        },
        {
            key: "EXT_TLS_CERT",
            list: "secret",
            seed: { variable_type: "FILE_EXTERNAL_SECRET", mount_path: "/etc/tls/cert.pem" },
            says: /secret-manager reference \(FILE_EXTERNAL_SECRET\) "EXT_TLS_CERT" .*?variable_type FILE_EXTERNAL_SECRET, owned by QOVERY/,
            name: "external-file",
            args: { mountPath: "/etc/tls/cert.pem", adopt: true },
        },
        {
            key: "DOPPLER_API_KEY",
            list: "secret",
            seed: { owned_by: "Doppler" },
            says: /"DOPPLER_API_KEY" \(id [0-9a-f-]+ owned by Doppler\): it is owned by Doppler \(variable_type VALUE\), not by Qovery/,
            name: "doppler",
            args: { adopt: true },
        },
        {
            // A JOB-scoped row of type BUILT_IN: a BUILT_IN-scoped one is refused as inherited (adopt.test.ts).
            key: "QOVERY_JOB_HOST",
            list: "variable",
            seed: { variable_type: "BUILT_IN" },
            says: /"QOVERY_JOB_HOST" .*?its variable_type is BUILT_IN \(owned by QOVERY\), a kind this library does not manage/,
            name: "built-in",
            args: { adopt: true },
        },
        {
            // Without adopt: the create's 409 names the reference instead of advising `adopt: true`.
            key: "EXT_API_TOKEN",
            list: "secret",
            seed: { variable_type: "EXTERNAL_SECRET" },
            says: /409.*?secret-manager reference \(EXTERNAL_SECRET\) "EXT_API_TOKEN" .*?variable_type EXTERNAL_SECRET, owned by QOVERY/,
            name: "external-no-adopt",
            args: {},
        },
    ];

    const writeCases = (cases: Case[]) =>
        fs.writeFileSync(path.join(stack.programDir, "cases.json"), JSON.stringify(cases, null, 2));
    const qoveryResources = (): StateResource[] =>
        (stack.state().checkpoint.latest?.resources ?? []).filter((r) =>
            r.type.startsWith("pulumi-nodejs:dynamic/qovery:"),
        );
    const rows = async () => [...(await admin.storedSecrets(jobId)), ...(await admin.storedVariables(jobId))];
    /** The writes that reached a seeded row: none may, ever. */
    const writesToSeeded = async () => {
        const ids = Object.values(seeded).map((r) => r.id);
        return (await admin.requests()).filter((r) => r.method !== "GET" && ids.some((id) => r.path.includes(id)));
    };
    const assertSeededUnchanged = async () => {
        const now = await rows();
        for (const [key, row] of Object.entries(seeded)) {
            assert.deepEqual(
                now.find((r) => r.id === row.id),
                row,
                `${key}: value, type, owner and dates as seeded`,
            );
        }
    };

    before(async () => {
        pulumiBinary();
        emulator = await startEmulator({ token: TOKEN });
        admin = new EmulatorAdmin(emulator.url);
        consumer = await consumerRoot();
        jobId = await admin.createJob({ name: "managed-rows" });
        for (const u of unmanaged) {
            // A variable's value is public (Qovery lists it); a secret's is not.
            const value = u.list === "secret" ? remember(u.key) : "job-host.internal";
            const seed = { key: u.key, value, ...u.seed };
            seeded[u.key] = await (u.list === "secret"
                ? admin.seedSecret(jobId, seed)
                : admin.seedVariable(jobId, seed));
        }
        ordinary.args = { jobId, key: "ORDINARY", value: ordinaryValue };
        const programDir = installProgram(consumer, path.join(__dirname, "programs", "adopt-cases"), "managed-rows");
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
        assert.deepEqual(stackLeaks(stack, secrets), []);
    });

    it("the leak scan can fail: a value planted in a text is found", () => {
        const found = scanForLeaks({ texts: [{ label: "planted", text: `x ${ordinaryValue} y` }], secrets });
        assert.deepEqual(found, [{ label: "ordinary", where: "planted" }]);
    });

    it("the emulator lists the seeded rows with their type and owner", async () => {
        const list = async (api: string) => {
            const res = await fetch(`${emulator.url}/job/${jobId}/${api}`, {
                headers: { Authorization: `Token ${TOKEN}` },
            });
            return ((await res.json()) as { results: { key: string; variable_type: string; owned_by: string }[] })
                .results;
        };
        const listed = [...(await list("secret")), ...(await list("environmentVariable"))];
        assert.deepEqual(Object.fromEntries(listed.map((r) => [r.key, `${r.variable_type}/${r.owned_by}`])), {
            EXT_DB_PASSWORD: "EXTERNAL_SECRET/QOVERY",
            EXT_TLS_CERT: "FILE_EXTERNAL_SECRET/QOVERY",
            DOPPLER_API_KEY: "VALUE/Doppler",
            QOVERY_JOB_HOST: "BUILT_IN/QOVERY",
            EXT_API_TOKEN: "EXTERNAL_SECRET/QOVERY",
        });
    });

    it("up fails at create on each of them, naming type, owner and what to do; the ordinary secret is created; nothing of theirs is written or kept", async () => {
        writeCases([
            ordinary,
            ...unmanaged.map((u) => ({
                type: classOf(u),
                name: u.name,
                args: {
                    jobId,
                    key: u.key,
                    value: u.list === "secret" ? remember(`program-${u.key}`) : "job-host.program",
                    ...u.args,
                },
            })),
        ]);
        await admin.clearRequests();
        // --continue-on-error: every resource is tried, so that each failure shows in this one run.
        const r = await stack.run(["up", "--yes", "--skip-preview", "--continue-on-error"]);
        assert.notEqual(r.code, 0, "the up fails");
        const out = r.output.replace(/\s+/g, " ");
        for (const u of unmanaged) {
            const type = classOf(u);
            const noun = u.list === "secret" ? "secret" : "environment variable";
            const message = new RegExp(`Could not create Qovery job ${noun} "${u.key}" [^]*?(?=error:|$)`).exec(out);
            assert.ok(message, `${u.key}: an error names the resource`);
            assert.match(message[0], u.says, `${u.key}: the message names the row's type and owner`);
            // A built-in cannot be removed by anyone: another key, or an alias of it.
            const todo = message[0].includes("BUILT_IN")
                ? `Give this ${type} another key \\(a built-in variable cannot be removed\\)`
                : `Give this ${type} another key; or, if the program should own the key instead, remove that row`;
            assert.match(message[0], new RegExp(todo), `${u.key}: the message says what to do`);
        }

        assert.deepEqual(await writesToSeeded(), [], "no PUT or DELETE reached a seeded row");
        const written = (await admin.requests()).filter((x) => x.method !== "GET" && x.status < 400);
        assert.deepEqual(
            written.map((x) => `${x.method} ${x.path}`),
            [`POST /job/${jobId}/secret`],
            "the one successful write is the ordinary secret's create",
        );
        await assertSeededUnchanged();
        const held = qoveryResources();
        assert.deepEqual(
            held.map((s) => s.outputs?.key),
            ["ORDINARY"],
            "no resource for a seeded row is in the state",
        );
        const created = (await admin.storedSecrets(jobId)).find((s) => s.key === "ORDINARY");
        assert.equal(created?.id, held[0].id);
        assert.equal(created?.value, ordinaryValue);
    });

    it("without them, up converges with no change and no write", async () => {
        writeCases([ordinary]);
        await admin.clearRequests();
        await stack.up(["--expect-no-changes"]);
        assert.deepEqual(
            (await admin.requests()).filter((x) => x.method !== "GET"),
            [],
            "nothing to write",
        );
        assert.deepEqual(
            qoveryResources().map((s) => s.outputs?.key),
            ["ORDINARY"],
        );
        await assertSeededUnchanged();
    });

    it("discover offers the ordinary secret to adopt, and the seeded rows only as comments", async () => {
        const env = { ...process.env, QOVERY_API_TOKEN: TOKEN, QOVERY_API_URL: emulator.url };
        await admin.clearRequests();
        const r = await exec(
            "npx",
            ["--no-install", "pulumi-qovery-secrets", "discover", "--job", jobId],
            consumer,
            env,
        );
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(scanForLeaks({ texts: [{ label: "discover", text: r.stdout + r.stderr }], secrets }), []);
        assert.equal((r.stdout.match(/^ {4}adopt: true,$/gm) ?? []).length, 1, "one resource declared");
        assert.match(r.stdout, /^ {4}key: "ORDINARY",$/m);
        for (const u of unmanaged) {
            const lines = r.stdout.split("\n").filter((l) => l.includes(`"${u.key}"`));
            assert.ok(lines.length > 0, `${u.key} is listed`);
            for (const line of lines) {
                assert.match(
                    line,
                    /^\/\/ .*not a kind this library manages; left alone\.$/,
                    `${u.key}: a comment only`,
                );
            }
        }
        assert.match(r.stdout, /"DOPPLER_API_KEY" \(id [0-9a-f-]+, owned by Doppler\)/);
        assert.deepEqual(await writesToSeeded(), []);
    });

    it("destroy deletes only the ordinary secret; the seeded rows stay as they were", async () => {
        const id = qoveryResources()[0].id;
        await admin.clearRequests();
        await stack.destroy();
        const writes = (await admin.requests()).filter((x) => x.method !== "GET");
        assert.deepEqual(
            writes.map((x) => `${x.method} ${x.path}`),
            [`DELETE /job/${jobId}/secret/${id}`],
        );
        assert.deepEqual(qoveryResources(), []);
        assert.deepEqual((await rows()).map((r) => r.key).sort(), Object.keys(seeded).sort());
        await assertSeededUnchanged();
    });
});
