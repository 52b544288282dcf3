import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { scanForLeaks } from "./leaks";
import { REPO, pulumiBinary } from "./workspace";

/** `npm start`'s stdout; a successful run's stdout and stderr hold no `error:` line. */
function npmStart(env: Record<string, string>, args: string[] = []): Promise<string> {
    return new Promise((resolve, reject) => {
        execFile(
            "npm",
            ["start", "--silent", ...(args.length ? ["--", ...args] : [])],
            { cwd: REPO, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
            (err, stdout, stderr) => {
                if (err) return reject(new Error(`npm start failed:\n${stdout}\n${stderr}`));
                const errorLines = `${stdout}\n${stderr}`.split("\n").filter((line) => /error:/i.test(line));
                if (errorLines.length > 0) {
                    return reject(new Error(`npm start succeeded but printed:\n${errorLines.join("\n")}`));
                }
                resolve(stdout);
            },
        );
    });
}

describe("npm start: the main job on the embedded emulator", function () {
    this.timeout(600_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pqs-start-"));
    const env = { QOVERY_DEMO_DIR: dir, QOVERY_DEMO_STACK: `e2e${process.pid}`, QOVERY_DEMO_PORT: "18181" };

    after(() => {
        fs.rmSync(dir, { recursive: true, force: true });
        // A failed run leaves its stack config in the checkout.
        fs.rmSync(path.join(REPO, `Pulumi.${env.QOVERY_DEMO_STACK}.yaml`), { force: true });
    });

    it("creates the secrets, shows the values on the emulator and only ciphertext in state; a second run changes nothing; --destroy cleans up", async () => {
        pulumiBinary();
        const first = await npmStart(env);
        assert.match(first, /\+ 4 created/);
        assert.equal(first.match(/plaintext in state file: no/g)?.length, 3);
        assert.doesNotMatch(first, /plaintext in state file: YES/);
        assert.match(first, /TLS_KEY .*file at \/etc\/app\/tls\.key/);

        const stored = JSON.parse(fs.readFileSync(path.join(dir, ".emulator", "state.json"), "utf8"));
        const values: string[] = JSON.stringify(stored).match(/"value":"[^"]+"/g) ?? [];
        assert.equal(values.length, 3, "the emulator holds three values");
        const state = fs.readFileSync(
            path.join(
                dir,
                ".pulumi-state",
                ".pulumi",
                "stacks",
                "qovery-secrets-demo",
                `${env.QOVERY_DEMO_STACK}.json`,
            ),
            "utf8",
        );
        const secrets = values.map((v, i) => ({
            label: `value #${i + 1}`,
            value: JSON.parse(v.slice('"value":'.length)),
        }));
        assert.deepEqual(
            scanForLeaks({
                texts: [
                    { label: "state", text: state },
                    { label: "output", text: first },
                ],
                secrets,
            }),
            [],
            "no value in the state nor in the output",
        );

        const second = await npmStart(env);
        assert.match(second, /4 unchanged/);
        assert.doesNotMatch(second, /\d+ (created|updated|deleted|replaced)/);

        const gone = await npmStart(env, ["--destroy"]);
        assert.match(gone, /Destroyed/);
        assert.ok(!fs.existsSync(path.join(dir, ".emulator")));
        assert.ok(!fs.existsSync(path.join(REPO, `Pulumi.${env.QOVERY_DEMO_STACK}.yaml`)));
    });
});
