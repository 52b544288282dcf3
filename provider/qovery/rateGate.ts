/**
 * What the API told us of its rate limit, shared by every request of the provider process
 * (all JobSecrets of a `pulumi up` run in one process), so that they slow down together
 * before the budget runs out and all wait when the API answers 429.
 *
 * The strategy, for Qovery's fixed windows (1,000 requests an hour per token):
 * - budget comfortable: requests go at once;
 * - few left, reset close (within `maxWaitMs`): requests are paced evenly over the time left,
 *   each waiting its full slot (never cut short, which would only move the burst);
 * - few left, reset far: they go at once (in a fixed window, spending now or later is the same,
 *   and spacing 10 requests over an hour is not what a `pulumi up` should do);
 * - none left, or a 429: every request waits for the reset if it is close, else fails at once
 *   with the reset time, without sending (a request sent would only meet a 429);
 * - no `X-RateLimit-*` headers at all (a proxy strips them): nothing is capped; only a 429 slows
 *   requests down.
 */
import { QoveryError } from "./errors";

/** The rate limit budget is spent and resets too far away to wait: nothing was sent. */
export class RateLimitExhaustedError extends QoveryError {
    override readonly name: string = "RateLimitExhaustedError";
    /** Unix ms. */
    readonly resetAt: number;
    constructor(resetAt: number, now: number) {
        const minutes = Math.max(1, Math.ceil((resetAt - now) / 60_000));
        super(
            `The Qovery API rate limit is spent until ${new Date(resetAt).toISOString()} (in about ${minutes} min; Qovery allows about 1000 requests an hour per token), so the request was not sent. Run the same command again after that time; what is already done is kept`,
        );
        this.resetAt = resetAt;
    }
}

export interface RateGateOptions {
    now?: () => number;
    sleep?: (ms: number) => Promise<void>;
    /** Told when requests are held back (the provider prints it). */
    log?: (message: string) => void;
    /** Spread requests over the time to reset once this many (or fewer) remain. */
    lowWater?: number;
    /**
     * No wait is longer: a reset further away fails the request at once with the reset time.
     * (Qovery's window is an hour: waiting out a reset 50 minutes away is not what a `pulumi up`
     * should do.)
     */
    maxWaitMs?: number;
    /** Requests allowed in flight before the first answer tells the limit (default 4). */
    probeConcurrency?: number;
}

/** A snapshot of the API's rate limit headers. */
export interface RateLimitState {
    limit?: number;
    remaining?: number;
    /** Unix ms. */
    resetAt?: number;
}

export class RateGate {
    private readonly now: () => number;
    private readonly sleep: (ms: number) => Promise<void>;
    private readonly log: (message: string) => void;
    private readonly lowWater: number;
    private readonly maxWaitMs: number;
    private state: RateLimitState = {};
    /** Nothing is sent before this (Unix ms): set by a 429. */
    private pausedUntil = 0;
    /** Nothing is sent before this (Unix ms), and requests fail at once: a reset too far to wait for. */
    private closedUntil = 0;
    /** An answer came without rate limit headers: the API (or a proxy) does not tell, so only 429s count. */
    private unmetered = false;
    /** When spreading, the next free send time (Unix ms). */
    private nextSlot = 0;
    /** Requests sent and not yet answered while nothing is known of the limit. */
    private probing = 0;
    /** Requests allowed in flight before the first answer tells the limit. */
    private readonly probeConcurrency: number;
    /** When the current window was assumed (Unix ms). */
    private assumedAt = 0;

    constructor(options: RateGateOptions = {}) {
        this.now = options.now ?? Date.now;
        this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
        this.log = options.log ?? (() => undefined);
        this.lowWater = options.lowWater ?? 10;
        this.maxWaitMs = options.maxWaitMs ?? 60_000;
        this.probeConcurrency = options.probeConcurrency ?? 4;
    }

