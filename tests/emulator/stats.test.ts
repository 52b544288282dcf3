import { strict as assert } from "node:assert";
import { attempt, call, secretPath, secretsPath, startHarness, UNKNOWN_ID, type Harness } from "./helpers";

describe("emulator: stats", () => {
    let h: Harness;
    before(async () => {
        h = await startHarness();
    });
    after(() => h.emu.stop());
    beforeEach(() => h.admin.reset());

    const empty = { requests: 0, byMethod: {}, faults: {}, rateLimited: 0 };

    it("starts empty and does not count admin requests", async () => {
        await h.admin.jobs();
        await h.admin.requests();
        assert.deepEqual(await h.admin.stats(), empty);
    });

    it("counts public requests by method and faults by kind, programmed and chaos", async () => {
        await call(h.emu, "GET", secretsPath(h.jobId));
        await call(h.emu, "GET", secretsPath(h.jobId), undefined, { authorization: null }); // 401 still counts
        await call(h.emu, "PUT", secretPath(h.jobId, UNKNOWN_ID), { key: "A" }); // 404
        await h.admin.fault({ method: "POST", path: "*", status: 500 });
        await h.admin.fault({ method: "POST", path: "*", drop: "before" });
        await h.admin.fault({ method: "DELETE", path: "*", delayMs: 1 });
        await attempt(h.emu, "POST", secretsPath(h.jobId), { key: "A", value: "v" });
        await attempt(h.emu, "POST", secretsPath(h.jobId), { key: "A", value: "v" });
        await attempt(h.emu, "DELETE", secretPath(h.jobId, UNKNOWN_ID));
        await h.admin.configure({ chaos: { rate: 1, kinds: ["503"] } });
        await call(h.emu, "GET", secretsPath(h.jobId));
        await call(h.emu, "GET", secretsPath(h.jobId));
        assert.deepEqual(await h.admin.stats(), {
            requests: 8,
            byMethod: { GET: 4, PUT: 1, POST: 2, DELETE: 1 },
            faults: { status: 1, "drop-before": 1, delay: 1, "chaos:503": 2 },
            rateLimited: 0,
        });
    });

    it("rateLimited counts only the limiter's own 429s", async () => {
        await h.admin.configure({ rateLimit: { limit: 2, windowSeconds: 60 } });
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++) statuses.push((await call(h.emu, "GET", secretsPath(h.jobId))).status);
        assert.deepEqual(statuses, [200, 200, 429, 429]);
        // Injected 429s are faults, not rate limiting.
        await h.admin.fault({ method: "GET", path: "*", status: 429 });
        await call(h.emu, "GET", secretsPath(h.jobId));
        await h.admin.configure({ chaos: { rate: 1, kinds: ["429-reset"] } });
        await call(h.emu, "GET", secretsPath(h.jobId));
        const stats = await h.admin.stats();
        assert.equal(stats.rateLimited, 2);
        assert.equal(stats.requests, 6);
        assert.deepEqual(stats.faults, { status: 1, "chaos:429-reset": 1 });
    });

    it("counts a request refused for its size", async () => {
        await h.admin.configure({ maxBodyBytes: 10 });
        await call(h.emu, "POST", secretsPath(h.jobId), { key: "LONGER_THAN_TEN" });
        assert.deepEqual(await h.admin.stats(), { ...empty, requests: 1, byMethod: { POST: 1 } });
    });

    it("is reset by POST /__admin/reset and by DELETE /__admin/requests", async () => {
        await h.admin.fault({ method: "GET", path: "*", status: 500 });
        await call(h.emu, "GET", secretsPath(h.jobId));
        assert.equal((await h.admin.stats()).requests, 1);
        await h.admin.clearRequests();
        assert.deepEqual(await h.admin.stats(), empty);
        await call(h.emu, "GET", secretsPath(h.jobId));
        assert.equal((await h.admin.stats()).requests, 1);
        await h.admin.reset();
        assert.deepEqual(await h.admin.stats(), empty);
    });
});
