// Inherited secrets and variables seeded through the admin API, and deleting a job.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EmulatorAdmin } from "../../emulator/admin";
import { startEmulator } from "../../emulator/server";
import { call, secretsPath, startHarness, variablesPath, type Harness } from "./helpers";

describe("emulator: inherited entries and jobs through the admin API", () => {
    let h: Harness;
    before(async () => {
        h = await startHarness();
    });
    after(() => h.emu.stop());
    beforeEach(() => h.admin.reset());

    it("seeds PROJECT, ENVIRONMENT and BUILT_IN variables, listed with their scope and value", async () => {
        await h.admin.seedVariable(h.jobId, { key: "REGION", value: "eu", scope: "PROJECT" });
        await h.admin.seedVariable(h.jobId, { key: "STAGE", value: "prod", scope: "ENVIRONMENT" });
        await h.admin.seedVariable(h.jobId, { key: "QOVERY_JOB_ID", value: h.jobId, scope: "BUILT_IN" });
        const rows = ((await call(h.emu, "GET", variablesPath(h.jobId))).body as { results: Record<string, unknown>[] })
            .results;
        assert.deepEqual(
            rows.map((r) => [r.key, r.value, r.scope, r.variable_type, r.service_id]),
            [
                ["REGION", "eu", "PROJECT", "VALUE", undefined],
                ["STAGE", "prod", "ENVIRONMENT", "VALUE", undefined],
                ["QOVERY_JOB_ID", h.jobId, "BUILT_IN", "BUILT_IN", undefined],
            ],
        );
    });

    it("seeded secrets' values are visible to the admin API only", async () => {
        const VALUE = "inherited-secret-value";
        await h.admin.seedSecret(h.jobId, { key: "S", value: VALUE, scope: "PROJECT" });
        assert.equal((await h.admin.storedSecrets(h.jobId))[0]?.value, VALUE);
        assert.ok(!(await call(h.emu, "GET", secretsPath(h.jobId))).text.includes(VALUE));
    });

    it("a seed follows the one-key-per-job rule across secrets and variables, and the spec's scopes", async () => {
        await h.admin.seedSecret(h.jobId, { key: "K", scope: "PROJECT" });
        await assert.rejects(h.admin.seedVariable(h.jobId, { key: "K", scope: "PROJECT" }), /409/);
        await assert.rejects(
            h.admin.seedVariable(h.jobId, { key: "Z", scope: "GALAXY" }),
            /400 .*scope must be one of APPLICATION/,
        );
        await assert.rejects(h.admin.seedVariable(h.jobId, { key: "" }), /400/);
        assert.equal((await call(h.emu, "POST", variablesPath(h.jobId), { key: "K" })).status, 409);
    });

    it("admin deletes: 204, then gone from the public list; 404 for unknown ids or jobs", async () => {
        const s = await h.admin.seedSecret(h.jobId, { key: "S", scope: "ENVIRONMENT" });
        const v = await h.admin.seedVariable(h.jobId, { key: "V", scope: "ENVIRONMENT" });
        await h.admin.deleteStoredSecret(h.jobId, s.id);
        await h.admin.deleteStoredVariable(h.jobId, v.id);
        assert.deepEqual((await call(h.emu, "GET", secretsPath(h.jobId))).body, { results: [] });
        assert.deepEqual((await call(h.emu, "GET", variablesPath(h.jobId))).body, { results: [] });
        await assert.rejects(h.admin.deleteStoredSecret(h.jobId, s.id), /404/);
        await assert.rejects(h.admin.deleteStoredVariable("00000000-0000-4000-8000-00000000dead", v.id), /404/);
    });

    it("deleting a job removes it and everything it holds; its routes answer 404", async () => {
        const job = await h.admin.createJob();
        await call(h.emu, "POST", secretsPath(job), { key: "S", value: "s" });
        await call(h.emu, "POST", variablesPath(job), { key: "V", value: "v" });
        await h.admin.seedVariable(job, { key: "P", scope: "PROJECT" });
        await h.admin.deleteJob(job);
        assert.ok(!(await h.admin.jobs()).some((j) => j.id === job));
        for (const p of [secretsPath(job), variablesPath(job)]) {
            const res = await call(h.emu, "GET", p);
            assert.equal(res.status, 404);
            assert.equal((res.body as { detail: string }).detail, `Job not found: ${job}`);
        }
        await assert.rejects(h.admin.storedVariables(job), /404/);
        await assert.rejects(h.admin.deleteJob(job), /404/);
        // Made again, it starts empty.
        await h.admin.createJob({ id: job });
        assert.deepEqual((await call(h.emu, "GET", secretsPath(job))).body, { results: [] });
    });

    it("variables, aliases and overrides survive a restart with a state file", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qovery-emulator-"));
        const file = path.join(dir, "emulator.json");
        const job = "11111111-2222-4333-8444-555555555555";
        try {
            const first = await startEmulator({ persistPath: file, jobs: [job] });
            const admin = new EmulatorAdmin(first.url);
            const parent = await admin.seedVariable(job, { key: "P", value: "p", scope: "PROJECT" });
            await call(first, "POST", `${variablesPath(job)}/${parent.id}/alias`, { key: "A" });
            await call(first, "POST", `${variablesPath(job)}/${parent.id}/override`, { value: "o" });
            const before = await call(first, "GET", variablesPath(job));
            await first.stop();
            const second = await startEmulator({ persistPath: file });
            try {
                assert.deepEqual((await call(second, "GET", variablesPath(job))).body, before.body);
            } finally {
                await second.stop();
            }
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("reads a state file written before variables existed (version 1)", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qovery-emulator-"));
        const file = path.join(dir, "emulator.json");
        const job = "11111111-2222-4333-8444-555555555555";
        const secret = {
            id: "22222222-2222-4333-8444-555555555555",
            key: "OLD",
            value: "v",
            mount_path: null,
            description: null,
            enable_interpolation_in_file: false,
            scope: "JOB",
            created_at: "2026-01-01T00:00:00.000Z",
            updated_at: "2026-01-01T00:00:00.000Z",
        };
        fs.writeFileSync(file, JSON.stringify({ version: 1, jobs: [{ id: job, name: "old", secrets: [secret] }] }));
        const emu = await startEmulator({ persistPath: file });
        try {
            const list = (await call(emu, "GET", secretsPath(job))).body as { results: { key: string }[] };
            assert.deepEqual(
                list.results.map((s) => s.key),
                ["OLD"],
            );
            assert.deepEqual((await call(emu, "GET", variablesPath(job))).body, { results: [] });
        } finally {
            await emu.stop();
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
