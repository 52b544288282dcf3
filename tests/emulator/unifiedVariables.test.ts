// The /variable routes over real HTTP: every scope, the hierarchy's rules, the same rows as the job routes,
// and every answer checked against the spec's schemas.
import { strict as assert } from "node:assert";
import { emulatorContract } from "../../emulator/routes";
import { call, startHarness, UNKNOWN_ID, type ApiResponse, type Harness } from "./helpers";

interface Row {
    id: string;
    key: string;
    value: string | null;
    mount_path?: string | null;
    scope: string;
    variable_type: string;
    is_secret: boolean;
    description?: string;
    service_id?: string;
    service_name?: string;
    service_type?: string;
    aliased_variable?: { id: string; key: string; value?: string | null; scope: string };
    overridden_variable?: { id: string; key: string; value?: string | null; scope: string };
}

const ALIAS_400 = /^Can't create an alias on a higher scope\. .*ORGANIZATION > PROJECT > ENVIRONMENT > CONTAINER$/;
const OVERRIDE_400 =
    /^Can't create an override on a higher scope\. .*ORGANIZATION > PROJECT > ENVIRONMENT > APPLICATION$/;

/** The answer has the status named and a body the spec accepts for it. */
function valid(method: string, template: string, res: ApiResponse, status: number): void {
    assert.equal(res.status, status, `${method} ${template}: ${res.text}`);
    const check = emulatorContract().validateResponseBody(method, template, res.status, res.body);
    assert.ok(check.valid, `${method} ${template} ${res.status}: ${check.errors.join("; ")}\n${res.text}`);
}

const detail = (res: ApiResponse): string => (res.body as { detail: string }).detail;

