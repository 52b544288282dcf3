import assert from "node:assert/strict";
import { NetworkError, TimeoutError, apiErrorFor } from "../../provider/qovery/errors";
import {
    DEFAULT_RETRY_POLICY,
    backoffDelayMs,
    isRetryable,
    nextDelayMs,
    rateLimitWaitMs,
} from "../../provider/qovery/retry";

const err = (status: number, retryAfterMs?: number) => apiErrorFor({ status, method: "GET", path: "/p", retryAfterMs });
const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n.toLowerCase()] ?? null });

describe("retry policy", () => {
    it("backs off exponentially with jitter, capped", () => {
        const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
        assert.equal(
            backoffDelayMs(0, p, () => 0),
            50,
        );
        assert.equal(
            backoffDelayMs(0, p, () => 1),
            100,
        );
        assert.equal(
            backoffDelayMs(2, p, () => 1),
            400,
        );
        assert.equal(
            backoffDelayMs(10, p, () => 1),
            1000,
        );
        assert.equal(
            backoffDelayMs(10, p, () => 0),
            500,
        );
    });

    it("retries GET, PUT and DELETE on 429, 5xx, network errors and timeouts", () => {
        for (const method of ["GET", "PUT", "DELETE"]) {
            for (const e of [
                err(429),
                err(500),
                err(503),
                new NetworkError(method, "/p", "ECONNRESET"),
                new TimeoutError(method, "/p", 1),
            ]) {
                assert.ok(isRetryable(method, e), `${method} ${e.name}`);
            }
            for (const e of [err(400), err(401), err(403), err(404), err(409)]) {
                assert.ok(!isRetryable(method, e), `${method} ${e.name}`);
            }
        }
    });

    it("retries POST only when the server cannot have acted on it", () => {
        assert.ok(isRetryable("POST", err(429)));
        assert.ok(isRetryable("POST", new NetworkError("POST", "/p", "ECONNREFUSED")));
        assert.ok(!isRetryable("POST", err(500)));
        assert.ok(!isRetryable("POST", new NetworkError("POST", "/p", "ECONNRESET")));
        assert.ok(!isRetryable("POST", new TimeoutError("POST", "/p", 1)));
    });

    it("stops after maxRetries", () => {
        const p = { ...DEFAULT_RETRY_POLICY, maxRetries: 2 };
        assert.notEqual(nextDelayMs(1, err(500), p), undefined);
        assert.equal(nextDelayMs(2, err(500), p), undefined);
    });

    it("waits as long as a 429 asks, plus a little jitter, up to a cap", () => {
        const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxRateLimitWaitMs: 5000 };
        assert.equal(
            nextDelayMs(0, err(429, 2000), p, () => 0.5),
            2050,
        );
        assert.equal(nextDelayMs(0, err(429, 6000), p), undefined);
    });

    it("reads Retry-After in seconds or as a date, else X-RateLimit-Reset", () => {
        const now = Date.parse("2026-01-01T00:00:00Z");
        assert.equal(rateLimitWaitMs(headers({ "retry-after": "3" }), now), 3000);
        assert.equal(rateLimitWaitMs(headers({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }), now), 5000);
        assert.equal(rateLimitWaitMs(headers({ "x-ratelimit-reset": String(now / 1000 + 7) }), now), 7000);
        assert.equal(rateLimitWaitMs(headers({ "x-ratelimit-reset": String(now / 1000 - 7) }), now), 0);
        assert.equal(rateLimitWaitMs(headers({}), now), undefined);
    });
});
