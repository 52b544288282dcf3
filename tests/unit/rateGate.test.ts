import assert from "node:assert/strict";
import { RateGate, RateLimitExhaustedError } from "../../provider/qovery/rateGate";
import { JobListCache } from "../../provider/qovery/listCache";

/** A fake clock: sleeping advances time, so the tests run instantly and exactly. */
function clock(start = 1_000_000) {
    let now = start;
    const slept: number[] = [];
    return {
        now: () => now,
        sleep: async (ms: number) => {
            slept.push(ms);
            now += ms;
            // Yield to other tasks, as a real timer would.
            await new Promise((r) => setImmediate(r));
        },
        slept,
        advance: (ms: number) => (now += ms),
    };
}
const headers = (h: Record<string, string | number>) => ({
    get: (n: string) => (h[n.toLowerCase()] === undefined ? null : String(h[n.toLowerCase()])),
});

describe("rate gate", () => {
    it("lets requests through at once while the budget is comfortable", async () => {
        const c = clock();
        const g = new RateGate({ now: c.now, sleep: c.sleep });
        g.observe(
            headers({
                "x-ratelimit-limit": 1000,
                "x-ratelimit-remaining": 500,
                "x-ratelimit-reset": c.now() / 1000 + 3600,
            }),
        );
        for (let i = 0; i < 20; i++) await g.acquire();
        assert.deepEqual(c.slept, []);
        assert.equal(g.snapshot().remaining, 480);
    });

    it("spaces requests evenly once few remain before the reset", async () => {
        const c = clock();
        const g = new RateGate({ now: c.now, sleep: c.sleep, lowWater: 10 });
        g.observe(headers({ "x-ratelimit-remaining": 5, "x-ratelimit-reset": c.now() / 1000 + 10 }));
        for (let i = 0; i < 5; i++) await g.acquire();
        // 5 left over 10 s: one every 2 s or so, never all at once.
        assert.ok(c.slept.length >= 3, JSON.stringify(c.slept));
        assert.ok(c.now() - 1_000_000 >= 6_000);
    });

    it("waits for the reset when the budget is spent, and says so", async () => {
        const c = clock();
        const said: string[] = [];
        const g = new RateGate({ now: c.now, sleep: c.sleep, log: (m) => said.push(m) });
        g.observe(headers({ "x-ratelimit-remaining": 0, "x-ratelimit-reset": c.now() / 1000 + 30 }));
        await g.acquire();
        assert.equal(c.now(), 1_000_000 + 30_000);
        assert.match(said[0], /waiting 30 s/);
    });

    it("after a 429 every request waits until the pause ends", async () => {
        const c = clock();
        const g = new RateGate({ now: c.now, sleep: c.sleep });
        g.pause(c.now() + 5_000);
        await Promise.all([g.acquire(), g.acquire(), g.acquire()]);
        assert.ok(c.now() >= 1_000_000 + 5_000);
    });

    it("keeps the lowest remaining of a window, and moves on to a later window", () => {
        const c = clock();
        const g = new RateGate({ now: c.now, sleep: c.sleep });
        const reset = c.now() / 1000 + 60;
        g.observe(headers({ "x-ratelimit-remaining": 50, "x-ratelimit-reset": reset }));
        g.observe(headers({ "x-ratelimit-remaining": 70, "x-ratelimit-reset": reset })); // arrived late
        assert.equal(g.snapshot().remaining, 50);
        g.observe(headers({ "x-ratelimit-remaining": 999, "x-ratelimit-reset": reset + 60 }));
        assert.equal(g.snapshot().remaining, 999);
    });

    it("never waits longer than its maximum: a far reset fails the request at once, with the reset time", async () => {
        const c = clock();
        const g = new RateGate({ now: c.now, sleep: c.sleep, maxWaitMs: 60_000 });
        const reset = c.now() / 1000 + 3000;
        g.observe(headers({ "x-ratelimit-remaining": 0, "x-ratelimit-reset": reset }));
        const err = await g.acquire().then(
            () => assert.fail("no request may go"),
            (e: unknown) => e,
        );
        assert.ok(err instanceof RateLimitExhaustedError);
        assert.equal(err.resetAt, reset * 1000);
        assert.ok(err.message.includes(new Date(reset * 1000).toISOString()), err.message);
        assert.deepEqual(c.slept, [], "and it did not wait");
    });

    it("a 429 whose reset is far fails every request at once until then, and lets them go after", async () => {
        const c = clock();
        const g = new RateGate({ now: c.now, sleep: c.sleep, maxWaitMs: 60_000 });
        g.pause(c.now() + 3_000_000);
        await assert.rejects(g.acquire(), RateLimitExhaustedError);
        await assert.rejects(g.acquire(), RateLimitExhaustedError);
        c.advance(3_000_000);
        await g.acquire();
        assert.deepEqual(c.slept, []);
    });

    it("without X-RateLimit headers (a proxy strips them), nothing is capped; a 429 still pauses everyone", async () => {
        const c = clock();
        const g = new RateGate({ now: c.now, sleep: c.sleep, probeConcurrency: 4 });
        await g.acquire(); // the first request, before anything is known
        g.observe(headers({})); // its answer says nothing of a limit
        g.release();
        let sent = 0;
        // 50 requests in flight at once, none released: no cap at the probe concurrency.
        await Promise.all(Array.from({ length: 50 }, () => g.acquire().then(() => sent++)));
        assert.equal(sent, 50);
        assert.deepEqual(c.slept, []);
        g.pause(c.now() + 2_000);
        await g.acquire();
        assert.equal(c.now(), 1_000_000 + 2_000, "waited for the 429's pause");
        assert.equal(g.snapshot().unmetered, true);
    });

    it("a 1,000-per-hour window (simulated hour): no burst into 429, and the rest fail fast with the reset time", async () => {
        // The API's side: a fixed window of 1000 requests an hour, answering with its headers.
        const c = clock();
        const windowStart = c.now();
        const resetAt = windowStart + 3_600_000;
        let served = 0;
        let refusedByApi = 0;
        const g = new RateGate({ now: c.now, sleep: c.sleep });
        const send = async () => {
            await g.acquire();
            try {
                if (served >= 1000) refusedByApi++;
                else served++;
                g.observe(
                    headers({
                        "x-ratelimit-limit": 1000,
                        "x-ratelimit-remaining": Math.max(0, 1000 - served),
                        "x-ratelimit-reset": resetAt / 1000,
                    }),
                );
            } finally {
                g.release();
            }
        };
        // A run that needs 1,200 requests, sent 8 at a time.
        let failedFast = 0;
        const queue = Array.from({ length: 1200 }, (_, i) => i);
        await Promise.all(
            Array.from({ length: 8 }, async () => {
                while (queue.shift() !== undefined) {
                    await send().catch((e: unknown) => {
                        assert.ok(e instanceof RateLimitExhaustedError);
                        assert.equal(e.resetAt, resetAt);
                        failedFast++;
                    });
                }
            }),
        );
        assert.equal(served, 1000, "the whole budget was used");
        assert.equal(refusedByApi, 0, "no request met a 429");
        assert.equal(failedFast, 200, "the rest failed at once, naming the reset");
        assert.ok(c.now() - windowStart < 60_000, `no long waits: ${c.now() - windowStart} ms of simulated time`);
    });

    it("sends only a few requests before the first answer tells the limit", async () => {
        const c = clock();
        const g = new RateGate({ now: c.now, sleep: c.sleep, probeConcurrency: 2 });
        let sent = 0;
        const all = Array.from({ length: 5 }, () => g.acquire().then(() => sent++));
        await new Promise((r) => setImmediate(r));
        assert.equal(sent, 2, "two probes went");
        g.observe(
            headers({
                "x-ratelimit-limit": 100,
                "x-ratelimit-remaining": 98,
                "x-ratelimit-reset": c.now() / 1000 + 60,
            }),
        );
        g.release();
        g.release();
        await Promise.all(all);
        assert.equal(sent, 5, "the rest follow once the limit is known");
    });

    it("after a reset, assumes a fresh window of `limit` requests, not an unlimited one", async () => {
        const c = clock();
        const g = new RateGate({ now: c.now, sleep: c.sleep, lowWater: 0 });
        g.observe(
            headers({ "x-ratelimit-limit": 3, "x-ratelimit-remaining": 0, "x-ratelimit-reset": c.now() / 1000 + 1 }),
        );
        c.advance(1_000);
        let sent = 0;
        const all = Array.from({ length: 5 }, () => g.acquire().then(() => sent++));
        await new Promise((r) => setImmediate(r));
        assert.equal(sent, 3, "the assumed budget of the new window");
        g.observe(
            headers({ "x-ratelimit-limit": 3, "x-ratelimit-remaining": 2, "x-ratelimit-reset": c.now() / 1000 + 1 }),
        );
        await Promise.all(all);
        assert.equal(sent, 5);
    });

    it("ignores answers without rate limit headers", () => {
        const g = new RateGate();
        g.observe(headers({}));
        assert.equal(g.snapshot().remaining, undefined);
    });
});

describe("job list cache", () => {
    it("shares one list between concurrent and later reads of a job", async () => {
        const cache = new JobListCache();
        let loads = 0;
        const load = async () => {
            loads++;
            return [];
        };
        await Promise.all([cache.get("j", load), cache.get("j", load), cache.get("j", load)]);
        await cache.get("j", load);
        assert.equal(loads, 1);
        await cache.get("other", load);
        assert.equal(loads, 2);
    });

    it("forgets a job's list on a write, and after its maximum age", async () => {
        let now = 0;
        const cache = new JobListCache(1_000, () => now);
        let loads = 0;
        const load = async () => {
            loads++;
            return [];
        };
        await cache.get("j", load);
        cache.invalidate("j");
        await cache.get("j", load);
        now += 1_001;
        await cache.get("j", load);
        assert.equal(loads, 3);
    });

    it("does not keep a failed list", async () => {
        const cache = new JobListCache();
        await assert.rejects(cache.get("j", () => Promise.reject(new Error("boom"))));
        assert.deepEqual(await cache.get("j", async () => []), []);
    });
});
