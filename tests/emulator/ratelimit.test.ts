import { strict as assert } from "node:assert";
import { call, secretsPath, startHarness, UNKNOWN_ID, type Harness } from "./helpers";

const rateHeaders = (res: { headers: Headers }) => ({
    limit: res.headers.get("x-ratelimit-limit"),
    remaining: res.headers.get("x-ratelimit-remaining"),
    reset: res.headers.get("x-ratelimit-reset"),
});

/** The window's clock is the test's: crossing a window or a second is a step of `now`, not a wait. */
describe("emulator: rate limit, on a fake clock", () => {
    let h: Harness;
    let now = Date.UTC(2030, 0, 1, 12, 0, 0, 250);
    before(async () => {
        h = await startHarness({ rateLimit: { limit: 3, windowSeconds: 60 }, rateLimitClock: () => now });
    });
    after(() => h.emu.stop());
    beforeEach(() => h.admin.reset());

    it("starts a new window once the window has passed, not before", async () => {
        await h.admin.configure({ rateLimit: { limit: 1, windowSeconds: 60 } });
        const start = now;
        const first = await call(h.emu, "GET", secretsPath(h.jobId));
        assert.equal(first.status, 200);
        assert.equal(rateHeaders(first).reset, String(Math.ceil((start + 60_000) / 1000)));
        now = start + 59_999;
        assert.equal((await call(h.emu, "GET", secretsPath(h.jobId))).status, 429);
        now = start + 60_000;
        const res = await call(h.emu, "GET", secretsPath(h.jobId));
        assert.equal(res.status, 200);
        assert.equal(rateHeaders(res).remaining, "0");
        assert.equal(rateHeaders(res).reset, String(Math.ceil((start + 120_000) / 1000)));
    });

    it("rateLimit.retryAfter adds Retry-After: seconds until the reset, on the limiter's 429 only", async () => {
        const config = await h.admin.configure({ rateLimit: { limit: 1, windowSeconds: 30, retryAfter: true } });
        assert.equal(config.rateLimit.retryAfter, true);
        const start = now;
        const ok = await call(h.emu, "GET", secretsPath(h.jobId));
        assert.equal(ok.status, 200);
        assert.equal(ok.headers.get("retry-after"), null);
        now = start + 1_500;
        const limited = await call(h.emu, "GET", secretsPath(h.jobId));
        assert.equal(limited.status, 429);
        // 28.5 s left, rounded up.
        assert.equal(limited.headers.get("retry-after"), "29");
        assert.equal(rateHeaders(limited).reset, String(Math.ceil((start + 30_000) / 1000)));
        assert.equal(rateHeaders(limited).remaining, "0");
    });

    it("rateLimit.retryAfter rounds a sub-second wait up to 1", async () => {
        await h.admin.configure({ rateLimit: { limit: 1, windowSeconds: 60, retryAfter: true } });
        const start = now;
        await call(h.emu, "GET", secretsPath(h.jobId));
        now = start + 59_500;
        const limited = await call(h.emu, "GET", secretsPath(h.jobId));
        assert.equal(limited.status, 429);
        assert.equal(limited.headers.get("retry-after"), "1");
    });
});

describe("emulator: rate limit", () => {
    let h: Harness;
    before(async () => {
        h = await startHarness({ rateLimit: { limit: 3, windowSeconds: 60 } });
    });
    after(() => h.emu.stop());
    beforeEach(() => h.admin.reset());

    it("sends X-RateLimit-* on every public response, errors included", async () => {
        const responses = [
            await call(h.emu, "GET", secretsPath(h.jobId)), // 200
            await call(h.emu, "GET", secretsPath(h.jobId), undefined, { authorization: null }), // 401
            await call(h.emu, "GET", secretsPath(UNKNOWN_ID)), // 404
        ];
        assert.deepEqual(
            responses.map((r) => r.status),
            [200, 401, 404],
        );
        const nowSeconds = Date.now() / 1000;
        responses.forEach((res, i) => {
            const { limit, remaining, reset } = rateHeaders(res);
            assert.equal(limit, "3");
            assert.equal(remaining, String(2 - i));
            assert.match(reset ?? "", /^\d+$/, "X-RateLimit-Reset is Unix seconds");
            assert.ok(Number(reset) > nowSeconds && Number(reset) <= nowSeconds + 61);
        });
    });

    it("answers 429 past the limit, with the headers, and does not perform the operation", async () => {
        for (let i = 0; i < 3; i++) assert.equal((await call(h.emu, "GET", secretsPath(h.jobId))).status, 200);
        const res = await call(h.emu, "POST", secretsPath(h.jobId), { key: "A", value: "v" });
        assert.equal(res.status, 429);
        assert.equal((res.body as { status: number }).status, 429);
        assert.deepEqual(
            { limit: rateHeaders(res).limit, remaining: rateHeaders(res).remaining },
            { limit: "3", remaining: "0" },
        );
        assert.ok(rateHeaders(res).reset);
        assert.deepEqual(await h.admin.storedSecrets(h.jobId), []);
    });

    it("answers 413 to an oversized body, still with the headers", async () => {
        await h.admin.configure({ maxBodyBytes: 1024 });
        const res = await call(h.emu, "POST", secretsPath(h.jobId), undefined, {
            raw: JSON.stringify({ key: "A", value: "x".repeat(64 * 1024) }),
        });
        assert.equal(res.status, 413);
        assert.equal(rateHeaders(res).limit, "3");
    });

    it("does not count admin requests", async () => {
        for (let i = 0; i < 5; i++) await h.admin.requests();
        assert.equal(rateHeaders(await call(h.emu, "GET", secretsPath(h.jobId))).remaining, "2");
    });

    it("sends no Retry-After by default, as Qovery documents none", async () => {
        for (let i = 0; i < 3; i++) await call(h.emu, "GET", secretsPath(h.jobId));
        const res = await call(h.emu, "GET", secretsPath(h.jobId));
        assert.equal(res.status, 429);
        assert.equal(res.headers.get("retry-after"), null);
    });

    it("rateLimit.retryAfter from EmulatorOptions; validated", async () => {
        const other = await startHarness({ rateLimit: { limit: 0, windowSeconds: 10, retryAfter: true } });
        try {
            const res = await call(other.emu, "GET", secretsPath(other.jobId));
            assert.equal(res.status, 429);
            assert.ok(res.headers.get("retry-after"));
            await assert.rejects(
                other.admin.configure({
                    rateLimit: { limit: 1, windowSeconds: 1, retryAfter: "yes" as unknown as boolean },
                }),
                /400/,
            );
        } finally {
            await other.emu.stop();
        }
    });

    it("the default limit is 1000000 per window", async () => {
        const other = await startHarness();
        try {
            assert.equal(rateHeaders(await call(other.emu, "GET", secretsPath(other.jobId))).limit, "1000000");
        } finally {
            await other.emu.stop();
        }
    });
});
