/**
 * Drives the real Pulumi CLI on one program and one stack, with a `file://` backend in a
 * temporary folder, and keeps every byte it printed for the leak scan.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface CommandResult {
    code: number;
    stdout: string;
    stderr: string;
    output: string;
}

export interface StackOptions {
    programDir: string;
    /** Extra environment (QOVERY_API_URL, QOVERY_API_TOKEN...). */
    env?: Record<string, string>;
    stack?: string;
    /**
     * Whether ts-node type-checks a TypeScript program on each run, as it does for users by
     * default. Off unless asked: checking costs about 1.3 s a run and proves nothing about the
     * library; the suites that are about types (the strict program, the examples) turn it on.
     */
    typeCheck?: boolean;
}

const PASSPHRASE = "e2e-passphrase";

export class PulumiStack {
    readonly programDir: string;
    readonly backendDir: string;
    readonly homeDir: string;
    readonly stack: string;
    env: Record<string, string>;
    typeCheck: boolean;
    /** Everything every command printed, for leak scans. */
    readonly transcript: string[] = [];

    private constructor(opts: StackOptions) {
        this.programDir = opts.programDir;
        this.backendDir = fs.mkdtempSync(path.join(os.tmpdir(), "pqs-e2e-backend-"));
        this.homeDir = fs.mkdtempSync(path.join(os.tmpdir(), "pqs-e2e-home-"));
        this.stack = opts.stack ?? "dev";
        this.env = { ...(opts.env ?? {}) };
        this.typeCheck = opts.typeCheck ?? false;
    }

    static async create(opts: StackOptions): Promise<PulumiStack> {
        const s = new PulumiStack(opts);
        await s.ok(["stack", "init"]);
        return s;
    }

    /** Runs `pulumi <args>` in the program folder; never throws on a non-zero exit. */
    run(args: string[], extraEnv: Record<string, string> = {}, input?: string): Promise<CommandResult> {
        const env: NodeJS.ProcessEnv = {
            ...process.env,
            PULUMI_BACKEND_URL: `file://${this.backendDir}`,
            PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
            PULUMI_HOME: this.homeDir,
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
            NO_COLOR: "1",
            CI: "true",
            PULUMI_NODEJS_TRANSPILE_ONLY: this.typeCheck ? "false" : "true",
            ...this.env,
            ...extraEnv,
        };
        // Another Node.js for the program and its provider (compatibility runs).
        if (process.env.E2E_NODE_BIN) env.PATH = `${process.env.E2E_NODE_BIN}:${env.PATH}`;
        // The test process's own settings must not leak into the program's provider.
        for (const k of ["QOVERY_API_TOKEN", "QOVERY_API_URL", "QOVERY_AUTH_SCHEME"]) {
            if (!(k in this.env) && !(k in extraEnv)) delete env[k];
        }
        const fullArgs = [...args, "--stack", this.stack, "--non-interactive", "--color", "never"];
        return new Promise((resolve, reject) => {
            const child = spawn("pulumi", fullArgs, {
                cwd: this.programDir,
                env,
                stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
            });
            if (input !== undefined) child.stdin!.end(input);
            let stdout = "";
            let stderr = "";
            let output = "";
            child.stdout!.on("data", (d: Buffer) => {
                stdout += d;
                output += d;
            });
            child.stderr!.on("data", (d: Buffer) => {
                stderr += d;
                output += d;
            });
            child.on("error", reject);
            child.on("close", (code) => {
                this.transcript.push(`$ pulumi ${fullArgs.join(" ")}\n${output}`);
                resolve({ code: code ?? -1, stdout, stderr, output });
            });
        });
    }

    /** Runs a command that must succeed. */
    async ok(args: string[], extraEnv: Record<string, string> = {}, input?: string): Promise<CommandResult> {
        const r = await this.run(args, extraEnv, input);
        if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${r.code}:\n${r.output}`);
        return r;
    }

    up(extra: string[] = []) {
        return this.ok(["up", "--yes", "--skip-preview", ...extra]);
    }
    preview(extra: string[] = []) {
        return this.ok(["preview", ...extra]);
    }
    refresh(extra: string[] = []) {
        return this.ok(["refresh", "--yes", "--skip-preview", ...extra]);
    }
    destroy(extra: string[] = []) {
        return this.ok(["destroy", "--yes", "--skip-preview", ...extra]);
    }
    /** `pulumi preview --json`: the planned operation of each JobSecret, by resource name. */
    async plannedSteps(): Promise<Record<string, string>> {
        const r = await this.ok(["preview", "--json"]);
        const plan = JSON.parse(r.stdout) as { steps?: { op: string; urn: string }[] };
        const steps: Record<string, string> = {};
        for (const step of plan.steps ?? []) {
            if (step.urn.includes("qovery:JobSecret::")) steps[step.urn.split("::").pop()!] = step.op;
        }
        return steps;
    }

    /** Sets stack config; the value goes through stdin, never the command line (nor `ps`). */
    async setConfig(key: string, value: string, secret = false) {
        await this.ok(["config", "set", key, ...(secret ? ["--secret"] : [])], {}, value);
    }

    /** Stack outputs as JSON (secrets stay masked: no --show-secrets). */
    async outputs(): Promise<Record<string, unknown>> {
        return JSON.parse((await this.ok(["stack", "output", "--json"])).stdout);
    }

    /** The checkpoint the file backend wrote, parsed. */
    state(): Checkpoint {
        const file = this.stateFile();
        return JSON.parse(fs.readFileSync(file, "utf8")) as Checkpoint;
    }

    stateFile(): string {
        const stacks = path.join(this.backendDir, ".pulumi", "stacks");
        for (const project of fs.readdirSync(stacks)) {
            const f = path.join(stacks, project, `${this.stack}.json`);
            if (fs.existsSync(f)) return f;
        }
        throw new Error(`no state file for stack ${this.stack} under ${stacks}`);
    }

    /** The JobSecret resources in state. */
    jobSecrets(): StateResource[] {
        return (this.state().checkpoint.latest?.resources ?? []).filter(
            (r) => r.type === "pulumi-nodejs:dynamic/qovery:JobSecret",
        );
    }

    cleanup() {
        fs.rmSync(this.backendDir, { recursive: true, force: true });
        fs.rmSync(this.homeDir, { recursive: true, force: true });
    }
}

export interface StateResource {
    urn: string;
    type: string;
    id?: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
}

export interface Checkpoint {
    checkpoint: { latest?: { resources?: StateResource[] } };
}

/** A Pulumi secret as the state stores it. */
export function isCiphertextSecret(v: unknown): boolean {
    const s = v as Record<string, unknown> | undefined;
    return (
        !!s &&
        s["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270" &&
        typeof s.ciphertext === "string" &&
        !("plaintext" in s)
    );
}
