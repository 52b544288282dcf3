// Qovery's documented rate limit, as one fixed window shared by every caller.
import type { RateLimitConfig } from "./types";

export interface RateDecision {
    limited: boolean;
    /** X-RateLimit-Limit, -Remaining and -Reset, sent on every public answer. */
    headers: Record<string, string>;
    retryAfterSeconds: number;
}

export class FixedWindowLimiter {
    private windowStart = 0;
    private count = 0;

    /** `now`: the window's clock (a test's fake clock crosses a window without waiting for it). */
    constructor(
        private config: RateLimitConfig,
        private readonly now: () => number = Date.now,
    ) {}

    /** Starts a new window under the new limits. */
    configure(config: RateLimitConfig): void {
        this.config = config;
        this.count = 0;
    }

    hit(now = this.now()): RateDecision {
        const windowMs = this.config.windowSeconds * 1000;
        if (this.count === 0 || now >= this.windowStart + windowMs) {
            this.windowStart = now;
            this.count = 0;
        }
        this.count++;
        const { limit } = this.config;
        const resetMs = this.windowStart + windowMs;
        return {
            limited: this.count > limit,
            headers: {
                "X-RateLimit-Limit": String(limit),
                "X-RateLimit-Remaining": String(Math.max(0, limit - this.count)),
                "X-RateLimit-Reset": String(Math.ceil(resetMs / 1000)),
            },
            // Rounded up (so at least 1 while limited): rounding down would send a retry into the same window.
            retryAfterSeconds: Math.ceil((resetMs - now) / 1000),
        };
    }
}
