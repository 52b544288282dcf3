/**
 * How often a deployment's status is polled. Pure.
 *
 * The first look comes soon (a redeploy of an unchanged image can end in seconds), then the
 * interval doubles up to a ceiling, as Qovery's CLI waits between looks. Every poll also goes
 * through the process's shared rate gate (../qovery/rateGate.ts), which slows all requests
 * down together when the API's budget runs low; this schedule keeps one deployment's own share
 * small: at most `maxPollsPerMinute(schedule)` polls in any minute.
 */
export interface PollSchedule {
    /** Delay before the first poll, ms. */
    firstMs: number;
    /** Each delay is the previous one times this. */
    factor: number;
    /** No delay is longer, ms. */
    maxMs: number;
}

/** 1 s, 2 s, 4 s, 8 s, then every 10 s: 8 polls in the first minute, 6 a minute after that. */
export const DEFAULT_POLL_SCHEDULE: PollSchedule = { firstMs: 1_000, factor: 2, maxMs: 10_000 };

/**
 * Qovery allows about 1,000 requests an hour per token: 16 a minute spent evenly. One
 * deployment's polling must stay under that on its own.
 */
export const POLL_BUDGET_PER_MINUTE = 16;

/** The delay before poll number `n` (0 for the first). */
export function pollDelayMs(n: number, schedule: PollSchedule = DEFAULT_POLL_SCHEDULE): number {
    return Math.min(schedule.maxMs, schedule.firstMs * schedule.factor ** n);
}

/** The most polls the schedule makes in any 60 s (the first minute: its delays are the shortest). */
export function maxPollsPerMinute(schedule: PollSchedule = DEFAULT_POLL_SCHEDULE): number {
    let elapsed = 0;
    let n = 0;
    for (;;) {
        elapsed += pollDelayMs(n, schedule);
        if (elapsed > 60_000) return n;
        n++;
    }
}
