/**
 * `npm start`: the main job on the embedded default. Starts the Qovery API emulator (state
 * kept in .emulator/), logs in to a file backend inside the project (.pulumi-state/), and
 * runs `pulumi up` on the root program (index.ts). Run it again: nothing changes.
 *
 *   npm start               create or converge the demo stack
 *   npm start -- --destroy  destroy it, remove the stack and the emulator's state
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorAdmin, startEmulator } from "../emulator";

const ROOT = path.resolve(__dirname, "..");
// Overridable so that the end-to-end test of `npm start` leaves a developer's demo alone.
const DEMO_DIR = process.env.QOVERY_DEMO_DIR ?? ROOT;
const STATE_DIR = path.join(DEMO_DIR, ".pulumi-state");
const EMULATOR_DIR = path.join(DEMO_DIR, ".emulator");
const STACK = process.env.QOVERY_DEMO_STACK ?? "demo";
// A fixed port: the URL is part of the stack's provider config, which should not change between runs.
const PORT = Number(process.env.QOVERY_DEMO_PORT ?? 18080);
const JOB_ID = "6b3f1f7e-3c1a-4b8e-9a57-2f0d9c1e4a10";
// The demo's own passphrase and emulator token: they protect nothing but demo data.
const PASSPHRASE = "pulumi-qovery-secrets-demo";
const DEMO_TOKEN = "demo-emulator-token";

function say(line: string) {
    process.stdout.write(`\n== ${line}\n`);
}

function pulumiBin(): string {
    const r = spawnSync("bash", [path.join(ROOT, "scripts", "ensure-pulumi.sh")], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
    });
    if (r.status !== 0) throw new Error("scripts/ensure-pulumi.sh failed: see above");
    return r.stdout.trim().split("\n").pop()!;
}

async function main() {
    const destroy = process.argv.includes("--destroy");
    say("Pulumi CLI");
    const bin = pulumiBin();
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        PULUMI_BACKEND_URL: `file://${STATE_DIR}`,
        PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
        PULUMI_SKIP_UPDATE_CHECK: "true",
    };
    // The demo talks to the emulator only, whatever the shell holds.
    delete env.QOVERY_API_TOKEN;
    delete env.QOVERY_API_URL;
    // Asynchronous on purpose: the emulator runs in this process and must keep answering.
    const pulumi = (args: string[], opts: { capture?: boolean; input?: string } = {}) =>
        new Promise<{ status: number; stdout: string }>((resolve, reject) => {
            const child = spawn("pulumi", args, {
                cwd: ROOT,
                env,
                stdio: [opts.input === undefined ? "ignore" : "pipe", opts.capture ? "pipe" : "inherit", "inherit"],
            });
            if (opts.input !== undefined) child.stdin!.end(opts.input);
            let stdout = "";
            child.stdout?.on("data", (d: Buffer) => (stdout += d));
            child.on("error", reject);
            child.on("close", (code) => {
                if (code !== 0) reject(new Error(`pulumi ${args.join(" ")} exited ${code}`));
                else resolve({ status: code ?? -1, stdout });
            });
        });

    fs.mkdirSync(STATE_DIR, { recursive: true });
    fs.mkdirSync(EMULATOR_DIR, { recursive: true });
    say("Qovery API emulator");
    const emulator = await startEmulator({
        port: PORT,
        token: DEMO_TOKEN,
        jobs: [JOB_ID],
        persistPath: path.join(EMULATOR_DIR, "state.json"),
        log: (line) => process.stdout.write(`   emulator: ${line}\n`),
    });
    console.log(`listening on ${emulator.url}, job ${JOB_ID}`);
    try {
        // Looked up first, so that a first run prints no "no stack named ... found" error.
        const stacks = JSON.parse((await pulumi(["stack", "ls", "--json"], { capture: true })).stdout) as {
            name: string;
        }[];
        if (stacks.some((s) => s.name === STACK || s.name.endsWith(`/${STACK}`))) {
            await pulumi(["stack", "select", STACK]);
            console.log(`stack ${STACK} selected`);
        } else {
            await pulumi(["stack", "init", STACK]);
        }
        if (destroy) {
            say("pulumi destroy");
            await pulumi(["config", "set", "qovery:apiUrl", emulator.url]);
            await pulumi(["destroy", "--yes", "--non-interactive"]);
            await pulumi(["stack", "rm", "--yes", STACK]);
        } else {
            await converge();
        }
    } finally {
        await emulator.stop();
    }
    if (destroy) {
        fs.rmSync(EMULATOR_DIR, { recursive: true, force: true });
        say("Destroyed: the stack, its state and the emulator's data are gone.");
    }

    async function converge() {
        say("Stack configuration (secrets are encrypted with the demo passphrase)");
        await pulumi(["config", "set", "jobId", JOB_ID]);
        await pulumi(["config", "set", "qovery:apiUrl", emulator.url]);
        await pulumi(["config", "set", "--secret", "qovery:apiToken"], { input: DEMO_TOKEN });
        // The keys set, values hidden (secrets show as "[secret]"): reading an unset key would print an error.
        const config = JSON.parse((await pulumi(["config", "--json"], { capture: true })).stdout) as object;
        const isSet = (key: string) => Object.keys(config).some((name) => name.endsWith(`:${key}`));
        for (const key of ["dbPassword", "paymentsApiKey", "tlsKey"]) {
            // Generated once, then kept: a second run changes nothing.
            if (!isSet(key)) {
                await pulumi(["config", "set", "--secret", key], { input: randomBytes(18).toString("base64url") });
            }
        }

        say("pulumi up");
        await pulumi(["up", "--yes", "--non-interactive", "--diff"]);

        say("Outputs");
        await pulumi(["stack", "output"]);

        say("Where things are");
        const stateFile = path.join(STATE_DIR, ".pulumi", "stacks", "qovery-secrets-demo", `${STACK}.json`);
        console.log(`state:    ${stateFile}`);
        console.log(`emulator: ${path.join(EMULATOR_DIR, "state.json")}`);

        say("The emulator holds the values; the state holds only ciphertext");
        const stored = await new EmulatorAdmin(emulator.url).storedSecrets(JOB_ID);
        const state = fs.readFileSync(stateFile, "utf8");
        const resources: { type: string; outputs?: { key?: string; value?: { ciphertext?: string } } }[] =
            JSON.parse(state).checkpoint.latest.resources;
        for (const s of stored) {
            const inState = resources.find((r) => r.type.endsWith("qovery:JobSecret") && r.outputs?.key === s.key);
            const ciphertext = inState?.outputs?.value?.ciphertext ?? "(missing)";
            const fingerprint = createHash("sha256")
                .update(s.value ?? "")
                .digest("hex")
                .slice(0, 12);
            console.log(
                `${s.key.padEnd(17)} emulator: ${String(s.value?.length ?? 0).padStart(2)} characters (sha256 ${fingerprint}...)` +
                    `${s.mount_path ? `, file at ${s.mount_path}` : ""}` +
                    `\n${"".padEnd(17)} state:    ${ciphertext.slice(0, 24)}...; plaintext in state file: ${
                        s.value && state.includes(s.value) ? "YES" : "no"
                    }`,
            );
        }
        console.log("\nRun `npm start` again: nothing changes. `npm start -- --destroy` tears it all down.");
    }
}

main().catch((err: Error) => {
    console.error(`npm start failed: ${err.message}`);
    process.exit(1);
});
