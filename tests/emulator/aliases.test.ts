// Aliases and overrides, for secrets and for environment variables (the spec gives both the same rules).
import { strict as assert } from "node:assert";
import type { EmulatorAdmin } from "../../emulator/admin";
import type { SeedSecret, StoredSecret } from "../../emulator/types";
import { call, secretsPath, startHarness, UNKNOWN_ID, variablesPath, type ApiResponse, type Harness } from "./helpers";

interface Row {
    id: string;
    key: string;
    scope: string;
    variable_type: string;
    value?: string;
    [field: string]: unknown;
}

interface Family {
    name: string;
    collection: (jobId: string) => string;
    aliasField: string;
    overrideField: string;
    /** The last scope of the hierarchy in the spec's override 400. */
    serviceScope: string;
    seed: (admin: EmulatorAdmin, jobId: string, entry: SeedSecret) => Promise<StoredSecret>;
    stored: (admin: EmulatorAdmin, jobId: string) => Promise<StoredSecret[]>;
    /** The other family's collection, for the one-key-per-job rule. */
    other: (jobId: string) => string;
    valuesPublic: boolean;
}

const FAMILIES: Family[] = [
    {
        name: "secrets",
        collection: secretsPath,
        aliasField: "aliased_secret",
        overrideField: "overridden_secret",
        serviceScope: "APPLICATION",
        seed: (admin, jobId, entry) => admin.seedSecret(jobId, entry),
        stored: (admin, jobId) => admin.storedSecrets(jobId),
        other: variablesPath,
        valuesPublic: false,
    },
    {
        name: "environment variables",
        collection: variablesPath,
        aliasField: "aliased_variable",
        overrideField: "overridden_variable",
        serviceScope: "CONTAINER",
        seed: (admin, jobId, entry) => admin.seedVariable(jobId, entry),
        stored: (admin, jobId) => admin.storedVariables(jobId),
        other: secretsPath,
        valuesPublic: true,
    },
];

const detail = (res: ApiResponse): string => (res.body as { detail: string }).detail;

