import assert from "node:assert/strict";
import { RateGate } from "../../provider/qovery/rateGate";
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

    it("never waits longer than its maximum: the request goes, and a 429 will say why", async () => {
        const c = clock();
        const g = new RateGate({ now: c.now, sleep: c.sleep, maxWaitMs: 60_000 });
        g.observe(headers({ "x-ratelimit-remaining": 0, "x-ratelimit-reset": c.now() / 1000 + 3000 }));
        await g.acquire();
        g.pause(c.now() + 3_000_000);
        await g.acquire();
        assert.deepEqual(c.slept, []);
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
