#!/usr/bin/env node
// Runs the emulator as a process: `npx qovery-emulator --port 8080 --job <uuid> ...` once the
// package is installed (node dist/emulator/cli.js in this repository).
import { DEFAULT_TOKEN, startEmulator, type EmulatorOptions } from "./server";
import { CHAOS_KINDS, type ChaosConfig, type ChaosKind } from "./types";

const USAGE = `Usage: qovery-emulator [options]
  --port N            port (default 0 = any free port)          env QOVERY_EMULATOR_PORT
  --host H            interface (default 127.0.0.1)             env QOVERY_EMULATOR_HOST
  --token T           accepted API token                        env QOVERY_EMULATOR_TOKEN
                      (default ${DEFAULT_TOKEN})
  --job UUID          a job that exists (repeatable)            env QOVERY_EMULATOR_JOBS (comma-separated)
  --persist FILE      JSON state file, loaded and saved         env QOVERY_EMULATOR_PERSIST
  --rate-limit N      requests per window (default 1000000)     env QOVERY_EMULATOR_RATE_LIMIT
  --rate-window S     window in seconds (default 3600)          env QOVERY_EMULATOR_RATE_WINDOW
  --rate-retry-after  also send Retry-After on rate-limit 429s  env QOVERY_EMULATOR_RATE_RETRY_AFTER=1
  --latency MS        delay added to every public response      env QOVERY_EMULATOR_LATENCY_MS
  --error-shape S     "detail" (default) or "message"           env QOVERY_EMULATOR_ERROR_SHAPE
  --max-body-bytes N  largest request body (default 16777216)   env QOVERY_EMULATOR_MAX_BODY_BYTES
  --chaos-rate R      fault this share (0..1) of requests       env QOVERY_EMULATOR_CHAOS_RATE
  --chaos-seed N      reproducible chaos                        env QOVERY_EMULATOR_CHAOS_SEED
  --chaos-kinds K,..  ${CHAOS_KINDS.join(",")}
                      (default all)                             env QOVERY_EMULATOR_CHAOS_KINDS
  --chaos-methods M,. only these methods (default all)          env QOVERY_EMULATOR_CHAOS_METHODS
  --chaos-delay MS    lateness of "delay" faults (default 2000) env QOVERY_EMULATOR_CHAOS_DELAY_MS
  --deploy-queued-ms MS
                      time a deployment is queued (default 500) env QOVERY_EMULATOR_DEPLOY_QUEUED_MS
  --deploy-ms MS      then deploying (default 2000)             env QOVERY_EMULATOR_DEPLOY_MS
  --verbose           one line per public request on stderr
Prefer the environment variable for the token: command lines are visible to other local users.`;

export interface CliSettings {
    options: EmulatorOptions;
    verbose: boolean;
    help: boolean;
}

