import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../provider/cli/main";
import { type Harness, TOKEN, startHarness } from "./harness";

/** `pulumi-qovery-secrets discover` against the emulator over real HTTP: the fragment, the commands, the errors, no leak. */
describe("the discover command (in process, against the emulator)", function () {
    let h: Harness;
    const SECRET_VALUE = `discover-secret-${"s".repeat(16)}`;
    const cli = async (argv: string[], env: Record<string, string> = {}) => {
        let stdout = "";
        let stderr = "";
        const code = await main(argv, {
            env: { QOVERY_API_TOKEN: TOKEN, QOVERY_API_URL: h.emulator.url, ...env },
            stdout: (s) => (stdout += s),
            stderr: (s) => (stderr += s),
        });
        const all = stdout + stderr;
        assert.ok(!all.includes(TOKEN), "the token is never printed");
        assert.ok(!all.includes(SECRET_VALUE), "a secret value is never printed");
        return { code, stdout, stderr };
    };

    before(async () => {
        h = await startHarness();
        const post = async (p: string, body: object) => {
            const res = await fetch(`${h.emulator.url}/job/${h.jobId}${p}`, {
                method: "POST",
                headers: { Authorization: `Token ${TOKEN}`, "Content-Type": "application/json" },
                body: JSON.stringify(body),
            });
            assert.equal(res.status, 201);
        };
        await post("/secret", { key: "DB_PASSWORD", value: SECRET_VALUE, description: "the db" });
        await post("/environmentVariable", { key: "LOG_LEVEL", value: "info" });
        await h.admin.seedSecret(h.jobId, { key: "QOVERY_BUILT_IN", value: SECRET_VALUE, scope: "BUILT_IN" });
    });
    after(async () => h?.emulator.stop());

    it("writes the fragment to stdout and the config commands to stderr; --out writes a file", async () => {
        const r = await cli(["discover", "--job", h.jobId]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /new qovery\.JobSecret\("db-password"[\s\S]*value: cfg\.requireSecret\("dbPassword"\)/);
        assert.match(r.stdout, /key: "LOG_LEVEL",\n {4}value: "info",/);
        assert.match(r.stdout, /BUILT_IN secret "QOVERY_BUILT_IN"/);
        assert.match(r.stderr, /^ {2}pulumi config set --secret dbPassword$/m);
        assert.match(
            r.stderr,
            /2 declared with `adopt: true` \(1 JobSecret, 1 JobEnvironmentVariable\); 1 listed as comments/,
        );

        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pqs-discover-")), "adopted.ts");
        const w = await cli(["discover", "--job", h.jobId, "--out", out]);
        assert.equal(w.code, 0);
        assert.equal(fs.readFileSync(out, "utf8"), r.stdout);
        assert.match(w.stdout, /pulumi config set --secret dbPassword/);
    });

    it("clear errors: wrong token, missing job, unreachable API, no token, a token flag, bad usage; --help", async () => {
        const wrong = await cli(["discover", "--job", h.jobId], { QOVERY_API_TOKEN: `${TOKEN}-wrong` });
        assert.equal(wrong.code, 1);
        assert.match(
            wrong.stderr,
            /the token in QOVERY_API_TOKEN was not accepted by http:\/\/127\.0\.0\.1:\d+ \(401\)/,
        );
        assert.ok(!wrong.stderr.includes(`${TOKEN}-wrong`));

        const missing = await cli(["discover", "--job", "00000000-0000-4000-8000-00000000dead"]);
        assert.equal(missing.code, 1);
        assert.match(missing.stderr, /no job 00000000-0000-4000-8000-00000000dead at .* \(404\): check --job/);

        const unreachable = await cli(["discover", "--job", h.jobId], { QOVERY_API_URL: "http://127.0.0.1:1" });
        assert.equal(unreachable.code, 1);
        assert.match(
            unreachable.stderr,
            /could not reach the Qovery API at http:\/\/127\.0\.0\.1:1: .*Check QOVERY_API_URL/,
        );

        const noToken = await cli(["discover", "--job", h.jobId], { QOVERY_API_TOKEN: "" });
        assert.equal(noToken.code, 2);
        assert.match(noToken.stderr, /QOVERY_API_TOKEN is not set/);

        const flag = await cli(["discover", "--job", h.jobId, "--token", "abc"]);
        assert.equal(flag.code, 2);
        assert.match(flag.stderr, /not accepted on the command line.*QOVERY_API_TOKEN/);

        assert.equal((await cli(["discover"])).code, 2);
        assert.match((await cli(["discover", "--job", "nope"])).stderr, /must be a Qovery job id/);
        assert.match((await cli(["frobnicate"])).stderr, /unknown command "frobnicate"/);
        const help = await cli(["discover", "--help"]);
        assert.equal(help.code, 0);
        assert.match(help.stdout, /^Usage: pulumi-qovery-secrets discover --job <jobId> \[--out <file>\]/);
    });

    it("the command loads no Pulumi SDK", async function () {
        // A fresh Node.js with ts-node takes seconds on a busy machine: more than mocha's default without the config.
        this.timeout(60_000);
        const script =
            "require('./provider/cli/main'); process.stdout.write(String(Object.keys(require.cache).filter((k) => k.includes('@pulumi')).length))";
        const loaded = await new Promise<string>((resolve, reject) =>
            execFile(
                process.execPath,
                ["-r", "ts-node/register/transpile-only", "-e", script],
                { cwd: path.resolve(__dirname, "..", "..") },
                (err, stdout) => (err ? reject(err) : resolve(stdout)),
            ),
        );
        assert.equal(loaded, "0");
    });
});