describe("emulator: the /variable routes of every scope", () => {
    let h: Harness;
    let project: string;
    let env: string;
    let app: string;
    let container: string;
    let job: string;
    let helm: string;
    let terraform: string;

    before(async () => {
        h = await startHarness();
    });
    after(() => h.emu.stop());
    beforeEach(async () => {
        await h.admin.reset();
        project = await h.admin.createProject({ name: "p" });
        env = await h.admin.createEnvironment(project, { name: "e", builtIns: false });
        app = await h.admin.createService("APPLICATION", env, { name: "web", builtIns: false });
        container = await h.admin.createService("CONTAINER", env, { name: "api", builtIns: false });
        job = await h.admin.createService("JOB", env, { name: "cron", builtIns: false });
        helm = await h.admin.createService("HELM", env, { name: "chart", builtIns: false });
        terraform = await h.admin.createService("TERRAFORM", env, { name: "infra", builtIns: false });
    });

    const create = async (
        scope: string,
        parent: string,
        key: string,
        extra: Record<string, unknown> = {},
    ): Promise<ApiResponse> =>
        call(h.emu, "POST", "/variable", {
            key,
            value: `${key}-value`,
            is_secret: false,
            variable_scope: scope,
            variable_parent_id: parent,
            ...extra,
        });
    const made = async (scope: string, parent: string, key: string, extra: Record<string, unknown> = {}) => {
        const res = await create(scope, parent, key, extra);
        valid("POST", "/variable", res, 201);
        return res.body as Row;
    };
    const list = async (parent: string, scope: string, query = ""): Promise<Row[]> => {
        const res = await call(h.emu, "GET", `/variable?parent_id=${parent}&scope=${scope}${query}`);
        valid("GET", "/variable", res, 200);
        return (res.body as { results: Row[] }).results;
    };
    const alias = (id: string, key: string, scope: string, parent: string) =>
        call(h.emu, "POST", `/variable/${id}/alias`, { key, alias_scope: scope, alias_parent_id: parent });
    const override = (id: string, value: string, scope: string, parent: string) =>
        call(h.emu, "POST", `/variable/${id}/override`, {
            value,
            override_scope: scope,
            override_parent_id: parent,
        });

    it("creates at every scope: VariableResponse with scope, type, service fields; a secret's value is null", async () => {
        const parents: [string, string][] = [
            ["PROJECT", project],
            ["ENVIRONMENT", env],
            ["APPLICATION", app],
            ["CONTAINER", container],
            ["JOB", job],
            ["HELM", helm],
            ["TERRAFORM", terraform],
        ];
        for (const [scope, parent] of parents) {
            const plain = await made(scope, parent, `PLAIN_${scope}`, { description: "d" });
            assert.equal(plain.value, `PLAIN_${scope}-value`);
            assert.equal(plain.scope, scope);
            assert.equal(plain.variable_type, "VALUE");
            assert.equal(plain.is_secret, false);
            assert.equal(plain.description, "d");
            const service = !["PROJECT", "ENVIRONMENT"].includes(scope);
            assert.equal(plain.service_id, service ? parent : undefined, scope);
            assert.equal(plain.service_type, service ? scope : undefined, scope);
            const secret = await made(scope, parent, `SECRET_${scope}`, { is_secret: true, mount_path: "/etc/s" });
            assert.equal(secret.value, null, "a secret's value is never shown");
            assert.equal(secret.mount_path, "/etc/s");
            assert.equal(secret.variable_type, "FILE");
            assert.equal(secret.is_secret, true);
            assert.ok(!("description" in secret), "VariableResponse.description is not nullable: absent");
        }
        const all = await list(app, "APPLICATION");
        assert.ok(!JSON.stringify(all).includes("SECRET_APPLICATION-value"));
        assert.deepEqual(
            (await list(app, "APPLICATION", "&is_secret=true")).map((r) => r.key),
            ["SECRET_PROJECT", "SECRET_ENVIRONMENT", "SECRET_APPLICATION"],
        );
        assert.deepEqual(
            (await list(app, "APPLICATION", "&is_secret=false")).map((r) => r.key),
            ["PLAIN_PROJECT", "PLAIN_ENVIRONMENT", "PLAIN_APPLICATION"],
        );
    });

    it("a list shows what its parent inherits: project > environment > service, never a sibling's rows", async () => {
        await made("PROJECT", project, "P");
        await made("ENVIRONMENT", env, "E");
        await made("APPLICATION", app, "A");
        await made("CONTAINER", container, "C");
        const other = await h.admin.createEnvironment(project, { builtIns: false });
        await made("ENVIRONMENT", other, "OTHER_ENV");
        assert.deepEqual(
            (await list(project, "PROJECT")).map((r) => r.key),
            ["P"],
        );
        assert.deepEqual(
            (await list(env, "ENVIRONMENT")).map((r) => r.key),
            ["P", "E"],
        );
        assert.deepEqual(
            (await list(app, "APPLICATION")).map((r) => r.key),
            ["P", "E", "A"],
        );
        assert.deepEqual(
            (await list(container, "CONTAINER")).map((r) => [r.key, r.scope]),
            [
                ["P", "PROJECT"],
                ["E", "ENVIRONMENT"],
                ["C", "CONTAINER"],
            ],
        );
        assert.deepEqual(
            (await list(other, "ENVIRONMENT")).map((r) => r.key),
            ["P", "OTHER_ENV"],
        );
    });

    it("a job's rows are the same rows through both APIs: same ids, edits and deletes seen by both", async () => {
        const viaVariable = await made("JOB", job, "FROM_VARIABLE", { is_secret: true });
        const jobSecrets = (await call(h.emu, "GET", `/job/${job}/secret`)).body as { results: Row[] };
        assert.deepEqual(
            jobSecrets.results.map((r) => [r.id, r.key, r.scope]),
            [[viaVariable.id, "FROM_VARIABLE", "JOB"]],
        );
        const viaJob = (await call(h.emu, "POST", `/job/${job}/environmentVariable`, { key: "FROM_JOB", value: "v" }))
            .body as Row;
        const rows = await list(job, "JOB");
        assert.deepEqual(
            rows.map((r) => [r.id, r.is_secret]),
            [
                [viaVariable.id, true],
                [viaJob.id, false],
            ],
        );
        valid(
            "PUT",
            "/variable/{variableId}",
            await call(h.emu, "PUT", `/variable/${viaJob.id}`, { key: "RENAMED", value: "w" }),
            200,
        );
        const jobVariables = (await call(h.emu, "GET", `/job/${job}/environmentVariable`)).body as { results: Row[] };
        assert.deepEqual(
            jobVariables.results.map((r) => [r.key, r.value]),
            [["RENAMED", "w"]],
        );
        assert.equal((await call(h.emu, "DELETE", `/job/${job}/secret/${viaVariable.id}`)).status, 204);
        assert.deepEqual(
            (await list(job, "JOB")).map((r) => r.id),
            [viaJob.id],
        );
        // The key rule holds across the two APIs.
        assert.equal((await call(h.emu, "POST", `/job/${job}/secret`, { key: "RENAMED" })).status, 409);
    });

    it("one key per list across secrets and variables: 409 at the same parent, above and below; free elsewhere", async () => {
        await made("ENVIRONMENT", env, "TAKEN");
        const same = await create("ENVIRONMENT", env, "TAKEN", { is_secret: true });
        assert.equal(same.status, 409);
        assert.equal(detail(same), "Variable already exists: TAKEN");
        assert.equal((await create("APPLICATION", app, "TAKEN")).status, 409, "taken above");
        await made("CONTAINER", container, "BELOW");
        assert.equal((await create("PROJECT", project, "BELOW")).status, 409, "taken below");
        await made("APPLICATION", app, "BELOW"); // a sibling's list does not show the container's
        const other = await h.admin.createProject();
        await made("PROJECT", other, "TAKEN");
        const mine = await made("APPLICATION", app, "MINE");
        const renamed = await call(h.emu, "PUT", `/variable/${mine.id}`, { key: "TAKEN" });
        assert.equal(renamed.status, 409);
    });

    it("edits: key, value, description (null clears); a null or absent value keeps it; a BUILT_IN is refused", async () => {
        const row = await made("ENVIRONMENT", env, "K", { description: "d" });
        const edit = (body: Record<string, unknown>) => call(h.emu, "PUT", `/variable/${row.id}`, body);
        const edited = await edit({ key: "K2", value: "v2", description: null, enable_interpolation_in_file: true });
        valid("PUT", "/variable/{variableId}", edited, 200);
        const body = edited.body as Row & { enable_interpolation_in_file: boolean };
        assert.deepEqual(
            [body.key, body.value, body.description, body.enable_interpolation_in_file],
            ["K2", "v2", undefined, true],
        );
        assert.equal(((await edit({ key: "K2", value: null })).body as Row).value, "v2");
        assert.equal(((await edit({ key: "K2" })).body as Row).value, "v2");
        const builtIn = await h.admin.seedRow({ parent_id: env, scope: "BUILT_IN", is_secret: false, key: "QOVERY_X" });
        const refused = await call(h.emu, "PUT", `/variable/${builtIn.id}`, { key: "QOVERY_X", value: "x" });
        assert.equal(refused.status, 400);
        assert.equal(detail(refused), "You can't edit a BUILT_IN variable");
        const notDeleted = await call(h.emu, "DELETE", `/variable/${builtIn.id}`);
        assert.equal(notDeleted.status, 400);
        assert.equal(detail(notDeleted), "You can't delete a BUILT_IN variable");
        valid("DELETE", "/variable/{variableId}", await call(h.emu, "DELETE", `/variable/${row.id}`), 204);
        valid("DELETE", "/variable/{variableId}", await call(h.emu, "DELETE", `/variable/${row.id}`), 404);
        valid("PUT", "/variable/{variableId}", await call(h.emu, "PUT", `/variable/${UNKNOWN_ID}`, { key: "X" }), 404);
    });

    it("overrides: only of a VALUE of a strictly higher scope the parent sees, once per parent; secret stays secret", async () => {
        const projectSecret = await made("PROJECT", project, "DB_PASSWORD", { is_secret: true });
        const envOverride = await override(projectSecret.id, "staging", "ENVIRONMENT", env);
        valid("POST", "/variable/{variableId}/override", envOverride, 201);
        const o = envOverride.body as Row;
        assert.deepEqual(
            [o.key, o.scope, o.variable_type, o.value, o.is_secret],
            ["DB_PASSWORD", "ENVIRONMENT", "OVERRIDE", null, true],
        );
        assert.deepEqual(
            o.overridden_variable && [
                o.overridden_variable.id,
                o.overridden_variable.scope,
                o.overridden_variable.value,
            ],
            [projectSecret.id, "PROJECT", null],
        );
        // A service below may override the project row too (the key is the family's); not twice.
        valid(
            "POST",
            "/variable/{variableId}/override",
            await override(projectSecret.id, "web", "APPLICATION", app),
            201,
        );
        const twice = await override(projectSecret.id, "again", "APPLICATION", app);
        assert.equal(twice.status, 400);
        assert.equal(detail(twice), "Variable already overridden: DB_PASSWORD");
        assert.deepEqual(
            (await list(app, "APPLICATION")).map((r) => [r.key, r.scope, r.variable_type]),
            [
                ["DB_PASSWORD", "PROJECT", "VALUE"],
                ["DB_PASSWORD", "ENVIRONMENT", "OVERRIDE"],
                ["DB_PASSWORD", "APPLICATION", "OVERRIDE"],
            ],
        );
        const envPlain = await made("ENVIRONMENT", env, "REGION");
        const refusals: [string, ApiResponse][] = [
            ["same scope", await override(envPlain.id, "x", "ENVIRONMENT", env)],
            ["upward", await override(envPlain.id, "x", "PROJECT", project)],
            ["an override", await override(o.id, "x", "CONTAINER", container)],
            ["a FILE", await override((await made("PROJECT", project, "F", { mount_path: "/f" })).id, "x", "JOB", job)],
            [
                "a BUILT_IN",
                await override(
                    (await h.admin.seedRow({ parent_id: env, scope: "BUILT_IN", is_secret: false, key: "QOVERY_B" }))
                        .id,
                    "x",
                    "HELM",
                    helm,
                ),
            ],
            [
                "a row the parent does not see",
                await override(
                    (await made("PROJECT", await h.admin.createProject(), "ELSEWHERE")).id,
                    "x",
                    "APPLICATION",
                    app,
                ),
            ],
        ];
        for (const [what, res] of refusals) {
            assert.equal(res.status, 400, what);
            assert.match(detail(res), OVERRIDE_400, what);
        }
        // Plain overrides show their own value, the target theirs.
        const plain = (await override(envPlain.id, "eu-west-1", "TERRAFORM", terraform)).body as Row;
        assert.deepEqual([plain.value, plain.overridden_variable?.value], ["eu-west-1", "REGION-value"]);
        // An override keeps its key; its value is editable.
        assert.equal(
            detail(await call(h.emu, "PUT", `/variable/${plain.id}`, { key: "OTHER" })),
            "For an override, you can't edit the key",
        );
        valid(
            "PUT",
            "/variable/{variableId}",
            await call(h.emu, "PUT", `/variable/${plain.id}`, { key: "REGION", value: "us" }),
            200,
        );
        // The overridden rows stay editable under their key, which their overrides share: no conflict.
        for (const [row, key] of [
            [envPlain, "REGION"],
            [projectSecret, "DB_PASSWORD"],
        ] as const) {
            const res = await call(h.emu, "PUT", `/variable/${row.id}`, { key, value: "rotated" });
            valid("PUT", "/variable/{variableId}", res, 200);
        }
    });

    it("a variable overridden below is still edited under its own key (its overrides share it)", async () => {
        const level = await made("ENVIRONMENT", env, "LOG_LEVEL");
        valid("POST", "/variable/{variableId}/override", await override(level.id, "debug", "APPLICATION", app), 201);
        const edited = await call(h.emu, "PUT", `/variable/${level.id}`, { key: "LOG_LEVEL", value: "warn" });
        valid("PUT", "/variable/{variableId}", edited, 200);
        assert.equal((edited.body as Row).value, "warn");
    });

    it("aliases: of a row the parent sees (same parent, a higher scope, a BUILT_IN), never of an alias or override", async () => {
        const envSecret = await made("ENVIRONMENT", env, "SENTRY_DSN", { is_secret: true });
        const res = await alias(envSecret.id, "DSN", "CONTAINER", container);
        valid("POST", "/variable/{variableId}/alias", res, 201);
        const a = res.body as Row;
        assert.deepEqual(
            [a.key, a.scope, a.variable_type, a.value, a.is_secret],
            ["DSN", "CONTAINER", "ALIAS", null, true],
        );
        assert.deepEqual([a.aliased_variable?.id, a.aliased_variable?.key], [envSecret.id, "SENTRY_DSN"]);
        const own = await made("APPLICATION", app, "OWN");
        const sameParent = (await alias(own.id, "OWN_ALIAS", "APPLICATION", app)).body as Row;
        assert.equal(sameParent.value, "OWN-value", "a variable alias shows its target's value");
        const db = await h.admin.seedRow({
            parent_id: helm,
            scope: "BUILT_IN",
            is_secret: true,
            key: "QOVERY_POSTGRESQL_Z1_DATABASE_URL",
        });
        valid("POST", "/variable/{variableId}/alias", await alias(db.id, "DATABASE_URL", "APPLICATION", app), 201);
        assert.equal(detail(await alias(a.id, "X", "CONTAINER", container)), "You can't create an alias on an alias");
        const o = (await override((await made("PROJECT", project, "P")).id, "o", "JOB", job)).body as Row;
        assert.equal(detail(await alias(o.id, "X", "JOB", job)), "You can't create an alias on an override");
        const upward = await alias(own.id, "UP", "ENVIRONMENT", env);
        assert.equal(upward.status, 400);
        assert.match(detail(upward), ALIAS_400);
        assert.match(detail(await alias(own.id, "SIDEWAYS", "CONTAINER", container)), ALIAS_400);
        assert.equal((await alias(own.id, "SENTRY_DSN", "APPLICATION", app)).status, 409, "alias key taken");
        // An alias can be renamed, not given a value.
        assert.equal(
            detail(await call(h.emu, "PUT", `/variable/${a.id}`, { key: "DSN", value: "v" })),
            "For an alias, you can't edit the value",
        );
        valid("PUT", "/variable/{variableId}", await call(h.emu, "PUT", `/variable/${a.id}`, { key: "DSN2" }), 200);
    });

    it("deleting a row deletes its aliases and overrides in every service below it, whichever API deletes", async () => {
        const shared = await made("ENVIRONMENT", env, "SHARED", { is_secret: true });
        const aliasIds = [];
        for (const [scope, parent] of [
            ["APPLICATION", app],
            ["CONTAINER", container],
        ] as const) {
            aliasIds.push(((await alias(shared.id, `ALIAS_${scope}`, scope, parent)).body as Row).id);
        }
        const jobOverride = (await override(shared.id, "j", "JOB", job)).body as Row;
        const unrelated = await made("HELM", helm, "UNRELATED");
        assert.equal((await call(h.emu, "DELETE", `/variable/${shared.id}`)).status, 204);
        const left = (await h.admin.storedRows()).map((r) => r.id);
        for (const id of [shared.id, ...aliasIds, jobOverride.id]) assert.ok(!left.includes(id), id);
        assert.ok(left.includes(unrelated.id));
        // A job's own row deleted through the job route takes a /variable alias of it along.
        const jobRow = (await call(h.emu, "POST", `/job/${job}/secret`, { key: "JOB_ROW", value: "v" })).body as Row;
        const jobAlias = (await alias(jobRow.id, "JOB_ALIAS", "JOB", job)).body as Row;
        assert.equal((await call(h.emu, "DELETE", `/job/${job}/secret/${jobRow.id}`)).status, 204);
        assert.ok(!(await h.admin.storedRows()).some((r) => r.id === jobAlias.id));
    });

    it("validation: 400 naming the field, 404 for an unknown parent or variable", async () => {
        const missing = await call(h.emu, "POST", "/variable", {
            key: "K",
            value: "v",
            is_secret: false,
            variable_scope: "JOB",
        });
        assert.equal(missing.status, 400);
        assert.match(detail(missing), /variable_parent_id/);
        const badScope = await create("GALAXY", env, "K");
        assert.equal(badScope.status, 400);
        assert.match(detail(badScope), /variable_scope/);
        const builtIn = await create("BUILT_IN", env, "K");
        assert.equal(builtIn.status, 400);
        assert.match(detail(builtIn), /variable_scope/);
        const longDescription = await create("ENVIRONMENT", env, "K", { description: "x".repeat(256) });
        assert.equal(longDescription.status, 400);
        assert.match(detail(longDescription), /description/);
        const external = await create("ENVIRONMENT", env, "K", { secret_manager_access_id: UNKNOWN_ID });
        assert.equal(external.status, 400);
        assert.match(detail(external), /secret_manager_access_id/);
        for (const query of [
            `parent_id=${env}`,
            `parent_id=nope&scope=ENVIRONMENT`,
            `parent_id=${env}&scope=ENVIRONMENT&is_secret=maybe`,
        ]) {
            const res = await call(h.emu, "GET", `/variable?${query}`);
            assert.equal(res.status, 400, query);
            assert.match(detail(res), /^Invalid query parameter: .*\b(scope|parent_id|is_secret)\b/, query);
        }
        const notFound = await create("APPLICATION", UNKNOWN_ID, "K");
        valid("POST", "/variable", notFound, 404);
        assert.equal(detail(notFound), `Application not found: ${UNKNOWN_ID}`);
        // The id of a job under the scope APPLICATION is no application.
        assert.equal(
            detail(await call(h.emu, "GET", `/variable?parent_id=${job}&scope=APPLICATION`)),
            `Application not found: ${job}`,
        );
        assert.equal(detail(await alias(UNKNOWN_ID, "K", "JOB", job)), `Variable not found: ${UNKNOWN_ID}`);
        const row = await made("ENVIRONMENT", env, "ROW");
        assert.equal((await alias(row.id, "K", "HELM", UNKNOWN_ID)).status, 404);
        const noScope = await call(h.emu, "POST", `/variable/${row.id}/override`, {
            value: "v",
            override_parent_id: app,
        });
        assert.match(detail(noScope), /override_scope/);
    });

    it("auth, faults, the request log and operation stats apply as on the job routes", async () => {
        assert.equal(
            (
                await call(h.emu, "GET", `/variable?parent_id=${env}&scope=ENVIRONMENT`, undefined, {
                    authorization: null,
                })
            ).status,
            401,
        );
        await h.admin.fault({ method: "POST", path: "/variable", status: 503 });
        assert.equal((await create("ENVIRONMENT", env, "FAULTED")).status, 503);
        assert.deepEqual(await list(env, "ENVIRONMENT"), [], "no write while faulted");
        await made("ENVIRONMENT", env, "K");
        const log = await h.admin.requests();
        assert.deepEqual(
            log.map((e) => [e.method, e.path, e.status, e.fault ?? null]),
            [
                ["GET", "/variable", 401, null],
                ["POST", "/variable", 503, "status"],
                ["GET", "/variable", 200, null],
                ["POST", "/variable", 201, null],
            ],
        );
        assert.ok(log.every((e) => e.authorization !== "other"));
        const stats = await h.admin.operationStats();
        assert.deepEqual(stats["POST /variable"], { requests: 2, byStatus: { "201": 1, "503": 1 } });
    });
});
