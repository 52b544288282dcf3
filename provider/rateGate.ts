/**
 * What the API told us of its rate limit, shared by every request of the provider process
 * (all JobSecrets of a `pulumi up` run in one process), so that they slow down together
 * before the budget runs out and all wait when the API answers 429.
 */

export interface RateGateOptions {
    now?: () => number;
    sleep?: (ms: number) => Promise<void>;
    /** Told when requests are held back (the provider prints it). */
    log?: (message: string) => void;
    /** Spread requests over the time to reset once this many (or fewer) remain. */
    lowWater?: number;
    /**
     * No single wait is longer: past it the request goes, and a 429 reports the limit. (Qovery's
     * window is an hour: waiting out a reset 50 minutes away is not what a `pulumi up` should do.)
     */
    maxWaitMs?: number;
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
    /** When spreading, the next free send time (Unix ms). */
    private nextSlot = 0;

    constructor(options: RateGateOptions = {}) {
        this.now = options.now ?? Date.now;
        this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
        this.log = options.log ?? (() => undefined);
        this.lowWater = options.lowWater ?? 10;
        this.maxWaitMs = options.maxWaitMs ?? 60_000;
    }

    /** Waits until a request may be sent, and counts it against the remaining budget. */
    async acquire(): Promise<void> {
        for (;;) {
            const now = this.now();
            if (this.pausedUntil > now) {
                await this.sleep(this.pausedUntil - now);
                continue;
            }
            const { remaining, resetAt } = this.state;
            if (remaining === undefined || resetAt === undefined || resetAt <= now) return;
            if (remaining <= 0) {
                if (resetAt - now > this.maxWaitMs) return;
                this.pause(resetAt, "the rate limit budget is spent");
                continue;
            }
            this.state.remaining = remaining - 1;
            if (remaining > this.lowWater) return;
            // Few requests left before the reset: space them evenly instead of spending them at once.
            const interval = (resetAt - now) / remaining;
            const slot = Math.max(now, this.nextSlot);
            this.nextSlot = slot + interval;
            if (slot > now) await this.sleep(Math.min(slot - now, this.maxWaitMs));
            return;
        }
    }

    /** Reads `X-RateLimit-Limit`, `-Remaining` and `-Reset` (Unix seconds) from any answer. */
    observe(headers: { get(name: string): string | null }): void {
        const limit = toNumber(headers.get("x-ratelimit-limit"));
        const remaining = toNumber(headers.get("x-ratelimit-remaining"));
        const reset = toNumber(headers.get("x-ratelimit-reset"));
        if (remaining === undefined || reset === undefined) return;
        const resetAt = reset * 1000;
        const current = this.state;
        // Answers arrive out of order: within one window, the lowest remaining is the truest.
        if (current.resetAt === undefined || resetAt > current.resetAt) {
            this.state = { limit, remaining, resetAt };
        } else if (resetAt === current.resetAt && remaining < (current.remaining ?? Infinity)) {
            this.state = { ...current, remaining };
        }
    }

    /** Holds every request back until `untilMs` (after a 429). */
    pause(untilMs: number, reason = "the API answered 429"): void {
        if (untilMs <= this.pausedUntil || untilMs - this.now() > this.maxWaitMs) return;
        this.pausedUntil = untilMs;
        const seconds = Math.max(0, Math.ceil((untilMs - this.now()) / 1000));
        this.log(`Qovery API rate limit: ${reason}; waiting ${seconds} s before sending more requests`);
    }

    snapshot(): RateLimitState & { pausedUntil: number } {
        return { ...this.state, pausedUntil: this.pausedUntil };
    }
}

function toNumber(v: string | null): number | undefined {
    if (v === null || v.trim() === "") return undefined;
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
}
