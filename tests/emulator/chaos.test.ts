import { strict as assert } from "node:assert";
import { startEmulator } from "../../emulator/server";
import { CHAOS_KINDS, type ChaosConfig, type ChaosKind, type FaultKind } from "../../emulator/types";
import { EmulatorAdmin } from "../../emulator/admin";
import { attempt, call, secretsPath, startHarness, type ApiResponse, type Harness } from "./helpers";

describe("emulator: chaos", () => {
    let h: Harness;
    before(async () => {
        h = await startHarness();
    });
    after(() => h.emu.stop());
    beforeEach(() => h.admin.reset());

    const create = (key = "A") => attempt(h.emu, "POST", secretsPath(h.jobId), { key, value: "v" });
    const only = (kind: ChaosKind, extra: Partial<ChaosConfig> = {}) =>
        h.admin.configure({ chaos: { rate: 1, kinds: [kind], ...extra } });
    const faultsInLog = async (): Promise<(FaultKind | undefined)[]> => (await h.admin.requests()).map((r) => r.fault);
    const asResponse = (res: ApiResponse | Error): ApiResponse => {
        if (res instanceof Error) throw res;
        return res;
    };

    for (const status of [500, 502, 503]) {
        it(`"${status}": answers ${status} with the error body and does not perform the operation`, async () => {
            await only(String(status) as ChaosKind);
            const res = asResponse(await create());
            assert.equal(res.status, status);
            const body = res.body as { status: number; detail: string };
            assert.equal(body.status, status);
            assert.equal(typeof body.detail, "string");
            assert.ok(res.headers.get("x-ratelimit-limit"), "rate-limit headers still present");
            assert.deepEqual(await h.admin.storedSecrets(h.jobId), []);
            const [entry] = await h.admin.requests();
            assert.equal(entry?.status, status);
            assert.equal(entry?.fault, `chaos:${status}`);
        });
    }

    it('"429-reset": X-RateLimit-Reset one second ahead, no Retry-After, no operation', async () => {
        await only("429-reset");
        const before = Date.now();
        const res = asResponse(await create());
        assert.equal(res.status, 429);
        assert.equal((res.body as { status: number }).status, 429);
        assert.equal(res.headers.get("retry-after"), null);
        assert.equal(res.headers.get("x-ratelimit-remaining"), "0");
        const reset = Number(res.headers.get("x-ratelimit-reset"));
        assert.ok(Number.isInteger(reset), "Unix seconds");
        assert.ok(reset * 1000 >= before + 1000, "at least one second ahead");
        assert.ok(reset * 1000 <= Date.now() + 2000, "not much more than one second ahead");
        assert.deepEqual(await h.admin.storedSecrets(h.jobId), []);
        assert.deepEqual(await faultsInLog(), ["chaos:429-reset"]);
    });

    it('"429-retry-after": Retry-After: 1, no operation', async () => {
        await only("429-retry-after");
        const res = asResponse(await create());
        assert.equal(res.status, 429);
        assert.equal(res.headers.get("retry-after"), "1");
        assert.ok(res.headers.get("x-ratelimit-limit"), "rate-limit headers still present");
        assert.deepEqual(await h.admin.storedSecrets(h.jobId), []);
        assert.deepEqual(await faultsInLog(), ["chaos:429-retry-after"]);
    });

    it('"drop-before": the connection is destroyed and nothing is written', async () => {
        await only("drop-before");
        assert.ok((await create()) instanceof Error);
        assert.deepEqual(await h.admin.storedSecrets(h.jobId), []);
        const [entry] = await h.admin.requests();
        assert.equal(entry?.status, 0);
        assert.equal(entry?.fault, "chaos:drop-before");
    });

    it('"drop-after": the write happens, then the connection is destroyed without an answer', async () => {
        await only("drop-after");
        assert.ok((await create()) instanceof Error);
        assert.deepEqual(
            (await h.admin.storedSecrets(h.jobId)).map((s) => s.key),
            ["A"],
        );
        const [entry] = await h.admin.requests();
        assert.equal(entry?.status, 201, "the status of the operation that was not delivered");
        assert.equal(entry?.fault, "chaos:drop-after");
    });

    it('"delay": performs the operation at once and answers after delayMs', async () => {
        await only("delay", { delayMs: 150 });
        const t0 = Date.now();
        const res = asResponse(await create());
        assert.equal(res.status, 201);
        assert.ok(Date.now() - t0 >= 140, "answer delayed");
        assert.deepEqual(await faultsInLog(), ["chaos:delay"]);
    });

    it('"delay": 2000 ms by default, the write being done before the client gives up', async function () {
        this.timeout(5000);
        await only("delay");
        assert.equal((await h.admin.configure({})).chaos?.delayMs, undefined, "the default is not stored");
        const res = await attempt(
            h.emu,
            "POST",
            secretsPath(h.jobId),
            { key: "SLOW", value: "v" },
            { signal: AbortSignal.timeout(1000) },
        );
        assert.ok(res instanceof Error, "still not answered after 1 s");
        assert.equal((await h.admin.storedSecrets(h.jobId)).length, 1);
        // Logged at the write, so it cannot leak into the next test's log after the reset.
        assert.deepEqual(
            (await h.admin.requests()).map((r) => [r.status, r.fault]),
            [[201, "chaos:delay"]],
        );
    });

    it("rate 1 faults every request, with kinds drawn uniformly from the list", async () => {
        await h.admin.configure({ chaos: { rate: 1, seed: 3, kinds: ["500", "drop-before"] } });
        for (let i = 0; i < 20; i++) await create(`K${i}`);
        const faults = await faultsInLog();
        assert.equal(faults.length, 20);
        assert.ok(faults.every((f) => f === "chaos:500" || f === "chaos:drop-before"));
        assert.ok(faults.includes("chaos:500") && faults.includes("chaos:drop-before"), "both kinds drawn");
        assert.deepEqual(await h.admin.storedSecrets(h.jobId), []);
    });

    it("rate 0 faults nothing", async () => {
        await h.admin.configure({ chaos: { rate: 0, seed: 1 } });
        for (let i = 0; i < 30; i++) assert.equal((await call(h.emu, "GET", secretsPath(h.jobId))).status, 200);
        assert.ok((await faultsInLog()).every((f) => f === undefined));
        assert.deepEqual((await h.admin.stats()).faults, {});
    });

    it("chaos null (and reset) turns it off", async () => {
        await only("503");
        assert.equal(asResponse(await create()).status, 503);
        await h.admin.configure({ chaos: null });
        assert.equal(asResponse(await create()).status, 201);
        await only("503");
        await h.admin.reset();
        assert.equal(asResponse(await create()).status, 201);
    });

    describe("determinism with a seed", () => {
        const chaos: ChaosConfig = { rate: 0.5, seed: 42, delayMs: 5 };
        // GETs change nothing, so the only thing that varies between runs is the chaos.
        const run = async (emuHarness: { emu: Harness["emu"]; admin: EmulatorAdmin; jobId: string }) => {
            await emuHarness.admin.clearRequests();
            for (let i = 0; i < 40; i++) await attempt(emuHarness.emu, "GET", secretsPath(emuHarness.jobId));
            return (await emuHarness.admin.requests()).map((r) => r.fault ?? "none");
        };

        it("the same request sequence meets the same faults, after reset and on another emulator", async () => {
            await h.admin.configure({ chaos });
            const first = await run(h);
            assert.equal(first.length, 40);
            assert.ok(first.includes("none") && first.some((f) => f !== "none"), "a mix of faulted and not");

            await h.admin.reset();
            await h.admin.configure({ chaos });
            assert.deepEqual(await run(h), first, "replayed after reset + configure");

            const other = await startHarness({ chaos });
            try {
                assert.deepEqual(await run(other), first, "same sequence from EmulatorOptions.chaos");
                await other.admin.reset();
                assert.deepEqual(await run(other), first, "reset restarts the start-up chaos sequence");
            } finally {
                await other.emu.stop();
            }

            await h.admin.configure({ chaos: { ...chaos, seed: 43 } });
            assert.notDeepEqual(await run(h), first, "another seed, another sequence");
        });

        it("an unrelated config change does not restart the sequence", async () => {
            await h.admin.configure({ chaos });
            const first = await run(h);
            await h.admin.configure({ chaos });
            await h.admin.clearRequests();
            for (let i = 0; i < 20; i++) await attempt(h.emu, "GET", secretsPath(h.jobId));
            await h.admin.configure({ latencyMs: 0, errorShape: "detail" });
            for (let i = 0; i < 20; i++) await attempt(h.emu, "GET", secretsPath(h.jobId));
            assert.deepEqual(
                (await h.admin.requests()).map((r) => r.fault ?? "none"),
                first,
            );
        });
    });

    describe("methods filter", () => {
        it("faults only the listed methods (case-insensitive)", async () => {
            await h.admin.configure({ chaos: { rate: 1, kinds: ["503"], methods: ["post"] } });
            assert.equal((await h.admin.configure({})).chaos?.methods?.[0], "POST");
            assert.equal(asResponse(await attempt(h.emu, "GET", secretsPath(h.jobId))).status, 200);
            assert.equal(asResponse(await create()).status, 503);
            assert.deepEqual(await faultsInLog(), [undefined, "chaos:503"]);
        });

        it("requests of other methods draw nothing, so they do not shift the sequence", async () => {
            const chaos: ChaosConfig = { rate: 0.5, seed: 7, kinds: ["500", "503"], methods: ["POST"] };
            await h.admin.configure({ chaos });
            for (let i = 0; i < 20; i++) await create(`K${i}`);
            const alone = await faultsInLog();

            await h.admin.reset();
            await h.admin.configure({ chaos });
            for (let i = 0; i < 20; i++) {
                assert.equal(asResponse(await attempt(h.emu, "GET", secretsPath(h.jobId))).status, 200);
                await create(`K${i}`);
            }
            const log = await h.admin.requests();
            assert.deepEqual(
                log.filter((r) => r.method === "POST").map((r) => r.fault),
                alone,
            );
            assert.ok(log.filter((r) => r.method === "GET").every((r) => r.fault === undefined));
        });
    });

    it("programmed faults take precedence over chaos, and draw nothing from it", async () => {
        await h.admin.configure({ chaos: { rate: 1, kinds: ["503"] } });
        await h.admin.fault({ method: "POST", path: "*", status: 504 });
        assert.equal(asResponse(await create()).status, 504);
        assert.equal(asResponse(await create()).status, 503);
        assert.deepEqual(await faultsInLog(), ["status", "chaos:503"]);
    });

    it("applies before auth", async () => {
        await only("503");
        const res = asResponse(await attempt(h.emu, "GET", secretsPath(h.jobId), undefined, { authorization: null }));
        assert.equal(res.status, 503);
    });

    it("never touches the admin API", async () => {
        await h.admin.configure({ chaos: { rate: 1, kinds: [...CHAOS_KINDS], delayMs: 5000 } });
        for (let i = 0; i < 20; i++) await h.admin.jobs();
        assert.deepEqual(await h.admin.requests(), []);
        assert.equal((await h.admin.stats()).requests, 0);
    });

    it("is visible in GET /__admin/config and validated", async () => {
        const config = await h.admin.configure({ chaos: { rate: 0.25, seed: 9, kinds: ["502"], delayMs: 10 } });
        assert.deepEqual(config.chaos, { rate: 0.25, seed: 9, kinds: ["502"], delayMs: 10 });
        for (const chaos of [
            { rate: 1.5 },
            { rate: -0.1 },
            {},
            { rate: 0.5, seed: 1.5 },
            { rate: 0.5, kinds: [] },
            { rate: 0.5, kinds: ["404"] },
            { rate: 0.5, methods: [] },
            { rate: 0.5, delayMs: -1 },
            "often",
        ]) {
            await assert.rejects(h.admin.configure({ chaos: chaos as ChaosConfig }), /400/, JSON.stringify(chaos));
        }
        assert.deepEqual((await h.admin.configure({})).chaos, config.chaos, "a refused change changes nothing");
    });

    it("startEmulator refuses invalid chaos options", async () => {
        await assert.rejects(startEmulator({ chaos: { rate: 2 } }), /invalid emulator options: chaos.rate/);
    });
});