export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = {}): CliSettings {
    const values = new Map<string, string[]>();
    let verbose = false;
    let help = false;
    let retryAfter = ["1", "true"].includes(env.QOVERY_EMULATOR_RATE_RETRY_AFTER ?? "");
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i] as string;
        if (arg === "--verbose") verbose = true;
        else if (arg === "--rate-retry-after") retryAfter = true;
        else if (arg === "--help" || arg === "-h") help = true;
        else if (arg.startsWith("--")) {
            const eq = arg.indexOf("=");
            const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
            const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
            if (value === undefined) throw new Error(`--${name} needs a value`);
            values.set(name, [...(values.get(name) ?? []), value]);
        } else throw new Error(`unexpected argument: ${arg}`);
    }
    const known = [
        "port",
        "host",
        "token",
        "job",
        "persist",
        "rate-limit",
        "rate-window",
        "latency",
        "error-shape",
        "max-body-bytes",
        "chaos-rate",
        "chaos-seed",
        "chaos-kinds",
        "chaos-methods",
        "chaos-delay",
        "deploy-queued-ms",
        "deploy-ms",
    ];
    for (const name of values.keys()) if (!known.includes(name)) throw new Error(`unknown option --${name}`);

    const last = (name: string, envName: string): string | undefined => values.get(name)?.at(-1) ?? env[envName];
    const num = (name: string, envName: string): number | undefined => {
        const raw = last(name, envName);
        if (raw === undefined || raw === "") return undefined;
        const n = Number(raw);
        if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number`);
        return n;
    };
    const list = (name: string, envName: string): string[] | undefined => {
        const raw = last(name, envName);
        if (raw === undefined || raw === "") return undefined;
        const items = raw
            .split(",")
            .map((item) => item.trim())
            .filter(Boolean);
        if (items.length === 0) throw new Error(`--${name} needs at least one value`);
        return items;
    };

    const options: EmulatorOptions = {};
    const port = num("port", "QOVERY_EMULATOR_PORT");
    if (port !== undefined) options.port = port;
    const host = last("host", "QOVERY_EMULATOR_HOST");
    if (host) options.host = host;
    const token = last("token", "QOVERY_EMULATOR_TOKEN");
    if (token) options.token = token;
    const jobs =
        values.get("job") ??
        (env.QOVERY_EMULATOR_JOBS ?? "")
            .split(",")
            .map((j) => j.trim())
            .filter(Boolean);
    if (jobs.length > 0) options.jobs = jobs;
    const persist = last("persist", "QOVERY_EMULATOR_PERSIST");
    if (persist) options.persistPath = persist;
    const limit = num("rate-limit", "QOVERY_EMULATOR_RATE_LIMIT");
    const windowSeconds = num("rate-window", "QOVERY_EMULATOR_RATE_WINDOW");
    if (limit !== undefined || windowSeconds !== undefined || retryAfter) {
        options.rateLimit = {
            limit: limit ?? 1_000_000,
            windowSeconds: windowSeconds ?? 3600,
            ...(retryAfter ? { retryAfter } : {}),
        };
    }
    const latency = num("latency", "QOVERY_EMULATOR_LATENCY_MS");
    if (latency !== undefined) options.latencyMs = latency;
    const shape = last("error-shape", "QOVERY_EMULATOR_ERROR_SHAPE");
    if (shape !== undefined) {
        if (shape !== "detail" && shape !== "message") throw new Error('--error-shape must be "detail" or "message"');
        options.errorShape = shape;
    }
    const maxBodyBytes = num("max-body-bytes", "QOVERY_EMULATOR_MAX_BODY_BYTES");
    if (maxBodyBytes !== undefined) {
        if (!Number.isInteger(maxBodyBytes) || maxBodyBytes === 0) {
            throw new Error("--max-body-bytes must be a positive integer");
        }
        options.maxBodyBytes = maxBodyBytes;
    }
    const chaos = parseChaosArgs(
        num("chaos-rate", "QOVERY_EMULATOR_CHAOS_RATE"),
        num("chaos-seed", "QOVERY_EMULATOR_CHAOS_SEED"),
        list("chaos-kinds", "QOVERY_EMULATOR_CHAOS_KINDS"),
        list("chaos-methods", "QOVERY_EMULATOR_CHAOS_METHODS"),
        num("chaos-delay", "QOVERY_EMULATOR_CHAOS_DELAY_MS"),
    );
    if (chaos) options.chaos = chaos;
    const queuedMs = num("deploy-queued-ms", "QOVERY_EMULATOR_DEPLOY_QUEUED_MS");
    const deployingMs = num("deploy-ms", "QOVERY_EMULATOR_DEPLOY_MS");
    if (queuedMs !== undefined || deployingMs !== undefined) {
        options.deployment = {
            ...(queuedMs !== undefined ? { queuedMs } : {}),
            ...(deployingMs !== undefined ? { deployingMs } : {}),
        };
    }
    return { options, verbose, help };
}

function parseChaosArgs(
    rate: number | undefined,
    seed: number | undefined,
    kinds: string[] | undefined,
    methods: string[] | undefined,
    delayMs: number | undefined,
): ChaosConfig | undefined {
    if (rate === undefined) {
        // A seed or kinds without a rate would silently do nothing.
        if (seed !== undefined || kinds || methods || delayMs !== undefined) {
            throw new Error("--chaos-seed, --chaos-kinds, --chaos-methods and --chaos-delay need --chaos-rate");
        }
        return undefined;
    }
    if (rate > 1) throw new Error("--chaos-rate must be between 0 and 1");
    const chaos: ChaosConfig = { rate };
    if (seed !== undefined) {
        if (!Number.isInteger(seed)) throw new Error("--chaos-seed must be an integer");
        chaos.seed = seed;
    }
    if (kinds) {
        const unknown = kinds.filter((k) => !CHAOS_KINDS.includes(k as ChaosKind));
        if (unknown.length > 0) {
            throw new Error(`--chaos-kinds: unknown ${unknown.join(", ")} (one of ${CHAOS_KINDS.join(", ")})`);
        }
        chaos.kinds = kinds as ChaosKind[];
    }
    if (methods) chaos.methods = methods.map((m) => m.toUpperCase());
    if (delayMs !== undefined) chaos.delayMs = delayMs;
    return chaos;
}

/** What a user needs to point a program at the emulator, printed at start-up (on stderr). */
export function startupNotes(options: EmulatorOptions): string[] {
    const jobs = options.jobs ?? [];
    return [
        options.token === undefined
            ? `  token: ${DEFAULT_TOKEN} (the default; set --token or QOVERY_EMULATOR_TOKEN to choose another)`
            : "  token: the one given by --token or QOVERY_EMULATOR_TOKEN (not shown)",
        jobs.length > 0
            ? `  jobs: ${jobs.join(", ")}`
            : "  jobs: none yet (add some with --job <uuid>, or POST /__admin/jobs)",
        "  Pulumi: pulumi config set qovery:apiUrl <the URL above>; pulumi config set --secret qovery:apiToken <the token>",
    ];
}

async function main(): Promise<void> {
    let settings: CliSettings;
    try {
        settings = parseCliArgs(process.argv.slice(2), process.env);
    } catch (err) {
        process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
        process.exitCode = 2;
        return;
    }
    if (settings.help) {
        process.stdout.write(`${USAGE}\n`);
        return;
    }
    const emulator = await startEmulator({
        ...settings.options,
        log: settings.verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
    });
    // Never print a token that was given: these lines end up in CI logs. The default token is
    // public (it is in --help and the docs), and a user needs it to point a client here.
    process.stdout.write(`Qovery API emulator listening on ${emulator.url}\n`);
    process.stderr.write(`${startupNotes(settings.options).join("\n")}\n`);
    const shutdown = (): void => {
        process.off("SIGINT", shutdown);
        process.off("SIGTERM", shutdown);
        void emulator.stop().then(() => {
            process.exitCode = 0;
        });
    };
    process.on("SIGINT", shutdown);
    process.on("SIGTERM", shutdown);
}

if (require.main === module) {
    main().catch((err: unknown) => {
        process.stderr.write(`emulator failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
    });
}