    /**
     * Waits until a request may be sent, and counts it against the remaining budget. Every
     * acquire must be followed by `release()` once the request is answered or has failed.
     */
    async acquire(): Promise<void> {
        for (;;) {
            const now = this.now();
            if (this.closedUntil > now) throw new RateLimitExhaustedError(this.closedUntil, now);
            if (this.pausedUntil > now) {
                await this.sleep(this.pausedUntil - now);
                continue;
            }
            const { limit, remaining, resetAt } = this.state;
            if (remaining === undefined) {
                if (this.unmetered) return;
                // Nothing known yet: a few requests find out the limit before the rest follow,
                // so that a run with high parallelism does not open with a burst of 429s.
                if (this.probing >= this.probeConcurrency) {
                    await this.sleep(PROBE_WAIT_MS);
                    continue;
                }
                this.probing++;
                return;
            }
            if (resetAt !== undefined && resetAt <= now) {
                // The window has passed: the next one is assumed to hold `limit` requests until an
                // answer says otherwise, so that the waiting requests do not all go at once.
                this.state = limit === undefined ? {} : { limit, remaining: limit };
                this.assumedAt = now;
                continue;
            }
            if (remaining <= 0) {
                if (resetAt === undefined) {
                    // The new window's first answers will tell; if none comes (failed requests
                    // carry no headers), start again from nothing known.
                    if (now - this.assumedAt > ASSUMED_WINDOW_PATIENCE_MS) this.state = {};
                    else await this.sleep(PROBE_WAIT_MS);
                    continue;
                }
                this.pause(resetAt, "the rate limit budget is spent");
                continue;
            }
            this.state.remaining = remaining - 1;
            if (remaining > this.lowWater || resetAt === undefined) return;
            // A far reset: pacing would mean waits of minutes; go, and fail fast once none are left.
            if (resetAt - now > this.maxWaitMs) return;
            // Few requests left before a close reset: pace them evenly over the time left. Each
            // waits its whole slot; the last slot ends by the reset, so no wait exceeds maxWaitMs.
            const interval = (resetAt - now) / remaining;
            const slot = Math.max(now, this.nextSlot);
            this.nextSlot = slot + interval;
            if (slot > now) await this.sleep(slot - now);
            return;
        }
    }

    /** The request acquired last is over (answered or failed). */
    release(): void {
        if (this.probing > 0) this.probing--;
    }

    /** Reads `X-RateLimit-Limit`, `-Remaining` and `-Reset` (Unix seconds) from any answer. */
    observe(headers: { get(name: string): string | null }): void {
        const limit = toNumber(headers.get("x-ratelimit-limit"));
        const remaining = toNumber(headers.get("x-ratelimit-remaining"));
        const reset = toNumber(headers.get("x-ratelimit-reset"));
        if (remaining === undefined || reset === undefined) {
            // No headers before any with them: this API (or a proxy in front of it) does not tell.
            if (this.state.remaining === undefined) this.unmetered = true;
            return;
        }
        this.unmetered = false;
        const resetAt = reset * 1000;
        const current = this.state;
        // Answers arrive out of order: within one window, the lowest remaining is the truest.
        if (current.resetAt === undefined || resetAt > current.resetAt) {
            // (also the first answer of a window that was only assumed)
            this.state = { limit, remaining, resetAt };
        } else if (resetAt === current.resetAt && remaining < (current.remaining ?? Infinity)) {
            this.state = { ...current, remaining };
        }
    }

    /**
     * Holds every request back until `untilMs` (after a 429); a time further than `maxWaitMs`
     * makes every request fail at once with that time instead.
     */
    pause(untilMs: number, reason = "the API answered 429"): void {
        if (untilMs - this.now() > this.maxWaitMs) {
            if (untilMs > this.closedUntil) {
                this.closedUntil = untilMs;
                this.log(
                    `Qovery API rate limit: ${reason}; the limit resets at ${new Date(untilMs).toISOString()}, too far to wait: requests fail until then`,
                );
            }
            return;
        }
        if (untilMs <= this.pausedUntil) return;
        this.pausedUntil = untilMs;
        const seconds = Math.max(0, Math.ceil((untilMs - this.now()) / 1000));
        this.log(`Qovery API rate limit: ${reason}; waiting ${seconds} s before sending more requests`);
    }

    snapshot(): RateLimitState & { pausedUntil: number; closedUntil: number; unmetered: boolean } {
        return {
            ...this.state,
            pausedUntil: this.pausedUntil,
            closedUntil: this.closedUntil,
            unmetered: this.unmetered,
        };
    }
}

const PROBE_WAIT_MS = 50;
const ASSUMED_WINDOW_PATIENCE_MS = 2_000;

function toNumber(v: string | null): number | undefined {
    if (v === null || v.trim() === "") return undefined;
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
}
