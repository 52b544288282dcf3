import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator/server";
import { EmulatorAdmin } from "../../emulator/admin";
import { call, secretsPath } from "./helpers";

const JOB = "11111111-2222-4333-8444-555555555555";

describe("emulator: persistence", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "qovery-emulator-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("keeps jobs and secrets (values included) across a restart", async () => {
        const file = path.join(dir, "state", "emulator.json");
        const first = await startEmulator({ persistPath: file, jobs: [JOB] });
        const extraJob = await new EmulatorAdmin(first.url).createJob();
        const created = await call(first, "POST", secretsPath(JOB), { key: "A", value: "kept", mount_path: "/m" });
        assert.equal(created.status, 201);
        await first.stop();
        assert.ok(fs.existsSync(file));
        assert.equal(fs.statSync(file).mode & 0o077, 0, "state file is private to its owner");

        const second = await startEmulator({ persistPath: file });
        try {
            const list = await call(second, "GET", secretsPath(JOB));
            assert.deepEqual(list.body, { results: [created.body] });
            const [stored] = await new EmulatorAdmin(second.url).storedSecrets(JOB);
            assert.equal(stored?.value, "kept");
            assert.equal(stored?.mount_path, "/m");
            assert.equal((await call(second, "GET", secretsPath(extraJob))).status, 200);
        } finally {
            await second.stop();
        }
    });

    it("saves after every write: the file reflects an edit and a delete", async () => {
        const file = path.join(dir, "emulator.json");
        const emu = await startEmulator({ persistPath: file, jobs: [JOB] });
        try {
            const id = ((await call(emu, "POST", secretsPath(JOB), { key: "A", value: "v1" })).body as { id: string })
                .id;
            await call(emu, "PUT", `${secretsPath(JOB)}/${id}`, { key: "B", value: "v2" });
            type Saved = { version: number; variables: { id: string; key: string; parent_id: string }[] };
            let saved = JSON.parse(fs.readFileSync(file, "utf8")) as Saved;
            assert.equal(saved.version, 3);
            assert.deepEqual(
                saved.variables.map((v) => [v.id, v.key, v.parent_id]),
                [[id, "B", JOB]],
            );
            await call(emu, "DELETE", `${secretsPath(JOB)}/${id}`);
            saved = JSON.parse(fs.readFileSync(file, "utf8")) as Saved;
            assert.deepEqual(saved.variables, []);
        } finally {
            await emu.stop();
        }
    });

    it("reads a version 2 file: its jobs, their own and inherited rows, revisions and deployments", async () => {
        const file = path.join(dir, "v2.json");
        const row = (id: string, key: string, scope: string, value: string | null) => ({
            id,
            key,
            value,
            mount_path: null,
            description: null,
            enable_interpolation_in_file: false,
            scope,
            created_at: "2026-01-01T00:00:00.000Z",
            updated_at: "2026-01-01T00:00:00.000Z",
        });
        const own = "aaaaaaaa-0000-4000-8000-000000000001";
        const project = "aaaaaaaa-0000-4000-8000-000000000002";
        const env = "aaaaaaaa-0000-4000-8000-000000000003";
        const deployment = {
            id: "aaaaaaaa-0000-4000-8000-000000000009",
            action: "redeploy",
            request: null,
            force_event: null,
            requested_at: "2026-01-01T00:00:00.000Z",
            queued_ms: 0,
            deploying_ms: 0,
            outcome: "success",
            revision: 3,
        };
        fs.writeFileSync(
            file,
            JSON.stringify({
                version: 2,
                jobs: [
                    {
                        id: JOB,
                        name: "old-job",
                        secrets: [row(own, "OWN", "JOB", "s"), row(project, "P", "PROJECT", "p")],
                        variables: [{ ...row(env, "E", "ENVIRONMENT", "e"), override_of: undefined }],
                        revision: 3,
                        deployments: [deployment],
                    },
                ],
            }),
        );
        const emu = await startEmulator({ persistPath: file });
        try {
            const admin = new EmulatorAdmin(emu.url);
            assert.deepEqual(await admin.jobs(), [{ id: JOB, name: "old-job" }]);
            const secrets = (await call(emu, "GET", secretsPath(JOB))).body as {
                results: { id: string; scope: string }[];
            };
            assert.deepEqual(
                secrets.results.map((r) => [r.id, r.scope]),
                [
                    [own, "JOB"],
                    [project, "PROJECT"],
                ],
            );
            // The same rows through /variable: held by the job, its (implicit) project and environment.
            const [job] = await admin.services();
            const environment = (await admin.environments()).find((e) => e.id === job?.environment_id);
            const list = await call(emu, "GET", `/variable?parent_id=${JOB}&scope=JOB`);
            assert.deepEqual(
                (list.body as { results: { id: string; is_secret: boolean }[] }).results.map((r) => [
                    r.id,
                    r.is_secret,
                ]),
                [
                    [own, true],
                    [project, true],
                    [env, false],
                ],
            );
            const stored = await admin.storedRows();
            assert.deepEqual(
                stored.map((r) => r.parent_id),
                [JOB, environment?.project_id, environment?.id],
            );
            const status = (await call(emu, "GET", `/job/${JOB}/status`)).body as Record<string, unknown>;
            assert.equal(status.service_deployment_status, "UP_TO_DATE", "revision and deployments kept");
        } finally {
            await emu.stop();
        }
        assert.equal(
            (JSON.parse(fs.readFileSync(file, "utf8")) as { version: number }).version,
            2,
            "not rewritten by reading",
        );
    });

    it("keeps the world (projects, environments, services and their rows) across a restart", async () => {
        const file = path.join(dir, "world.json");
        const first = await startEmulator({ persistPath: file });
        const admin = new EmulatorAdmin(first.url);
        const project = await admin.createProject({ name: "p" });
        const env = await admin.createEnvironment(project, { name: "e" });
        const app = await admin.createService("APPLICATION", env);
        const made = await call(first, "POST", "/variable", {
            key: "K",
            value: "v",
            is_secret: true,
            variable_scope: "ENVIRONMENT",
            variable_parent_id: env,
        });
        assert.equal(made.status, 201);
        const before = await call(first, "GET", `/variable?parent_id=${app}&scope=APPLICATION`);
        await first.stop();
        const second = await startEmulator({ persistPath: file });
        try {
            const after = await call(second, "GET", `/variable?parent_id=${app}&scope=APPLICATION`);
            assert.deepEqual(after.body, before.body);
            assert.equal((await new EmulatorAdmin(second.url).storedRows()).find((r) => r.key === "K")?.value, "v");
        } finally {
            await second.stop();
        }
    });

    it("refuses to start on a corrupt state file", async () => {
        const file = path.join(dir, "bad.json");
        fs.writeFileSync(file, "{ not json");
        await assert.rejects(startEmulator({ persistPath: file }), /not valid JSON/);
    });
});
