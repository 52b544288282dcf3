import { strict as assert } from "node:assert";
import { call, secretPath, secretsPath, startHarness, UNKNOWN_ID, type Harness } from "./helpers";

const TOKEN = "admin-test-token";

describe("emulator: admin API and request log", () => {
    let h: Harness;
    before(async () => {
        h = await startHarness({ token: TOKEN });
    });
    after(() => h.emu.stop());
    beforeEach(() => h.admin.reset());

    it("createJob returns a random uuid, or the given id", async () => {
        const random = await h.admin.createJob();
        assert.match(random, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        assert.equal(await h.admin.createJob({ id: UNKNOWN_ID }), UNKNOWN_ID);
        assert.equal((await call(h.emu, "GET", secretsPath(UNKNOWN_ID))).status, 200);
        assert.ok((await h.admin.jobs()).some((j) => j.id === UNKNOWN_ID));
    });

    it("POST /__admin/jobs answers 201 with {id}, and rejects a non-uuid id", async () => {
        const res = await fetch(`${h.emu.url}/__admin/jobs`, { method: "POST" });
        assert.equal(res.status, 201);
        assert.match(((await res.json()) as { id: string }).id, /^[0-9a-f-]{36}$/);
        await assert.rejects(h.admin.createJob({ id: "job-1" }), /400/);
    });

    it("jobs given at start exist", async () => {
        const other = await startHarness({ jobs: [UNKNOWN_ID] });
        try {
            assert.equal((await call(other.emu, "GET", secretsPath(UNKNOWN_ID))).status, 200);
        } finally {
            await other.emu.stop();
        }
    });

    it("logs public requests: seq, method, path, status, parsed body, spec validity, auth scheme only", async () => {
        await call(h.emu, "POST", secretsPath(h.jobId), { key: "A", value: "v" });
        await call(h.emu, "POST", secretsPath(h.jobId), { value: "no key" }, { authorization: `Bearer ${TOKEN}` });
        await call(h.emu, "GET", secretsPath(h.jobId), undefined, { authorization: null });
        await call(h.emu, "GET", secretsPath(h.jobId), undefined, { authorization: `Basic ${TOKEN}` });
        await call(h.emu, "POST", secretsPath(h.jobId), undefined, { raw: "{not json" });
        const log = await h.admin.requests();
        assert.deepEqual(
            log.map(({ seq, method, path, status, body, valid, authorization }) => ({
                seq,
                method,
                path,
                status,
                body,
                valid,
                authorization,
            })),
            [
                {
                    seq: log[0]?.seq,
                    method: "POST",
                    path: secretsPath(h.jobId),
                    status: 201,
                    body: { key: "A", value: "v" },
                    valid: true,
                    authorization: "Token",
                },
                {
                    seq: (log[0]?.seq ?? 0) + 1,
                    method: "POST",
                    path: secretsPath(h.jobId),
                    status: 400,
                    body: { value: "no key" },
                    valid: false,
                    authorization: "Bearer",
                },
                {
                    seq: (log[0]?.seq ?? 0) + 2,
                    method: "GET",
                    path: secretsPath(h.jobId),
                    status: 401,
                    body: null,
                    valid: true,
                    authorization: "none",
                },
                {
                    seq: (log[0]?.seq ?? 0) + 3,
                    method: "GET",
                    path: secretsPath(h.jobId),
                    status: 401,
                    body: null,
                    valid: true,
                    authorization: "other",
                },
                {
                    seq: (log[0]?.seq ?? 0) + 4,
                    method: "POST",
                    path: secretsPath(h.jobId),
                    status: 400,
                    body: null,
                    valid: false,
                    authorization: "Token",
                },
            ],
        );
        assert.ok(!JSON.stringify(log).includes(TOKEN), "the token is never recorded");
    });

    it("does not log admin requests; clearRequests empties the log", async () => {
        await call(h.emu, "GET", secretsPath(h.jobId));
        await h.admin.storedSecrets(h.jobId);
        await h.admin.faults();
        assert.equal((await h.admin.requests()).length, 1);
        await h.admin.clearRequests();
        assert.deepEqual(await h.admin.requests(), []);
    });

    it("storedSecrets returns values, mount paths and ids; 404 for an unknown job", async () => {
        const created = (await call(h.emu, "POST", secretsPath(h.jobId), { key: "F", value: "val", mount_path: "/f" }))
            .body as { id: string };
        const [stored] = await h.admin.storedSecrets(h.jobId);
        assert.equal(stored?.id, created.id);
        assert.equal(stored?.value, "val");
        assert.equal(stored?.mount_path, "/f");
        await assert.rejects(h.admin.storedSecrets("00000000-0000-4000-8000-00000000dead"), /404/);
    });

    it("reset drops secrets, the log, faults and config changes but keeps jobs", async () => {
        const id = ((await call(h.emu, "POST", secretsPath(h.jobId), { key: "A", value: "v" })).body as { id: string })
            .id;
        await h.admin.fault({ method: "*", path: "*", status: 500, times: 5 });
        await h.admin.configure({ errorShape: "message", latencyMs: 1 });
        await h.admin.reset();
        assert.deepEqual(await h.admin.storedSecrets(h.jobId), []);
        assert.deepEqual(await h.admin.requests(), []);
        assert.deepEqual(await h.admin.faults(), []);
        const res = await call(h.emu, "DELETE", secretPath(h.jobId, id));
        assert.deepEqual(Object.keys(res.body as object).sort(), ["detail", "status"], "error shape restored");
    });

    it("configure validates its input and returns the config", async () => {
        const config = await h.admin.configure({ latencyMs: 0, rateLimit: { limit: 10, windowSeconds: 5 } });
        assert.deepEqual(config, {
            latencyMs: 0,
            rateLimit: { limit: 10, windowSeconds: 5, retryAfter: false },
            errorShape: "detail",
            chaos: null,
            maxBodyBytes: 16 * 1024 * 1024,
        });
        await assert.rejects(h.admin.configure({ errorShape: "xml" as "detail" }), /400/);
        await assert.rejects(h.admin.configure({ latencyMs: -1 }), /400/);
    });

    it("answers 404 for unknown admin routes", async () => {
        assert.equal((await fetch(`${h.emu.url}/__admin/nope`)).status, 404);
    });
});
