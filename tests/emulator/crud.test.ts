import { strict as assert } from "node:assert";
import { call, secretPath, secretsPath, startHarness, type Harness } from "./helpers";

interface PublicSecret {
    id: string;
    key: string;
    [field: string]: unknown;
}

const VALUE = "s3cr3t-value-never-returned";

describe("emulator: job secret CRUD", () => {
    let h: Harness;
    before(async () => {
        h = await startHarness();
    });
    after(() => h.emu.stop());
    beforeEach(() => h.admin.reset());

    it("lists an empty job as {results: []}", async () => {
        const res = await call(h.emu, "GET", secretsPath(h.jobId));
        assert.equal(res.status, 200);
        assert.deepEqual(res.body, { results: [] });
        assert.match(res.headers.get("content-type") ?? "", /application\/json/);
    });

    it("creates a VALUE secret: 201 with the spec's Secret fields", async () => {
        const res = await call(h.emu, "POST", secretsPath(h.jobId), { key: "API_KEY", value: VALUE, description: "d" });
        assert.equal(res.status, 201);
        const s = res.body as PublicSecret;
        assert.match(s.id, /^[0-9a-f-]{36}$/);
        assert.equal(s.key, "API_KEY");
        assert.equal(s.scope, "JOB");
        assert.equal(s.variable_type, "VALUE");
        assert.equal(s.service_id, h.jobId);
        assert.equal(s.service_type, "JOB");
        assert.equal(typeof s.service_name, "string");
        assert.equal(s.owned_by, "QOVERY");
        assert.equal(s.description, "d");
        assert.equal(s.enable_interpolation_in_file, false);
        assert.ok(!Number.isNaN(Date.parse(s.created_at as string)));
        assert.equal(s.updated_at, s.created_at);
        assert.ok(!("aliased_secret" in s) && !("overridden_secret" in s));
    });

    it("creates a FILE secret when mount_path is set, and keeps the mount path in the store only", async () => {
        const res = await call(h.emu, "POST", secretsPath(h.jobId), {
            key: "CERT",
            value: VALUE,
            mount_path: "/etc/cert.pem",
            enable_interpolation_in_file: true,
        });
        assert.equal(res.status, 201);
        const s = res.body as PublicSecret;
        assert.equal(s.variable_type, "FILE");
        assert.equal(s.enable_interpolation_in_file, true);
        const [stored] = await h.admin.storedSecrets(h.jobId);
        assert.equal(stored?.mount_path, "/etc/cert.pem");
        assert.equal(stored?.value, VALUE);
    });

    it("accepts an empty value", async () => {
        const res = await call(h.emu, "POST", secretsPath(h.jobId), { key: "EMPTY", value: "" });
        assert.equal(res.status, 201);
        assert.equal((await h.admin.storedSecrets(h.jobId))[0]?.value, "");
    });

    it("edits in place: 200, new key/value/description, mount path unchanged, updated_at moves", async () => {
        const created = (await call(h.emu, "POST", secretsPath(h.jobId), { key: "A", value: "v1", mount_path: "/m" }))
            .body as PublicSecret;
        await new Promise((r) => setTimeout(r, 5));
        const res = await call(h.emu, "PUT", secretPath(h.jobId, created.id), {
            key: "B",
            value: "v2",
            description: "now described",
            mount_path: "/ignored", // not in SecretEditRequest: the emulator ignores it
        });
        assert.equal(res.status, 200);
        const edited = res.body as PublicSecret;
        assert.equal(edited.id, created.id);
        assert.equal(edited.key, "B");
        assert.equal(edited.description, "now described");
        assert.equal(edited.created_at, created.created_at);
        assert.ok((edited.updated_at as string) > (created.updated_at as string));
        const [stored] = await h.admin.storedSecrets(h.jobId);
        assert.equal(stored?.value, "v2");
        assert.equal(stored?.mount_path, "/m");
    });

    it("edit keeps fields the body leaves out, and an explicit null description clears it", async () => {
        const created = (await call(h.emu, "POST", secretsPath(h.jobId), { key: "A", value: "v1", description: "x" }))
            .body as PublicSecret;
        await call(h.emu, "PUT", secretPath(h.jobId, created.id), { key: "A" });
        let [stored] = await h.admin.storedSecrets(h.jobId);
        assert.equal(stored?.value, "v1");
        assert.equal(stored?.description, "x");
        await call(h.emu, "PUT", secretPath(h.jobId, created.id), { key: "A", description: null });
        [stored] = await h.admin.storedSecrets(h.jobId);
        assert.equal(stored?.description, null);
    });

    it("edit keeping its own key is not a conflict", async () => {
        const created = (await call(h.emu, "POST", secretsPath(h.jobId), { key: "A", value: "v" }))
            .body as PublicSecret;
        const res = await call(h.emu, "PUT", secretPath(h.jobId, created.id), { key: "A", value: "w" });
        assert.equal(res.status, 200);
    });

    it("deletes: 204 with no body, then the list no longer has it", async () => {
        const created = (await call(h.emu, "POST", secretsPath(h.jobId), { key: "A", value: "v" }))
            .body as PublicSecret;
        const res = await call(h.emu, "DELETE", secretPath(h.jobId, created.id));
        assert.equal(res.status, 204);
        assert.equal(res.text, "");
        const list = await call(h.emu, "GET", secretsPath(h.jobId));
        assert.deepEqual(list.body, { results: [] });
    });

    it("lists secrets in creation order", async () => {
        for (const key of ["Z", "A", "M"]) await call(h.emu, "POST", secretsPath(h.jobId), { key, value: "v" });
        const list = (await call(h.emu, "GET", secretsPath(h.jobId))).body as { results: PublicSecret[] };
        assert.deepEqual(
            list.results.map((s) => s.key),
            ["Z", "A", "M"],
        );
    });

    it("keeps jobs apart", async () => {
        const other = await h.admin.createJob();
        await call(h.emu, "POST", secretsPath(h.jobId), { key: "A", value: "v" });
        const res = await call(h.emu, "POST", secretsPath(other), { key: "A", value: "v" });
        assert.equal(res.status, 201);
        const otherList = (await call(h.emu, "GET", secretsPath(other))).body as { results: PublicSecret[] };
        assert.equal(otherList.results.length, 1);
        assert.equal(otherList.results[0]?.service_id, other);
    });

    it("never returns a value or a mount path from the public API", async () => {
        const texts: string[] = [];
        const created = await call(h.emu, "POST", secretsPath(h.jobId), {
            key: "F",
            value: VALUE,
            mount_path: "/secret/path",
        });
        texts.push(created.text);
        const id = (created.body as PublicSecret).id;
        texts.push((await call(h.emu, "GET", secretsPath(h.jobId))).text);
        texts.push((await call(h.emu, "PUT", secretPath(h.jobId, id), { key: "F", value: VALUE + "2" })).text);
        texts.push((await call(h.emu, "GET", secretsPath(h.jobId))).text);
        texts.push((await call(h.emu, "POST", secretsPath(h.jobId), { key: "F", value: VALUE })).text); // 409
        for (const text of texts) {
            assert.ok(!text.includes(VALUE), "a secret value leaked into a public response");
            assert.ok(!text.includes("/secret/path"), "a mount path leaked into a public response");
            assert.ok(!/"value"|"mount_path"/.test(text), "a value/mount_path field appeared in a public response");
        }
    });

    it("lists seeded inherited secrets with their scope and without the job's service fields", async () => {
        await h.admin.seedSecret(h.jobId, { key: "PROJECT_WIDE", value: "p", scope: "PROJECT" });
        const list = (await call(h.emu, "GET", secretsPath(h.jobId))).body as { results: PublicSecret[] };
        assert.equal(list.results[0]?.scope, "PROJECT");
        assert.equal(list.results[0]?.service_id, undefined);
    });
});
