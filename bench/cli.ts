/**
 * One benchmarked program (JobSecret, the no-op baseline, or the calls table's Secret and
 * EnvironmentVariable program) on its own stack, driven through the
 * real Pulumi CLI the way tests/e2e drives it, with every command timed and its API calls counted.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { EmulatorAdmin } from "../emulator";
import { PulumiStack } from "../tests/e2e/pulumi";
import { installProgram } from "../tests/e2e/workspace";
import { type Role, watchProcesses } from "./proctree";

export type Kind = "jobsecret" | "noop" | "scoped";
export type Operation = "up" | "preview" | "refresh" | "destroy";

export interface Measurement {
    seconds: number;
    /** Public API requests by method, from the emulator's stats. */
    byMethod: Record<string, number>;
    /** The same, by the spec's operation (`POST /variable/import`). */
    byOperation: Record<string, number>;
    requests: number;
    /** Peak RSS of the dynamic-provider process (bytes), when one ran. */
    providerPeakBytes?: number;
    /** CPU seconds by process role; "bench" is this process, which hosts the emulator. */
    cpu: Record<Role | "bench", number>;
}

export interface StateSize {
    resources: number;
    providerInputBytes: number[];
    providerOutputBytes: number[];
    stateFileBytes: number;
}

const PROGRAMS: Record<Kind, string> = {
    jobsecret: path.join(__dirname, "..", "tests", "e2e", "programs", "lifecycle"),
    noop: path.join(__dirname, "programs", "noop"),
    scoped: path.join(__dirname, "programs", "scoped"),
};
const RESOURCE_TYPES: Record<Kind, string> = {
    jobsecret: "pulumi-nodejs:dynamic/qovery:JobSecret",
    noop: "pulumi-nodejs:dynamic/bench:NoopSecret",
    scoped: "pulumi-nodejs:dynamic/qovery:Secret",
};

export class BenchStack {
    private constructor(
        readonly kind: Kind,
        private readonly stack: PulumiStack,
        private readonly admin: EmulatorAdmin,
        private readonly parallel: number,
        /** Every plaintext handed to the programs, to scrub from error messages. */
        private readonly secrets: string[],
    ) {}

    static async create(opts: {
        kind: Kind;
        consumer: string;
        admin: EmulatorAdmin;
        apiUrl: string;
        token: string;
        parallel: number;
        /** Extra environment for the program and its provider. */
        env?: Record<string, string>;
    }): Promise<BenchStack> {
        const dir = installProgram(opts.consumer, PROGRAMS[opts.kind], `bench-${opts.kind}`);
        const stack = await PulumiStack.create({ programDir: dir, env: opts.env });
        const bench = new BenchStack(opts.kind, stack, opts.admin, opts.parallel, [opts.token]);
        // The same stack config for both: the default provider's configure then does the same work.
        await stack.setConfig("qovery:apiUrl", opts.apiUrl);
        await stack.setConfig("qovery:apiToken", opts.token, true);
        return bench;
    }

    /** Writes secrets.json: n secrets of one job, each with its own random value. */
    setSecrets(jobId: string, n: number): void {
        const specs = [];
        for (let i = 0; i < n; i++) {
            const value = randomBytes(16).toString("hex");
            this.secrets.push(value);
            specs.push({ name: `secret-${i}`, jobId, key: `BENCH_SECRET_${i}`, value });
        }
        fs.writeFileSync(path.join(this.stack.programDir, "secrets.json"), JSON.stringify(specs));
    }

    /** Writes the program's input file; `values` are the plaintexts in it, scrubbed from errors. */
    writeSpecs(file: string, specs: unknown[], values: string[]): void {
        this.secrets.push(...values);
        fs.writeFileSync(path.join(this.stack.programDir, file), JSON.stringify(specs));
    }

    setConfig(key: string, value: string): Promise<unknown> {
        return this.stack.setConfig(key, value);
    }

    /**
     * Runs one command, timed and counted. `parallel` overrides the stack's `--parallel`; `null`
     * passes no flag (the CLI's default: 4 per CPU). `env` is added to the CLI's environment.
     */
    async run(
        op: Operation,
        opts: { parallel?: number | null; env?: Record<string, string> } = {},
    ): Promise<Measurement> {
        const args: Record<Operation, string[]> = {
            up: ["up", "--yes", "--skip-preview"],
            preview: ["preview", "--expect-no-changes"],
            refresh: ["refresh", "--yes", "--skip-preview"],
            destroy: ["destroy", "--yes", "--skip-preview"],
        };
        await this.admin.clearRequests();
        const watch = watchProcesses();
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        const parallel = opts.parallel === undefined ? this.parallel : opts.parallel;
        const flags = parallel === null ? [] : ["--parallel", String(parallel)];
        const r = await this.stack.run([...args[op], ...flags], opts.env);
        const seconds = (performance.now() - t0) / 1000;
        const own = process.cpuUsage(cpu0);
        const procs = watch.stop();
        // The transcript is only kept for leak scans in the tests; 1000-resource runs make it large.
        this.stack.transcript.length = 0;
        if (r.code !== 0) {
            throw new Error(`${this.kind}: pulumi ${op} exited ${r.code}:\n${this.scrub(r.output.slice(-4000))}`);
        }
        const stats = await this.admin.stats();
        const operations = await this.admin.operationStats();
        return {
            seconds,
            byMethod: stats.byMethod,
            byOperation: Object.fromEntries(Object.entries(operations).map(([k, v]) => [k, v.requests])),
            requests: stats.requests,
            cpu: { ...procs.cpu, bench: (own.user + own.system) / 1e6 },
            ...(procs.providerPeakBytes === undefined ? {} : { providerPeakBytes: procs.providerPeakBytes }),
        };
    }

    stateSize(): StateSize {
        const file = this.stack.stateFile();
        const resources = (this.stack.state().checkpoint.latest?.resources ?? []).filter(
            (r) => r.type === RESOURCE_TYPES[this.kind],
        );
        const bytes = (v: unknown) => (typeof v === "string" ? Buffer.byteLength(v) : 0);
        return {
            resources: resources.length,
            providerInputBytes: resources.map((r) => bytes(r.inputs?.__provider)),
            providerOutputBytes: resources.map((r) => bytes(r.outputs?.__provider)),
            stateFileBytes: fs.statSync(file).size,
        };
    }

    /** The serialized provider of the first resource, for the report (it holds no credential). */
    providerText(): string | undefined {
        const r = (this.stack.state().checkpoint.latest?.resources ?? []).find(
            (x) => x.type === RESOURCE_TYPES[this.kind],
        );
        return typeof r?.inputs?.__provider === "string" ? r.inputs.__provider : undefined;
    }

    cleanup(): void {
        this.stack.cleanup();
    }

    private scrub(text: string): string {
        let out = text;
        for (const s of this.secrets) out = out.split(s).join("[redacted]");
        return out;
    }
}
