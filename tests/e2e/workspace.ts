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

/** The Pulumi CLI on PATH; a missing CLI fails the tests, it never skips them. */
export function pulumiBinary(): string {
    try {
        return execFileSync("sh", ["-c", "command -v pulumi"], { encoding: "utf8" }).trim();
    } catch {
        throw new Error(
            "The Pulumi CLI is not on PATH: run `npm test` (which runs scripts/ensure-pulumi.sh) or put pulumi on PATH",
        );
    }
}

let consumer: Promise<string> | undefined;

/**
 * A folder whose node_modules holds the packed library, @pulumi/pulumi and TypeScript.
 * Programs live in sub-folders of it and resolve their modules from it. Made once per run.
 */
export function consumerRoot(): Promise<string> {
    consumer ??= makeConsumer();
    return consumer;
}

async function makeConsumer(): Promise<string> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pqs-e2e-consumer-"));
    const packed = await run("npm", ["pack", "--silent", "--pack-destination", dir], REPO);
    const tarball = path.join(dir, packed.trim().split("\n").pop()!);
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "e2e-consumer", private: true }));
    await run(
        "npm",
        [
            "install",
            "--no-audit",
            "--no-fund",
            "--prefer-offline",
            tarball,
            `@pulumi/pulumi@${sdkVersion()}`,
            "typescript@~5.9.3",
            "ts-node@^10.9.2",
            "@types/node@^20",
        ],
        dir,
    );
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
