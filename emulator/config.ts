// The emulator's run-time configuration: defaults, and the one parser used by start-up options and
// PUT /__admin/config alike (so both refuse the same bad values).
import { HttpError } from "./http";
import { asObject, nonNegative } from "./input";
import {
    CHAOS_KINDS,
    type ChaosConfig,
    type ChaosKind,
    type DeploymentTiming,
    type EmulatorConfig,
    type ErrorShape,
    type RateLimitConfig,
} from "./types";

export interface EmulatorOptions {
    /** Default 0 (a free port). */
    port?: number;
    /** Default 127.0.0.1. */
    host?: string;
    /** Default "qovery-emulator-token". */
    token?: string;
    /** Ids (uuids) of the jobs that exist. */
    jobs?: string[];
    /** JSON state file: loaded at start if present, rewritten after every write. */
    persistPath?: string;
    /** Default 1000000 requests per 3600 s. */
    rateLimit?: RateLimitConfig;
    /** Added before every public response. */
    latencyMs?: number;
    /** Default "detail": {"status", "detail"}; "message": {"status", "error", "message"}. */
    errorShape?: ErrorShape;
    /** Random faults on public requests (default none). */
    chaos?: ChaosConfig | null;
    /** Largest accepted public request body (default 16 MiB); larger ones get a 413. */
    maxBodyBytes?: number;
    /** Step durations of deployments (default 500 ms queued, 2000 ms deploying). */
    deployment?: Partial<DeploymentTiming>;
    /** The rate-limit window's clock, in ms (default Date.now): tests pass a fake one to cross a window. */
    rateLimitClock?: () => number;
    /** Receives one line per public request (method, path, status; never bodies or tokens). */
    log?: (line: string) => void;
}

export const DEFAULT_TOKEN = "qovery-emulator-token";
export const DEFAULT_RATE_LIMIT: RateLimitConfig = { limit: 1_000_000, windowSeconds: 3600, retryAfter: false };
// The spec sets no limit on a value, and tests send values of several MB.
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
export const DEFAULT_CHAOS_DELAY_MS = 2000;

export const DEFAULT_CONFIG: EmulatorConfig = {
    rateLimit: DEFAULT_RATE_LIMIT,
    latencyMs: 0,
    errorShape: "detail",
    chaos: null,
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
};

/** Only the fields given change; throws HttpError(400) naming the bad field. */
export function parseConfig(
    input: Partial<Record<keyof EmulatorConfig, unknown>>,
    base: EmulatorConfig,
): EmulatorConfig {
    const config = { ...base };
    if (input.rateLimit !== undefined) {
        const rl = asObject(input.rateLimit);
        const windowSeconds = nonNegative(rl.windowSeconds, "rateLimit.windowSeconds", false);
        if (windowSeconds === 0) throw new HttpError(400, "rateLimit.windowSeconds must be positive");
        if (rl.retryAfter !== undefined && typeof rl.retryAfter !== "boolean") {
            throw new HttpError(400, "rateLimit.retryAfter must be a boolean");
        }
        config.rateLimit = {
            limit: nonNegative(rl.limit, "rateLimit.limit"),
            windowSeconds,
            retryAfter: rl.retryAfter === true,
        };
    }
    if (input.latencyMs !== undefined) config.latencyMs = nonNegative(input.latencyMs, "latencyMs");
    if (input.errorShape !== undefined) {
        if (input.errorShape !== "detail" && input.errorShape !== "message") {
            throw new HttpError(400, 'errorShape must be "detail" or "message"');
        }
        config.errorShape = input.errorShape;
    }
    if (input.chaos !== undefined) config.chaos = input.chaos === null ? null : parseChaos(input.chaos);
    if (input.maxBodyBytes !== undefined) {
        config.maxBodyBytes = nonNegative(input.maxBodyBytes, "maxBodyBytes");
        if (config.maxBodyBytes === 0) throw new HttpError(400, "maxBodyBytes must be positive");
    }
    return config;
}

function parseChaos(value: unknown): ChaosConfig {
    const input = asObject(value) as Partial<Record<keyof ChaosConfig, unknown>>;
    const rate = nonNegative(input.rate, "chaos.rate", false);
    if (rate > 1) throw new HttpError(400, "chaos.rate must be between 0 and 1");
    const chaos: ChaosConfig = { rate };
    if (input.seed !== undefined) {
        if (typeof input.seed !== "number" || !Number.isInteger(input.seed)) {
            throw new HttpError(400, "chaos.seed must be an integer");
        }
        chaos.seed = input.seed;
    }
    if (input.kinds !== undefined) {
        const kinds = input.kinds;
        if (!Array.isArray(kinds) || kinds.length === 0) {
            throw new HttpError(400, "chaos.kinds must be a non-empty array");
        }
        for (const kind of kinds) {
            if (!CHAOS_KINDS.includes(kind as ChaosKind)) {
                throw new HttpError(
                    400,
                    `chaos.kinds: unknown kind ${JSON.stringify(kind)} (one of ${CHAOS_KINDS.join(", ")})`,
                );
            }
        }
        chaos.kinds = [...(kinds as ChaosKind[])];
    }
    if (input.delayMs !== undefined) chaos.delayMs = nonNegative(input.delayMs, "chaos.delayMs");
    if (input.methods !== undefined) {
        const methods = input.methods;
        if (!Array.isArray(methods) || methods.length === 0 || !methods.every((m) => typeof m === "string" && m)) {
            throw new HttpError(400, "chaos.methods must be a non-empty array of HTTP methods");
        }
        chaos.methods = (methods as string[]).map((m) => m.toUpperCase());
    }
    return chaos;
}
