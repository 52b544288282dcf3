import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { parseCliArgs, startupNotes } from "../../emulator/cli";

const ROOT = path.resolve(__dirname, "..", "..");
const JOB = "11111111-2222-4333-8444-555555555555";

describe("emulator: CLI", () => {
    it("parses flags, repeated --job and env fallbacks", () => {
        const { options } = parseCliArgs(
            ["--port", "8080", "--token", "T", "--job", JOB, "--job=" + JOB.replace(/1/g, "a"), "--rate-limit", "5"],
            { QOVERY_EMULATOR_PERSIST: "/tmp/s.json", QOVERY_EMULATOR_ERROR_SHAPE: "message" },
        );
        assert.deepEqual(options, {
            port: 8080,
            token: "T",
            jobs: [JOB, JOB.replace(/1/g, "a")],
            persistPath: "/tmp/s.json",
            rateLimit: { limit: 5, windowSeconds: 3600 },
            errorShape: "message",
        });
        const fromEnv = parseCliArgs([], {
            QOVERY_EMULATOR_JOBS: `${JOB}, ${JOB}`,
            QOVERY_EMULATOR_TOKEN: "E",
        }).options;
        assert.deepEqual(fromEnv, { jobs: [JOB, JOB], token: "E" });
        assert.throws(() => parseCliArgs(["--bogus", "1"]), /unknown option/);
        assert.throws(() => parseCliArgs(["--port"]), /needs a value/);
    });

    it("parses chaos, body-size and Retry-After options", () => {
        const { options } = parseCliArgs([
            "--chaos-rate",
            "0.2",
            "--chaos-seed",
            "42",
            "--chaos-kinds",
            "503,drop-after",
            "--chaos-methods=post,put",
            "--chaos-delay",
            "100",
            "--max-body-bytes",
            "1048576",
            "--rate-retry-after",
        ]);
        assert.deepEqual(options, {
            chaos: { rate: 0.2, seed: 42, kinds: ["503", "drop-after"], methods: ["POST", "PUT"], delayMs: 100 },
            maxBodyBytes: 1048576,
            rateLimit: { limit: 1_000_000, windowSeconds: 3600, retryAfter: true },
        });
        assert.deepEqual(
            parseCliArgs([], {
                QOVERY_EMULATOR_CHAOS_RATE: "1",
                QOVERY_EMULATOR_CHAOS_SEED: "7",
                QOVERY_EMULATOR_MAX_BODY_BYTES: "10",
                QOVERY_EMULATOR_RATE_RETRY_AFTER: "1",
            }).options,
            {
                chaos: { rate: 1, seed: 7 },
                maxBodyBytes: 10,
                rateLimit: { limit: 1_000_000, windowSeconds: 3600, retryAfter: true },
            },
        );
        assert.throws(() => parseCliArgs(["--chaos-rate", "1.5"]), /between 0 and 1/);
        assert.throws(() => parseCliArgs(["--chaos-seed", "1"]), /need --chaos-rate/);
        assert.throws(() => parseCliArgs(["--chaos-rate", "1", "--chaos-seed", "1.5"]), /integer/);
        assert.throws(() => parseCliArgs(["--chaos-rate", "1", "--chaos-kinds", "503,404"]), /unknown 404/);
        assert.throws(() => parseCliArgs(["--chaos-rate", "1", "--chaos-kinds", ","]), /at least one/);
        assert.throws(() => parseCliArgs(["--max-body-bytes", "0"]), /positive integer/);
    });

    it("prints one listening line without the token, serves, and exits 0 on SIGTERM", async function () {
        this.timeout(30_000);
        const token = "cli-secret-token-value";
        const child = spawn(
            process.execPath,
            [
                "-r",
                "ts-node/register/transpile-only",
                path.join(ROOT, "emulator", "cli.ts"),
                "--port",
                "0",
                "--job",
                JOB,
            ],
            { cwd: ROOT, env: { ...process.env, QOVERY_EMULATOR_TOKEN: token }, stdio: ["ignore", "pipe", "pipe"] },
        );
        let stdout = "";
        let stderr = "";
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
        const url = await new Promise<string>((resolve, reject) => {
            child.stdout.on("data", (d: Buffer) => {
                stdout += d.toString();
                const m = /^Qovery API emulator listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
                if (m) resolve(m[1] as string);
            });
            child.on("exit", () => reject(new Error(`CLI exited early: ${stderr}`)));
        });
        const res = await fetch(`${url}/job/${JOB}/secret`, { headers: { Authorization: `Token ${token}` } });
        assert.equal(res.status, 200);
        child.kill("SIGTERM");
        assert.equal(await exited, 0);
        assert.equal(stdout.split("\n").filter(Boolean).length, 1, "exactly one line on stdout");
        assert.ok(!stdout.includes(token) && !stderr.includes(token), "the token is never printed");
    });
});

describe("emulator CLI: deployment durations", () => {
    it("parses --deploy-queued-ms and --deploy-ms, with env fallbacks", () => {
        assert.deepEqual(parseCliArgs(["--deploy-queued-ms", "0", "--deploy-ms=25"]).options.deployment, {
            queuedMs: 0,
            deployingMs: 25,
        });
        assert.deepEqual(parseCliArgs([], { QOVERY_EMULATOR_DEPLOY_MS: "7" }).options.deployment, { deployingMs: 7 });
        assert.equal(parseCliArgs([]).options.deployment, undefined);
        assert.throws(() => parseCliArgs(["--deploy-ms", "-1"]), /non-negative/);
    });
});

describe("emulator CLI: what a user needs to connect", () => {
    it("--help shows the default token", async function () {
        this.timeout(30_000);
        const child = spawn(
            process.execPath,
            ["-r", "ts-node/register/transpile-only", path.join(ROOT, "emulator", "cli.ts"), "--help"],
            { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
        );
        let stdout = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
        assert.equal(code, 0);
        assert.match(stdout, /^Usage: qovery-emulator/);
        assert.match(stdout, /default qovery-emulator-token/);
    });

    it("start-up notes show the default token and the jobs, never a token that was given", () => {
        const notes = startupNotes({ jobs: [JOB] }).join("\n");
        assert.match(notes, /token: qovery-emulator-token \(the default/);
        assert.match(notes, new RegExp(`jobs: ${JOB}`));
        const given = startupNotes({ token: "my-own-token" }).join("\n");
        assert.ok(!given.includes("my-own-token") && !given.includes("qovery-emulator-token"), given);
        assert.match(given, /jobs: none yet/);
    });
});