for (const f of FAMILIES) {
    describe(`emulator: ${f.name} aliases and overrides`, () => {
        let h: Harness;
        before(async () => {
            h = await startHarness();
        });
        after(() => h.emu.stop());
        beforeEach(() => h.admin.reset());

        const one = (id: string): string => `${f.collection(h.jobId)}/${id}`;
        const alias = (parentId: string, body: unknown): Promise<ApiResponse> =>
            call(h.emu, "POST", `${one(parentId)}/alias`, body);
        const override = (parentId: string, body?: unknown): Promise<ApiResponse> =>
            call(h.emu, "POST", `${one(parentId)}/override`, body);
        const list = async (): Promise<Row[]> =>
            ((await call(h.emu, "GET", f.collection(h.jobId))).body as { results: Row[] }).results;
        const createOwn = async (body: unknown): Promise<Row> => {
            const res = await call(h.emu, "POST", f.collection(h.jobId), body);
            assert.equal(res.status, 201, res.text);
            return res.body as Row;
        };

        it("aliases an inherited entry: 201, scope JOB, type ALIAS, the parent in the alias field", async () => {
            const parent = await f.seed(h.admin, h.jobId, { key: "DB_URL", value: "postgres://p", scope: "PROJECT" });
            const res = await alias(parent.id, { key: "DATABASE_URL", description: "alias" });
            assert.equal(res.status, 201, res.text);
            const row = res.body as Row;
            assert.equal(row.key, "DATABASE_URL");
            assert.equal(row.scope, "JOB");
            assert.equal(row.variable_type, "ALIAS");
            assert.equal(row.service_id, h.jobId);
            assert.equal(row.description, "alias");
            const link = row[f.aliasField] as Row;
            assert.equal(link.id, parent.id);
            assert.equal(link.key, "DB_URL");
            assert.equal(link.scope, "PROJECT");
            assert.equal(link.variable_type, "VALUE");
            assert.equal(link.mount_path, "", "the spec requires a string");
            if (f.valuesPublic) {
                assert.equal(row.value, "postgres://p", "an alias has its parent's value");
                assert.equal(link.value, "postgres://p");
            } else {
                assert.ok(!res.text.includes("postgres://p"), "a secret's value is never returned");
            }
            const rows = await list();
            assert.deepEqual(
                rows.map((r) => [r.key, r.scope, r.variable_type]),
                [
                    ["DB_URL", "PROJECT", "VALUE"],
                    ["DATABASE_URL", "JOB", "ALIAS"],
                ],
            );
            assert.deepEqual(rows[1], row);
        });

        it("aliases a job-scoped entry and a BUILT_IN one too", async () => {
            const own = await createOwn({ key: "OWN", value: "v" });
            assert.equal((await alias(own.id, { key: "OWN_ALIAS" })).status, 201);
            const builtIn = await f.seed(h.admin, h.jobId, { key: "QOVERY_JOB_ID", value: h.jobId, scope: "BUILT_IN" });
            const res = await alias(builtIn.id, { key: "MY_JOB_ID" });
            assert.equal(res.status, 201, res.text);
            assert.equal((res.body as Record<string, Row>)[f.aliasField]?.variable_type, "BUILT_IN");
        });

        it("refuses an alias of an alias or of an override (400), and an alias key that is taken (409)", async () => {
            const parent = await f.seed(h.admin, h.jobId, { key: "P", value: "p", scope: "ENVIRONMENT" });
            const a = (await alias(parent.id, { key: "A" })).body as Row;
            const onAlias = await alias(a.id, { key: "B" });
            assert.equal(onAlias.status, 400);
            assert.equal(detail(onAlias), "You can't create an alias on an alias");
            const o = (await override(parent.id, { value: "x" })).body as Row;
            const onOverride = await alias(o.id, { key: "C" });
            assert.equal(onOverride.status, 400);
            assert.equal(detail(onOverride), "You can't create an alias on an override");
            const taken = await alias(parent.id, { key: "A" });
            assert.equal(taken.status, 409);
            assert.equal(detail(taken), "Variable already exists: A");
            await call(h.emu, "POST", f.other(h.jobId), { key: "IN_OTHER_FAMILY" });
            assert.equal((await alias(parent.id, { key: "IN_OTHER_FAMILY" })).status, 409);
            assert.equal((await alias(parent.id, { key: "P" })).status, 409, "the parent's own key");
        });

        it("alias: 400 without a body or a key, 404 for an unknown parent", async () => {
            const parent = await f.seed(h.admin, h.jobId, { key: "P", scope: "PROJECT" });
            assert.equal((await alias(parent.id, undefined)).status, 400);
            const noKey = await alias(parent.id, { description: "d" });
            assert.equal(noKey.status, 400);
            assert.match(detail(noKey), /required property 'key'/);
            assert.equal((await alias(UNKNOWN_ID, { key: "K" })).status, 404);
        });

        it("overrides a PROJECT or ENVIRONMENT value: 201, same key, type OVERRIDE", async () => {
            for (const scope of ["PROJECT", "ENVIRONMENT"]) {
                const parent = await f.seed(h.admin, h.jobId, { key: `K_${scope}`, value: "parent", scope });
                const res = await override(parent.id, { value: "mine", description: "o" });
                assert.equal(res.status, 201, res.text);
                const row = res.body as Row;
                assert.equal(row.key, parent.key);
                assert.equal(row.scope, "JOB");
                assert.equal(row.variable_type, "OVERRIDE");
                assert.equal((row[f.overrideField] as Row).id, parent.id);
                assert.equal((row[f.overrideField] as Row).scope, scope);
                if (f.valuesPublic) assert.equal(row.value, "mine");
                const stored = (await f.stored(h.admin, h.jobId)).find((s) => s.id === row.id);
                assert.equal(stored?.value, "mine");
                assert.equal(stored?.override_of, parent.id);
            }
        });

        it("an override's body is optional", async () => {
            const parent = await f.seed(h.admin, h.jobId, { key: "P", value: "p", scope: "PROJECT" });
            assert.equal((await override(parent.id)).status, 201);
        });

        it("refuses to override a JOB, BUILT_IN or FILE entry, with the spec's wording", async () => {
            const wording =
                "Can't create an override on a higher scope. Overrides can only be created from one scope to a lower " +
                `scope. Scope hierarchy is BUILT_IN > PROJECT > ENVIRONMENT > ${f.serviceScope}`;
            const own = await createOwn({ key: "OWN", value: "v" });
            const builtIn = await f.seed(h.admin, h.jobId, { key: "QOVERY_X", scope: "BUILT_IN" });
            const file = await f.seed(h.admin, h.jobId, { key: "F", mount_path: "/f", scope: "PROJECT" });
            const parent = await f.seed(h.admin, h.jobId, { key: "P", scope: "PROJECT" });
            const anAlias = (await alias(parent.id, { key: "A" })).body as Row;
            for (const target of [own.id, builtIn.id, file.id, anAlias.id]) {
                const res = await override(target, { value: "x" });
                assert.equal(res.status, 400, `override of ${target}`);
                assert.equal(detail(res), wording);
            }
        });

        it("one override per parent per job (400); the override's key is free of the parent's", async () => {
            const parent = await f.seed(h.admin, h.jobId, { key: "P", value: "p", scope: "PROJECT" });
            assert.equal((await override(parent.id, { value: "1" })).status, 201);
            const again = await override(parent.id, { value: "2" });
            assert.equal(again.status, 400);
            assert.equal(detail(again), "Variable already overridden: P");
            assert.equal((await call(h.emu, "POST", f.collection(h.jobId), { key: "P" })).status, 409);
        });

        it("edits: an override's value and description, never its key; an alias's key, never its value", async () => {
            const parent = await f.seed(h.admin, h.jobId, { key: "P", value: "p", scope: "PROJECT" });
            const o = (await override(parent.id, { value: "1" })).body as Row;
            const edited = await call(h.emu, "PUT", one(o.id), { key: "P", value: "2", description: "d" });
            assert.equal(edited.status, 200, edited.text);
            assert.equal((edited.body as Row).variable_type, "OVERRIDE");
            assert.equal((await f.stored(h.admin, h.jobId)).find((s) => s.id === o.id)?.value, "2");
            const rekey = await call(h.emu, "PUT", one(o.id), { key: "OTHER", value: "3" });
            assert.equal(rekey.status, 400);
            assert.equal(detail(rekey), "For an override, you can't edit the key");

            const a = (await alias(parent.id, { key: "A" })).body as Row;
            const renamed = await call(h.emu, "PUT", one(a.id), { key: "A2", description: "renamed" });
            assert.equal(renamed.status, 200, renamed.text);
            assert.equal((renamed.body as Row).key, "A2");
            assert.equal((renamed.body as Record<string, Row>)[f.aliasField]?.id, parent.id);
            const revalue = await call(h.emu, "PUT", one(a.id), { key: "A2", value: "new" });
            assert.equal(revalue.status, 400);
            assert.equal(detail(revalue), "For an alias, you can't edit the value");
            const clash = await call(h.emu, "PUT", one(a.id), { key: "P" });
            assert.equal(clash.status, 409);
        });

        it("inherited entries cannot be edited or deleted from the job (400); BUILT_IN with the spec's words", async () => {
            const project = await f.seed(h.admin, h.jobId, { key: "P", scope: "PROJECT" });
            const builtIn = await f.seed(h.admin, h.jobId, { key: "QOVERY_X", scope: "BUILT_IN" });
            const noun = f.name === "secrets" ? "secret" : "variable";
            const edit = await call(h.emu, "PUT", one(builtIn.id), { key: "QOVERY_X" });
            assert.equal(edit.status, 400);
            assert.equal(detail(edit), `You can't edit a BUILT_IN ${noun}`);
            const del = await call(h.emu, "DELETE", one(builtIn.id));
            assert.equal(del.status, 400);
            assert.equal(detail(del), `You can't delete a BUILT_IN ${noun}`);
            assert.equal((await call(h.emu, "PUT", one(project.id), { key: "P" })).status, 400);
            assert.equal((await call(h.emu, "DELETE", one(project.id))).status, 400);
            assert.equal((await list()).length, 2);
        });

        it("deleting a job-scoped parent deletes its aliases; deleting an alias or override leaves the parent", async () => {
            const own = await createOwn({ key: "OWN", value: "v" });
            await alias(own.id, { key: "A1" });
            await alias(own.id, { key: "A2" });
            const unrelated = await createOwn({ key: "OTHER", value: "v" });
            assert.equal((await call(h.emu, "DELETE", one(own.id))).status, 204);
            assert.deepEqual(
                (await list()).map((r) => r.key),
                ["OTHER"],
            );
            const a = (await alias(unrelated.id, { key: "A3" })).body as Row;
            assert.equal((await call(h.emu, "DELETE", one(a.id))).status, 204);
            const parent = await f.seed(h.admin, h.jobId, { key: "P", value: "p", scope: "PROJECT" });
            const o = (await override(parent.id, { value: "x" })).body as Row;
            assert.equal((await call(h.emu, "DELETE", one(o.id))).status, 204);
            assert.deepEqual(
                (await list()).map((r) => r.key),
                ["OTHER", "P"],
            );
        });

        it("admin delete of a seeded inherited parent deletes its aliases and override", async () => {
            const parent = await f.seed(h.admin, h.jobId, { key: "P", value: "p", scope: "ENVIRONMENT" });
            const keep = await f.seed(h.admin, h.jobId, { key: "KEEP", value: "k", scope: "ENVIRONMENT" });
            await alias(parent.id, { key: "A" });
            await override(parent.id, { value: "x" });
            await alias(keep.id, { key: "KEEP_ALIAS" });
            if (f.name === "secrets") await h.admin.deleteStoredSecret(h.jobId, parent.id);
            else await h.admin.deleteStoredVariable(h.jobId, parent.id);
            assert.deepEqual(
                (await list()).map((r) => r.key),
                ["KEEP", "KEEP_ALIAS"],
            );
            // The override held the key P: it is free again.
            assert.equal((await call(h.emu, "POST", f.collection(h.jobId), { key: "P" })).status, 201);
        });

        it("aliases and overrides of another family's id are 404", async () => {
            const other = (await call(h.emu, "POST", f.other(h.jobId), { key: "X", value: "x" })).body as Row;
            assert.equal((await alias(other.id, { key: "Y" })).status, 404);
            assert.equal((await override(other.id, { value: "y" })).status, 404);
        });
    });
}
