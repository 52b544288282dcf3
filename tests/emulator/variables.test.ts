import { strict as assert } from "node:assert";
import { call, secretsPath, startHarness, UNKNOWN_ID, variablePath, variablesPath, type Harness } from "./helpers";

interface PublicVariable {
    id: string;
    key: string;
    value: string;
    mount_path: string | null;
    [field: string]: unknown;
}

describe("emulator: job environment variables", () => {
    let h: Harness;
    before(async () => {
        h = await startHarness();
    });
    after(() => h.emu.stop());
    beforeEach(() => h.admin.reset());

    const create = async (body: unknown): Promise<PublicVariable> => {
        const res = await call(h.emu, "POST", variablesPath(h.jobId), body);
        assert.equal(res.status, 201, res.text);
        return res.body as PublicVariable;
    };

    it("lists an empty job as {results: []}", async () => {
        const res = await call(h.emu, "GET", variablesPath(h.jobId));
        assert.equal(res.status, 200);
        assert.deepEqual(res.body, { results: [] });
    });

    it("creates a VALUE variable: 201, value and mount_path returned, service fields set", async () => {
        const v = await create({ key: "LOG_LEVEL", value: "debug", description: "d" });
        assert.match(v.id, /^[0-9a-f-]{36}$/);
        assert.equal(v.key, "LOG_LEVEL");
        assert.equal(v.value, "debug");
        assert.equal(v.mount_path, null);
        assert.equal(v.scope, "JOB");
        assert.equal(v.variable_type, "VALUE");
        assert.equal(v.service_id, h.jobId);
        assert.equal(v.service_type, "JOB");
        assert.equal(v.description, "d");
        assert.equal(v.enable_interpolation_in_file, false);
        assert.equal(v.updated_at, v.created_at);
        assert.ok(!("aliased_variable" in v) && !("overridden_variable" in v));
        const [stored] = await h.admin.storedVariables(h.jobId);
        assert.equal(stored?.value, "debug");
    });

    it("creates a FILE variable when mount_path is set, and returns the mount path", async () => {
        const v = await create({ key: "CONF", value: "a=1", mount_path: "/etc/app.conf" });
        assert.equal(v.variable_type, "FILE");
        assert.equal(v.mount_path, "/etc/app.conf");
        const list = (await call(h.emu, "GET", variablesPath(h.jobId))).body as { results: PublicVariable[] };
        assert.deepEqual(list.results, [v]);
    });

    it('a variable made without a value holds "" (EnvironmentVariable.value is not nullable)', async () => {
        assert.equal((await create({ key: "EMPTY" })).value, "");
    });

    it("edits in place: new key, value, description and mount path; absent fields kept", async () => {
        const v = await create({ key: "A", value: "1", description: "x" });
        await new Promise((r) => setTimeout(r, 5));
        const res = await call(h.emu, "PUT", variablePath(h.jobId, v.id), { key: "B", mount_path: "/m" });
        assert.equal(res.status, 200, res.text);
        const edited = res.body as PublicVariable;
        assert.equal(edited.id, v.id);
        assert.equal(edited.key, "B");
        assert.equal(edited.value, "1");
        assert.equal(edited.description, "x");
        assert.equal(edited.mount_path, "/m");
        assert.equal(edited.variable_type, "FILE");
        assert.ok((edited.updated_at as string) > (v.updated_at as string));
        const cleared = (await call(h.emu, "PUT", variablePath(h.jobId, v.id), { key: "B", mount_path: null }))
            .body as PublicVariable;
        assert.equal(cleared.mount_path, null);
        assert.equal(cleared.variable_type, "VALUE");
    });

    it("deletes: 204, then the list no longer has it; 404 for an unknown id", async () => {
        const v = await create({ key: "A", value: "1" });
        const res = await call(h.emu, "DELETE", variablePath(h.jobId, v.id));
        assert.equal(res.status, 204);
        assert.equal(res.text, "");
        assert.deepEqual((await call(h.emu, "GET", variablesPath(h.jobId))).body, { results: [] });
        const gone = await call(h.emu, "DELETE", variablePath(h.jobId, v.id));
        assert.equal(gone.status, 404);
        assert.equal((gone.body as { detail: string }).detail, `Environment variable not found: ${v.id}`);
    });

    it("one key per job across secrets and variables: 409 both ways, on create and on rename", async () => {
        await call(h.emu, "POST", secretsPath(h.jobId), { key: "SHARED", value: "s" });
        const clash = await call(h.emu, "POST", variablesPath(h.jobId), { key: "SHARED", value: "v" });
        assert.equal(clash.status, 409);
        assert.deepEqual(clash.body, { status: 409, detail: "Variable already exists: SHARED" });
        const v = await create({ key: "ONLY_VAR", value: "v" });
        assert.equal((await call(h.emu, "POST", secretsPath(h.jobId), { key: "ONLY_VAR" })).status, 409);
        const rename = await call(h.emu, "PUT", variablePath(h.jobId, v.id), { key: "SHARED" });
        assert.equal(rename.status, 409);
        assert.equal((await call(h.emu, "PUT", variablePath(h.jobId, v.id), { key: "ONLY_VAR" })).status, 200);
    });

    it("validates bodies and path parameters against the spec", async () => {
        const noKey = await call(h.emu, "POST", variablesPath(h.jobId), { value: "v" });
        assert.equal(noKey.status, 400);
        assert.match((noKey.body as { detail: string }).detail, /required property 'key'/);
        const badMount = await call(h.emu, "POST", variablesPath(h.jobId), { key: "A", mount_path: 3 });
        assert.equal(badMount.status, 400);
        assert.equal((await call(h.emu, "POST", variablesPath(h.jobId))).status, 400, "no body");
        assert.equal((await call(h.emu, "PUT", variablePath(h.jobId, UNKNOWN_ID), { value: "v" })).status, 400);
        const badId = await call(h.emu, "DELETE", variablePath(h.jobId, "nope"));
        assert.equal(badId.status, 400);
        assert.match((badId.body as { detail: string }).detail, /environmentVariableId must match format "uuid"/);
    });

    it("404 for an unknown job; 401 without a token; 405 for a method the spec lacks", async () => {
        assert.equal((await call(h.emu, "GET", variablesPath(UNKNOWN_ID))).status, 404);
        assert.equal(
            (await call(h.emu, "GET", variablesPath(h.jobId), undefined, { authorization: null })).status,
            401,
        );
        assert.equal((await call(h.emu, "GET", variablePath(h.jobId, UNKNOWN_ID))).status, 405);
    });

    it("serves the spec's import operation: an imported variable is in the job's list (import.test.ts has the rules)", async () => {
        const vars = [{ name: "IMPORTED", value: "i", scope: "JOB", is_secret: false }];
        const res = await call(h.emu, "POST", `${variablesPath(h.jobId)}/import`, { overwrite: false, vars });
        assert.equal(res.status, 201);
        const listed = await call(h.emu, "GET", variablesPath(h.jobId));
        const results = (listed.body as { results: { key: string; value: string }[] }).results;
        assert.deepEqual(
            results.map((v) => [v.key, v.value]),
            [["IMPORTED", "i"]],
        );
    });

    it("logs and counts the new routes by spec operation", async () => {
        const v = await create({ key: "A", value: "1" });
        await call(h.emu, "GET", variablesPath(h.jobId));
        await call(h.emu, "PUT", variablePath(h.jobId, v.id), { key: "A", value: "2" });
        await call(h.emu, "POST", variablesPath(h.jobId), { key: "A" }); // 409
        const log = await h.admin.requests();
        assert.deepEqual(
            log.map((e) => `${e.method} ${e.status} ${e.valid}`),
            ["POST 201 true", "GET 200 true", "PUT 200 true", "POST 409 true"],
        );
        const ops = await h.admin.operationStats();
        assert.deepEqual(ops["POST /job/{jobId}/environmentVariable"], { requests: 2, byStatus: { 201: 1, 409: 1 } });
        assert.deepEqual(ops["PUT /job/{jobId}/environmentVariable/{environmentVariableId}"], {
            requests: 1,
            byStatus: { 200: 1 },
        });
        await h.admin.clearRequests();
        assert.deepEqual(await h.admin.operationStats(), {});
    });

    it("reset drops variables; jobs stay", async () => {
        await create({ key: "A", value: "1" });
        await h.admin.reset();
        assert.deepEqual(await h.admin.storedVariables(h.jobId), []);
        assert.deepEqual((await call(h.emu, "GET", variablesPath(h.jobId))).body, { results: [] });
    });
});
