import { strict as assert } from "node:assert";
import { call, secretsPath, startHarness, type Harness } from "./helpers";

const MiB = 1024 * 1024;

describe("emulator: request body size", () => {
    let h: Harness;
    before(async () => {
        h = await startHarness();
    });
    after(() => h.emu.stop());
    beforeEach(() => h.admin.reset());

    /** A create body of exactly `bytes` bytes. */
    const bodyOfSize = (bytes: number): string => {
        const empty = JSON.stringify({ key: "BIG", value: "" });
        return JSON.stringify({ key: "BIG", value: "x".repeat(bytes - empty.length) });
    };

    it("accepts a 3 MB value by default and stores it whole", async function () {
        this.timeout(10_000);
        const value = "v".repeat(3_000_000);
        const res = await call(h.emu, "POST", secretsPath(h.jobId), { key: "BIG", value });
        assert.equal(res.status, 201);
        const [stored] = await h.admin.storedSecrets(h.jobId);
        assert.equal(stored?.value?.length, value.length);
        assert.equal(stored?.value, value);
    });

    it("refuses a body over the default 16 MiB with 413 and the usual error body", async function () {
        this.timeout(20_000);
        assert.equal((await h.admin.configure({})).maxBodyBytes, 16 * MiB);
        const res = await call(h.emu, "POST", secretsPath(h.jobId), undefined, { raw: bodyOfSize(16 * MiB + 1) });
        assert.equal(res.status, 413);
        const body = res.body as { status: number; detail: string };
        assert.equal(body.status, 413);
        assert.equal(typeof body.detail, "string");
        assert.deepEqual(await h.admin.storedSecrets(h.jobId), []);
    });

    it("maxBodyBytes from the admin config: exactly the limit passes, one byte more is a 413", async () => {
        await h.admin.configure({ maxBodyBytes: 2048 });
        const over = await call(h.emu, "POST", secretsPath(h.jobId), undefined, { raw: bodyOfSize(2049) });
        assert.equal(over.status, 413);
        assert.equal((over.body as { status: number }).status, 413);
        const at = await call(h.emu, "POST", secretsPath(h.jobId), undefined, { raw: bodyOfSize(2048) });
        assert.equal(at.status, 201);
    });

    it("maxBodyBytes from EmulatorOptions, restored by reset", async () => {
        const other = await startHarness({ maxBodyBytes: 100 });
        try {
            assert.equal(
                (await call(other.emu, "POST", secretsPath(other.jobId), undefined, { raw: bodyOfSize(101) })).status,
                413,
            );
            await other.admin.configure({ maxBodyBytes: 1000 });
            assert.equal(
                (await call(other.emu, "POST", secretsPath(other.jobId), undefined, { raw: bodyOfSize(101) })).status,
                201,
            );
            await other.admin.reset();
            assert.equal((await other.admin.configure({})).maxBodyBytes, 100);
        } finally {
            await other.emu.stop();
        }
    });

    it("a small public limit does not lock out the admin API", async () => {
        await h.admin.configure({ maxBodyBytes: 10 });
        const seeded = await h.admin.seedSecret(h.jobId, { key: "SEEDED", value: "s".repeat(10_000) });
        assert.equal(seeded.value?.length, 10_000);
        await h.admin.configure({ maxBodyBytes: 20 });
    });

    it("validates maxBodyBytes", async () => {
        await assert.rejects(h.admin.configure({ maxBodyBytes: 0 }), /400/);
        await assert.rejects(h.admin.configure({ maxBodyBytes: 1.5 }), /400/);
        await assert.rejects(h.admin.configure({ maxBodyBytes: "1MB" as unknown as number }), /400/);
    });
});
