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
            let saved = JSON.parse(fs.readFileSync(file, "utf8")) as { jobs: { secrets: { key: string }[] }[] };
            assert.equal(saved.jobs[0]?.secrets[0]?.key, "B");
            await call(emu, "DELETE", `${secretsPath(JOB)}/${id}`);
            saved = JSON.parse(fs.readFileSync(file, "utf8")) as typeof saved;
            assert.deepEqual(saved.jobs[0]?.secrets, []);
        } finally {
            await emu.stop();
        }
    });

    it("refuses to start on a corrupt state file", async () => {
        const file = path.join(dir, "bad.json");
        fs.writeFileSync(file, "{ not json");
        await assert.rejects(startEmulator({ persistPath: file }), /not valid JSON/);
    });
});
