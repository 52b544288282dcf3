/**
 * The end-to-end tests' world: a consumer folder where the package is installed the way
 * users install it (`npm pack`, then `npm install` of the tarball), a real Pulumi CLI with
 * a `file://` backend in a temporary folder, and the emulator.
 */
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const REPO = path.resolve(__dirname, "..", "..");

/** The @pulumi/pulumi the consumer installs: the repo's devDependency unless E2E_PULUMI_SDK says otherwise. */
export function sdkVersion(): string {
    if (process.env.E2E_PULUMI_SDK) return process.env.E2E_PULUMI_SDK;
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
    return pkg.devDependencies["@pulumi/pulumi"];
}

let checkedBinary: string | undefined;

/**
 * The Pulumi CLI on PATH. A missing CLI fails the tests, it never skips them; so does a
 * language host whose version is not the CLI's (the tests prove the library under the pair
 * users install, not under a fallback).
 */
export function pulumiBinary(): string {
    if (checkedBinary !== undefined) return checkedBinary;
    let bin: string;
    try {
        bin = execFileSync("sh", ["-c", "command -v pulumi"], { encoding: "utf8" }).trim();
    } catch {
        throw new Error(
            "The Pulumi CLI is not on PATH: run `npm test` (which runs scripts/ensure-pulumi.sh) or put pulumi on PATH",
        );
    }
    const { cli, host } = enginePair();
    // The CLI is built at the devDependency's version, whichever SDK a compatibility run installs.
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
    const expected = `v${pkg.devDependencies["@pulumi/pulumi"]}`;
    if (cli !== expected || host !== expected) {
        throw new Error(
            `The Pulumi CLI (${cli}) and its Node.js language host (${host}) must both be ${expected}: ` +
                "run the tests through `npm test` or `bash scripts/with-pulumi.sh`, which build the matching pair",
        );
    }
    checkedBinary = bin;
    return bin;
}

/** The versions that `pulumi version` and `pulumi-language-nodejs -version` print. */
export function enginePair(): { cli: string; host: string } {
    const env = { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" };
    const cli = execFileSync("pulumi", ["version"], { encoding: "utf8", env }).trim();
    const host = execFileSync("pulumi-language-nodejs", ["-version"], { encoding: "utf8", env }).trim();
    return { cli, host };
}

let consumer: Promise<string> | undefined;

/**
 * A folder whose node_modules holds the packed library, @pulumi/pulumi and TypeScript.
 * Programs live in sub-folders of it and resolve their modules from it. Made once per run:
 * by the global fixture (tests/e2e/fixtures.ts) for every worker of `npm test`, else once per
 * process.
 */
export function consumerRoot(): Promise<string> {
    consumer ??= process.env.E2E_CONSUMER_DIR ? Promise.resolve(process.env.E2E_CONSUMER_DIR) : makeConsumer();
    return consumer;
}

/**
 * Makes a consumer folder with the given tarball of the library installed (by default this
 * commit's, packed once per process unless E2E_TARBALL names one: a tarball packed once for
 * several runs side by side, as CI does, instead of a `npm pack` each, whose `prepack` build
 * would rewrite dist/ under the others' feet).
 */
export async function makeConsumer(tarball?: string): Promise<string> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pqs-e2e-consumer-"));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "e2e-consumer", private: true }));
    await npmInstall(dir, [
        tarball ?? (await currentTarball()),
        `@pulumi/pulumi@${sdkVersion()}`,
        "typescript@~5.9.3",
        "ts-node@^10.9.2",
        "@types/node@^20",
    ]);
    fs.writeFileSync(
        path.join(dir, "tsconfig.json"),
        JSON.stringify({
            compilerOptions: {
                strict: true,
                target: "ES2022",
                module: "commonjs",
                moduleResolution: "node10",
                esModuleInterop: true,
                skipLibCheck: true,
            },
        }),
    );
    return dir;
}

let packed: Promise<string> | undefined;

/** The packed library of this commit: E2E_TARBALL, or `npm pack` (which builds) once per process. */
export function currentTarball(): Promise<string> {
    if (process.env.E2E_TARBALL) return Promise.resolve(process.env.E2E_TARBALL);
    packed ??= (async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pqs-e2e-pack-"));
        const out = await run("npm", ["pack", "--silent", "--pack-destination", dir], REPO);
        return path.join(dir, out.trim().split("\n").pop()!);
    })();
    return packed;
}

/** `npm install` of packages (names or tarballs) into a consumer folder. */
export function npmInstall(dir: string, packages: string[]): Promise<string> {
    return run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...packages], dir);
}

function run(cmd: string, args: string[], cwd: string): Promise<string> {
    return new Promise((resolve, reject) => {
        execFile(cmd, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
            if (err) reject(new Error(`${cmd} ${args.join(" ")} failed in ${cwd}: ${stderr || err.message}`));
            else resolve(stdout);
        });
    });
}

/** Copies a program (Pulumi.yaml, index.ts and any other files but node_modules) into the consumer. */
export function installProgram(consumerDir: string, source: string, name: string): string {
    const dest = fs.mkdtempSync(path.join(consumerDir, `${name}-`));
    fs.cpSync(source, dest, {
        recursive: true,
        filter: (src) => !/node_modules|package(-lock)?\.json$|Pulumi\.[^/]+\.yaml$/.test(path.relative(source, src)),
    });
    return dest;
}
