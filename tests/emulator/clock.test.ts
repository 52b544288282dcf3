import { strict as assert } from "node:assert";
import {
    attempt,
    call,
    HTTP_DATE_RE,
    ISO_MS_RE,
    secretPath,
    secretsPath,
    startHarness,
    type ApiResponse,
    type Harness,
} from "./helpers";

interface PublicSecret {
    id: string;
    created_at: string;
    updated_at: string;
}

describe("emulator: Date header and timestamps", () => {
    let h: Harness;
    before(async () => {
        h = await startHarness();
    });
    after(() => h.emu.stop());
    beforeEach(() => h.admin.reset());

    const dateOf = (res: { headers: Headers }): number => {
        const header = res.headers.get("date");
        assert.ok(header, "Date header present");
        assert.match(header, HTTP_DATE_RE);
        return Date.parse(header);
    };
    /** The Date header is truncated to the second: the true send time is within [date, date + 1 s). */
    const assertCurrent = (res: { headers: Headers }, before: number, after: number): void => {
        const date = dateOf(res);
        assert.ok(
            date >= Math.floor(before / 1000) * 1000 - 1000 && date <= after,
            `Date ${date} in [${before}, ${after}]`,
        );
    };

    it("every public response carries Date: success, errors, 413, 429 and faults", async () => {
        const before = Date.now();
        const responses: ApiResponse[] = [
            await call(h.emu, "GET", secretsPath(h.jobId)),
            await call(h.emu, "POST", secretsPath(h.jobId), { key: "A", value: "v" }),
            await call(h.emu, "GET", secretsPath(h.jobId), undefined, { authorization: null }),
            await call(h.emu, "GET", "/nope"),
        ];
        await h.admin.fault({ method: "GET", path: "*", status: 503 });
        responses.push(await call(h.emu, "GET", secretsPath(h.jobId)));
        await h.admin.configure({ chaos: { rate: 1, kinds: ["429-retry-after"] } });
        responses.push(await call(h.emu, "GET", secretsPath(h.jobId)));
        await h.admin.configure({ chaos: null, maxBodyBytes: 10 });
        responses.push(await call(h.emu, "POST", secretsPath(h.jobId), { key: "TOO_LONG_A_BODY" }));
        await h.admin.configure({ rateLimit: { limit: 0, windowSeconds: 60 } });
        responses.push(await call(h.emu, "GET", secretsPath(h.jobId)));
        const after = Date.now();
        assert.deepEqual(
            responses.map((r) => r.status),
            [200, 201, 401, 404, 503, 429, 413, 429],
        );
        for (const res of responses) assertCurrent(res, before, after);
    });

    it("every admin response carries Date, 204s and errors included", async () => {
        const before = Date.now();
        const responses = [
            await fetch(`${h.emu.url}/__admin/jobs`),
            await fetch(`${h.emu.url}/__admin/requests`, { method: "DELETE" }),
            await fetch(`${h.emu.url}/__admin/config`, { method: "PUT", body: "{}" }),
            await fetch(`${h.emu.url}/__admin/nope`),
        ];
        const after = Date.now();
        assert.deepEqual(
            responses.map((r) => r.status),
            [200, 204, 200, 404],
        );
        for (const res of responses) assertCurrent(res, before, after);
    });

    it("created_at/updated_at are ISO 8601 with milliseconds, from the clock at the write", async () => {
        const before = Date.now();
        const res = await call(h.emu, "POST", secretsPath(h.jobId), { key: "A", value: "v" });
        const after = Date.now();
        const created = res.body as PublicSecret;
        assert.match(created.created_at, ISO_MS_RE);
        assert.equal(created.updated_at, created.created_at);
        const createdMs = Date.parse(created.created_at);
        assert.ok(createdMs >= before && createdMs <= after, "taken during the request");
        // What the provider relies on: created_at is within the second the Date header names (or just before).
        const date = dateOf(res);
        assert.ok(createdMs < date + 1000, "not after the response's Date second");
        assert.ok(createdMs >= date - 1000, "not long before the response's Date");

        await new Promise((r) => setTimeout(r, 15));
        const t0 = Date.now();
        const edited = (await call(h.emu, "PUT", secretPath(h.jobId, created.id), { key: "A", value: "w" }))
            .body as PublicSecret;
        const t1 = Date.now();
        assert.match(edited.updated_at, ISO_MS_RE);
        assert.equal(edited.created_at, created.created_at, "created_at never changes");
        const updatedMs = Date.parse(edited.updated_at);
        assert.ok(updatedMs >= t0 && updatedMs <= t1 && updatedMs > createdMs);

        const [listed] = ((await call(h.emu, "GET", secretsPath(h.jobId))).body as { results: PublicSecret[] }).results;
        assert.deepEqual(
            { created_at: listed?.created_at, updated_at: listed?.updated_at },
            { created_at: edited.created_at, updated_at: edited.updated_at },
        );
    });

    it("a write lost to a dropped connection still has created_at from the moment of the write", async () => {
        await h.admin.fault({ method: "POST", path: "*", drop: "after" });
        const before = Date.now();
        assert.ok((await attempt(h.emu, "POST", secretsPath(h.jobId), { key: "LOST", value: "v" })) instanceof Error);
        const after = Date.now();
        const res = await call(h.emu, "GET", secretsPath(h.jobId));
        const [found] = (res.body as { results: PublicSecret[] }).results;
        assert.match(found?.created_at ?? "", ISO_MS_RE);
        const createdMs = Date.parse(found?.created_at ?? "");
        assert.ok(createdMs >= before && createdMs <= after);
        assert.ok(dateOf(res) >= Math.floor(createdMs / 1000) * 1000, "the later response's Date is not earlier");
    });
});
