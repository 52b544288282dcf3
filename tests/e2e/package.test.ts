/**
 * The package as a user meets it, installed from the packed tarball: what the tarball holds,
 * its types under `tsc --strict`, mistakes caught by `pulumi preview`, and the emulator guide's
 * example (examples/offline-test) run as a user runs it. Few CLI runs: one stack, two previews,
 * and the example's own up and destroy through the Automation API.
 */
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PulumiStack } from "./pulumi";
import { REPO, consumerRoot, installProgram, pulumiBinary } from "./workspace";

const JOB = "11111111-2222-4333-8444-555555555555";

/** Files the README and the docs promise in the package. */
const PROMISED = [
    "package/LICENSE",
    "package/CHANGELOG.md",
    "package/README.md",
    "package/docs/compatibility.md",
    "package/docs/testing-offline.md",
    "package/dist/provider/index.js",
    "package/dist/provider/index.d.ts",
    "package/dist/provider/hooks.js",
    "package/dist/provider/hooks/jobSecretAlias.js",
    "package/dist/emulator/index.js",
    "package/dist/emulator/index.d.ts",
    "package/dist/emulator/cli.js",
    "package/emulator/spec/job-secrets.openapi.yaml",
    "package/emulator/spec/job-variables.openapi.yaml",
    "package/emulator/spec/job-deployments.openapi.yaml",
];

describe("end to end: the package as users meet it", function () {
    this.timeout(900_000);
    let consumer: string;

    before(async () => {
        pulumiBinary();
        consumer = await consumerRoot();
    });

    it("the installed tarball holds what the README promises, and no source map reference without its map", async () => {
        // The installed copy is the tarball's content (no second `npm pack`: its prepack build would
        // rewrite dist/ under the feet of suites running beside this one).
        const root = path.join(consumer, "node_modules", "pulumi-qovery-secrets");
        const files = (fs.readdirSync(root, { recursive: true }) as string[])
            .filter((f) => !f.startsWith("node_modules"))
            .map((f) => `package/${f.split(path.sep).join("/")}`);
        const missing = PROMISED.filter((f) => !files.includes(f));
        assert.deepEqual(missing, [], `missing from the tarball: ${missing.join(", ")}`);
        assert.deepEqual(
            files.filter((f) => f.endsWith(".map")),
            [],
        );
        const installed = path.join(root, "dist");
        const jsFiles = (fs.readdirSync(installed, { recursive: true }) as string[]).filter((f) => f.endsWith(".js"));
        assert.ok(jsFiles.length > 20, `only ${jsFiles.length} .js files`);
        const pointing = jsFiles.filter((f) =>
            fs.readFileSync(path.join(installed, f), "utf8").includes("sourceMappingURL"),
        );
        assert.deepEqual(pointing, []);
        const pkg = JSON.parse(fs.readFileSync(path.join(installed, "..", "package.json"), "utf8"));
        assert.equal(pkg.license, "Apache-2.0");
        assert.ok(pkg.repository && pkg.homepage && pkg.keywords.includes("pulumi"));
    });

    it("types: a consumer program compiles under tsc --strict, and each expected type error is met", () => {
        const dir = installProgram(consumer, path.join(REPO, "tests", "e2e", "programs", "consumer-types"), "types");
        const tsc = path.join(consumer, "node_modules", "typescript", "bin", "tsc");
        // The consumer's strict options, on this one file.
        const r = spawnSyncText(process.execPath, [
            tsc,
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
            path.join(dir, "index.ts"),
        ]);
        assert.equal(r.code, 0, r.output);
    });

    it("npx qovery-emulator --help, from the installed package, shows the default token", () => {
        const out = execFileSync(path.join(consumer, "node_modules", ".bin", "qovery-emulator"), ["--help"], {
            encoding: "utf8",
        });
        assert.match(out, /default qovery-emulator-token/);
    });

    it("preview refuses a duplicate (jobId, key) naming both resources, and a plain-http qovery:apiUrl naming it", async () => {
        const dir = installProgram(
            consumer,
            path.join(REPO, "tests", "e2e", "programs", "preview-mistakes"),
            "preview-mistakes",
        );
        const stack = await PulumiStack.create({ programDir: dir });
        try {
            await stack.setConfig("jobId", JOB);
            await stack.setConfig("duplicate", "true");
            const dup = await stack.run(["preview"]);
            assert.notEqual(dup.code, 0, dup.output);
            assert.match(dup.output, /JobEnvironmentVariable "db-password-again" and JobSecret "db-password"/);
            assert.match(dup.output, /both hold key "DB_PASSWORD"/);

            await stack.setConfig("duplicate", "false");
            await stack.setConfig("qovery:apiUrl", "http://qovery-emulator:8080");
            const http = await stack.run(["preview"]);
            assert.notEqual(http.code, 0, http.output);
            assert.match(http.output, /Refusing plain http for qovery-emulator in `qovery:apiUrl`/);
            assert.match(http.output, /qovery:allowInsecureHttp/);
        } finally {
            stack.cleanup();
        }
    });

    it("examples/offline-test: the user's mocha test runs the program through the Automation API against the emulator", async () => {
        const dir = installProgram(consumer, path.join(REPO, "examples", "offline-test"), "offline-test");
        const home = fs.mkdtempSync(path.join(os.tmpdir(), "pqs-e2e-home-"));
        const env: NodeJS.ProcessEnv = {
            ...process.env,
            PULUMI_HOME: home,
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_NODEJS_TRANSPILE_ONLY: "true",
            NO_COLOR: "1",
        };
        for (const k of ["QOVERY_API_TOKEN", "QOVERY_API_URL", "QOVERY_AUTH_SCHEME"]) delete env[k];
        // The repository's mocha; ts-node, @pulumi/pulumi and the package resolve from the consumer.
        const mocha = path.join(REPO, "node_modules", "mocha", "bin", "mocha.js");
        try {
            const r = await new Promise<{ code: number; output: string }>((resolve) => {
                execFile(
                    process.execPath,
                    [
                        mocha,
                        "--no-config",
                        "-r",
                        "ts-node/register/transpile-only",
                        "--timeout",
                        "600000",
                        "test/program.test.ts",
                    ],
                    { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 },
                    (err, stdout, stderr) => resolve({ code: err ? 1 : 0, output: `${stdout}\n${stderr}` }),
                );
            });
            assert.equal(r.code, 0, r.output);
            assert.match(r.output, /2 passing/);
        } finally {
            fs.rmSync(home, { recursive: true, force: true });
        }
    });
});

function spawnSyncText(cmd: string, args: string[]): { code: number; output: string } {
    try {
        return { code: 0, output: execFileSync(cmd, args, { encoding: "utf8", stdio: "pipe" }) };
    } catch (err) {
        const e = err as { status?: number; stdout?: string; stderr?: string };
        return { code: e.status ?? 1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
    }
}
