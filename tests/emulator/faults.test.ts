import { strict as assert } from "node:assert";
import { call, secretPath, secretsPath, startHarness, type Harness } from "./helpers";

describe("emulator: faults", () => {
    let h: Harness;
    before(async () => {
        h = await startHarness();
    });
    after(() => h.emu.stop());
    beforeEach(() => h.admin.reset());

    const create = (key = "A") => call(h.emu, "POST", secretsPath(h.jobId), { key, value: "v" });

    it("status: answers with the given status, body and headers N times instead of the operation", async () => {
        await h.admin.fault({
            method: "POST",
            path: secretsPath(h.jobId),
            times: 2,
            status: 503,
            body: { status: 503, detail: "maintenance" },
            headers: { "Retry-After": "1" },
        });
        for (let i = 0; i < 2; i++) {
            const res = await create();
            assert.equal(res.status, 503);
            assert.deepEqual(res.body, { status: 503, detail: "maintenance" });
            assert.equal(res.headers.get("retry-after"), "1");
            assert.ok(res.headers.get("x-ratelimit-limit"), "rate-limit headers still present");
        }
        assert.deepEqual(await h.admin.storedSecrets(h.jobId), [], "no write while faulted");
        assert.equal((await create()).status, 201, "the third call is served normally");
        assert.deepEqual(await h.admin.faults(), []);
    });

    it("status without body: the emulator's error shape; fault headers override rate-limit headers", async () => {
        await h.admin.fault({ method: "GET", path: "*", status: 429, headers: { "X-RateLimit-Remaining": "0" } });
        const res = await call(h.emu, "GET", secretsPath(h.jobId));
        assert.equal(res.status, 429);
        assert.equal((res.body as { status: number }).status, 429);
        assert.equal(res.headers.get("x-ratelimit-remaining"), "0");
    });

    it("matches only its method and path", async () => {
        await h.admin.fault({ method: "DELETE", path: "*", status: 500 });
        assert.equal((await create()).status, 201);
        assert.equal((await call(h.emu, "GET", secretsPath(h.jobId))).status, 200);
        assert.equal((await h.admin.faults()).length, 1, "fault still armed");
    });

    it("matches a path template with {jobId}/{secretId} placeholders", async () => {
        const id = ((await create()).body as { id: string }).id;
        await h.admin.fault({ method: "PUT", path: "/job/{jobId}/secret/{secretId}", status: 502 });
        assert.equal((await call(h.emu, "PUT", secretPath(h.jobId, id), { key: "A" })).status, 502);
        assert.equal((await call(h.emu, "PUT", secretPath(h.jobId, id), { key: "A" })).status, 200);
    });

    it('drop "before": the connection is destroyed and nothing is written', async () => {
        await h.admin.fault({ method: "POST", path: secretsPath(h.jobId), drop: "before" });
        await assert.rejects(create());
        assert.deepEqual(await h.admin.storedSecrets(h.jobId), []);
        const [entry] = await h.admin.requests();
        assert.equal(entry?.status, 0);
        assert.equal(entry?.fault, "drop-before");
        assert.equal((await create()).status, 201, "served normally afterwards");
    });

    it('drop "after": the write happens, then the connection is destroyed without a response', async () => {
        await h.admin.fault({ method: "POST", path: secretsPath(h.jobId), drop: "after" });
        await assert.rejects(create());
        const stored = await h.admin.storedSecrets(h.jobId);
        assert.equal(stored.length, 1);
        assert.equal(stored[0]?.key, "A");
        const [entry] = await h.admin.requests();
        assert.equal(entry?.status, 201);
        assert.equal(entry?.fault, "drop-after");
        assert.equal((await create()).status, 409, "a retry now meets the write it did not see");
    });

    it('drop "after" on delete: the secret is gone although the client saw an error', async () => {
        const id = ((await create()).body as { id: string }).id;
        await h.admin.fault({ method: "DELETE", path: "/job/{jobId}/secret/{secretId}", drop: "after" });
        await assert.rejects(call(h.emu, "DELETE", secretPath(h.jobId, id)));
        assert.deepEqual(await h.admin.storedSecrets(h.jobId), []);
    });

    it("delayMs: the operation is performed at once and the response is late", async () => {
        // A delay no test run reaches: while the answer is held, the secret is already stored.
        await h.admin.fault({ method: "POST", path: "*", delayMs: 600_000 });
        const abort = new AbortController();
        let settled = false;
        const pending = call(
            h.emu,
            "POST",
            secretsPath(h.jobId),
            { key: "SLOW", value: "v" },
            { signal: abort.signal },
        );
        void pending.then(
            () => (settled = true),
            () => (settled = true),
        );
        // The log entry is written when the operation is done (not when answered): wait for it, not for a time.
        while ((await h.admin.requests()).length === 0) await new Promise((r) => setImmediate(r));
        assert.equal((await h.admin.storedSecrets(h.jobId)).length, 1, "written before the answer");
        assert.equal(settled, false, "the answer is still held");
        abort.abort();
        await assert.rejects(pending);

        await h.admin.fault({ method: "GET", path: "*", delayMs: 150 });
        const t0 = Date.now();
        const res = await call(h.emu, "GET", secretsPath(h.jobId));
        assert.equal(res.status, 200);
        assert.ok(Date.now() - t0 >= 140, "response delayed");
    });

    it("delayMs with status delays the injected answer", async () => {
        await h.admin.fault({ method: "GET", path: "*", delayMs: 120, status: 504 });
        const t0 = Date.now();
        assert.equal((await call(h.emu, "GET", secretsPath(h.jobId))).status, 504);
        assert.ok(Date.now() - t0 >= 110);
    });

    it("clearFaults disarms everything", async () => {
        await h.admin.fault({ method: "*", path: "*", status: 500, times: 10 });
        await h.admin.clearFaults();
        assert.equal((await call(h.emu, "GET", secretsPath(h.jobId))).status, 200);
    });

    it("rejects a fault that does nothing or is contradictory", async () => {
        await assert.rejects(h.admin.fault({ method: "GET", path: "*" }), /400/);
        await assert.rejects(h.admin.fault({ method: "GET", path: "*", status: 500, drop: "after" }), /400/);
        await assert.rejects(h.admin.fault({ method: "GET", path: "*", drop: "sideways" as "after" }), /400/);
    });

    it("global latency delays every public response", async () => {
        await h.admin.configure({ latencyMs: 120 });
        const t0 = Date.now();
        assert.equal((await call(h.emu, "GET", secretsPath(h.jobId))).status, 200);
        assert.ok(Date.now() - t0 >= 110);
    });

    it("stop() does not wait for a delayed response", async () => {
        const other = await startHarness();
        await other.admin.fault({ method: "GET", path: "*", delayMs: 10_000 });
        const pending = call(other.emu, "GET", secretsPath(other.jobId)).catch((err: unknown) => err);
        await new Promise((r) => setTimeout(r, 50));
        const t0 = Date.now();
        await other.emu.stop();
        assert.ok(Date.now() - t0 < 1000);
        assert.ok((await pending) instanceof Error);
    });
});
