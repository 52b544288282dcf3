/**
 * When to try a request again, and how long to wait first.
 */
import { GatewayTimeoutError, NetworkError, RateLimitError, ServerError, TimeoutError } from "./errors";

export interface RetryPolicy {
    /** Retries after the first attempt. */
    maxRetries: number;
    /** Delay before the first retry; doubles each time. */
    baseDelayMs: number;
    /** No single backoff wait is longer than this. */
    maxDelayMs: number;
    /** No wait asked by the server (429) is honoured beyond this; the error is reported instead. */
    maxRateLimitWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
    maxRetries: 4,
    baseDelayMs: 500,
    maxDelayMs: 8_000,
    maxRateLimitWaitMs: 60_000,
};

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so that
 * many resources failing together do not retry in lockstep.
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
    const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
    return Math.round(exp / 2 + (exp / 2) * random());
}

/**
 * Whether a failed attempt may be repeated. GET, PUT and DELETE are idempotent. A POST is
 * repeated only when the server cannot have acted on it: a 429, or a connection that was
 * refused before anything was sent. Any other POST failure may hide a created secret.
 */
export function isRetryable(method: string, err: unknown): boolean {
    if (err instanceof RateLimitError) return true;
    if (method === "POST") return err instanceof NetworkError && err.code === "ECONNREFUSED";
    return (
        err instanceof ServerError ||
        err instanceof GatewayTimeoutError ||
        err instanceof NetworkError ||
        err instanceof TimeoutError
    );
}

/**
 * How long a 429 asks us to wait: `Retry-After` (seconds or an HTTP date), else
 * `X-RateLimit-Reset` (Unix seconds). Undefined when neither says.
 */
export function rateLimitWaitMs(headers: { get(name: string): string | null }, nowMs: number): number | undefined {
    const retryAfter = headers.get("retry-after");
    if (retryAfter !== null) {
        const seconds = Number(retryAfter);
        if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
        const date = Date.parse(retryAfter);
        if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
    }
    const reset = headers.get("x-ratelimit-reset");
    if (reset !== null) {
        const resetSeconds = Number(reset);
        if (Number.isFinite(resetSeconds) && resetSeconds > 0) return Math.max(0, resetSeconds * 1000 - nowMs);
    }
    return undefined;
}

/** The wait before the next attempt after `err`, or undefined to give up. */
export function nextDelayMs(
    retry: number,
    err: unknown,
    policy: RetryPolicy,
    random: () => number = Math.random,
): number | undefined {
    if (retry >= policy.maxRetries) return undefined;
    if (err instanceof RateLimitError && err.retryAfterMs !== undefined) {
        if (err.retryAfterMs > policy.maxRateLimitWaitMs) return undefined;
        // A little jitter past the reset so that waiting resources do not all fire at once.
        return err.retryAfterMs + Math.round(policy.baseDelayMs * random());
    }
    return backoffDelayMs(retry, policy, random);
}
