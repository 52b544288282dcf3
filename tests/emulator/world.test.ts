// The emulator's world through the admin API: projects, environments and services of every kind, their
// BUILT_IN rows, deletes that cascade, seeds of any scope, and the jobs made without an environment.
import { strict as assert } from "node:assert";
import { call, startHarness, UNKNOWN_ID, type Harness } from "./helpers";

type Row = { id: string; key: string; scope: string; variable_type: string; value: string | null };
const list = async (h: Harness, parentId: string, scope: string): Promise<Row[]> => {
    const res = await call(h.emu, "GET", `/variable?parent_id=${parentId}&scope=${scope}`);
    assert.equal(res.status, 200, res.text);
    return (res.body as { results: Row[] }).results;
};

describe("emulator: the world (projects, environments, services) through the admin API", () => {
    let h: Harness;
    before(async () => {
        h = await startHarness();
    });
    after(() => h.emu.stop());
    beforeEach(() => h.admin.reset());

    it("creates and lists projects, environments and services of every kind; existing ids are kept", async () => {
        const project = await h.admin.createProject({ name: "shop" });
        const env = await h.admin.createEnvironment(project, { name: "prod" });
        const ids: Record<string, string> = {};
        for (const kind of ["APPLICATION", "CONTAINER", "JOB", "HELM", "TERRAFORM"] as const) {
            ids[kind] = await h.admin.createService(kind, env);
        }
        assert.ok((await h.admin.projects()).some((p) => p.id === project && p.name === "shop"));
        assert.deepEqual(
            (await h.admin.environments()).find((e) => e.id === env),
            { id: env, name: "prod", project_id: project },
        );
        const services = (await h.admin.services()).filter((s) => s.environment_id === env);
        assert.deepEqual(
            services.map((s) => [s.kind, s.id, s.name]),
            Object.entries(ids).map(([kind, id]) => [kind, id, `${kind.toLowerCase()}-${id.slice(0, 8)}`]),
        );
        // A job of the world is also a job of the job routes.
        assert.ok((await h.admin.jobs()).some((j) => j.id === ids.JOB));
        assert.equal((await call(h.emu, "GET", `/job/${ids.JOB}/secret`)).status, 200);
        // Same id again: kept; same id elsewhere or as another kind: 409.
        assert.equal(await h.admin.createService("HELM", env, { id: ids.HELM }), ids.HELM);
        await assert.rejects(h.admin.createService("CONTAINER", env, { id: ids.HELM }), /409/);
        await assert.rejects(h.admin.createEnvironment(project, { id: ids.HELM }), /409/);
    });

    it("refuses bad input: unknown parents (404), unknown kinds and non-uuid ids (400)", async () => {
        await assert.rejects(h.admin.createEnvironment(UNKNOWN_ID), /404 .*no project/);
        await assert.rejects(h.admin.createService("APPLICATION", UNKNOWN_ID), /404 .*no environment/);
        const project = await h.admin.createProject();
        const env = await h.admin.createEnvironment(project);
        await assert.rejects(h.admin.createService("DATABASE" as "JOB", env), /400 .*kind must be one of/);
        await assert.rejects(h.admin.createProject({ id: "p-1" }), /400 .*uuid/);
    });

    it("BUILT_IN rows per environment and per service, seen by the whole environment, not by the project", async () => {
        const project = await h.admin.createProject();
        const env = await h.admin.createEnvironment(project, { name: "staging" });
        const app = await h.admin.createService("APPLICATION", env, { name: "web" });
        const job = await h.admin.createService("JOB", env, { name: "cron" });
        const short = (id: string): string => id.slice(0, 8).toUpperCase();
        const envRows = await list(h, env, "ENVIRONMENT");
        assert.deepEqual(
            envRows.map((r) => [r.key, r.scope, r.variable_type]),
            [
                ["QOVERY_PROJECT_ID", "BUILT_IN", "BUILT_IN"],
                ["QOVERY_ENVIRONMENT_ID", "BUILT_IN", "BUILT_IN"],
                ["QOVERY_ENVIRONMENT_NAME", "BUILT_IN", "BUILT_IN"],
                [`QOVERY_APPLICATION_Z${short(app)}_NAME`, "BUILT_IN", "BUILT_IN"],
                [`QOVERY_APPLICATION_Z${short(app)}_HOST_INTERNAL`, "BUILT_IN", "BUILT_IN"],
                [`QOVERY_JOB_Z${short(job)}_NAME`, "BUILT_IN", "BUILT_IN"],
            ],
        );
        assert.equal(envRows.find((r) => r.key === "QOVERY_ENVIRONMENT_ID")?.value, env);
        // A service sees the same built-ins (its own and its neighbours'); the job routes show them too.
        assert.deepEqual(
            (await list(h, job, "JOB")).map((r) => r.id),
            envRows.map((r) => r.id),
        );
        const jobVariables = (await call(h.emu, "GET", `/job/${job}/environmentVariable`)).body as { results: Row[] };
        assert.equal(jobVariables.results.length, envRows.length);
        assert.deepEqual(await list(h, project, "PROJECT"), []);
        // Made again, with the same ids, by a reset; none when asked for none.
        await h.admin.reset();
        assert.deepEqual(
            (await list(h, env, "ENVIRONMENT")).map((r) => r.id),
            envRows.map((r) => r.id),
        );
        const bare = await h.admin.createEnvironment(project, { builtIns: false });
        assert.deepEqual(await list(h, bare, "ENVIRONMENT"), []);
    });

    it("a job made without an environment has a project and an environment of its own, and an empty list", async () => {
        const job = await h.admin.createJob({ name: "solo" });
        const service = (await h.admin.services()).find((s) => s.id === job);
        assert.equal(service?.kind, "JOB");
        const env = (await h.admin.environments()).find((e) => e.id === service?.environment_id);
        assert.ok(env && (await h.admin.projects()).some((p) => p.id === env.project_id));
        assert.deepEqual(await list(h, job, "JOB"), []);
        // Its seeded PROJECT and ENVIRONMENT rows are its project's and environment's.
        const p = await h.admin.seedSecret(job, { key: "P", scope: "PROJECT" });
        const e = await h.admin.seedVariable(job, { key: "E", scope: "ENVIRONMENT" });
        assert.equal(p.parent_id, env?.project_id);
        assert.equal(e.parent_id, env?.id);
        assert.deepEqual(
            (await list(h, env?.id as string, "ENVIRONMENT")).map((r) => r.key),
            ["P", "E"],
        );
        await assert.rejects(h.admin.seedSecret(job, { key: "A", scope: "APPLICATION" }), /400 .*a job's list holds/);
        // Deleting the job takes its own project and environment with it.
        await h.admin.deleteJob(job);
        assert.ok(!(await h.admin.environments()).some((x) => x.id === env?.id));
        assert.ok(!(await h.admin.projects()).some((x) => x.id === env?.project_id));
        // A job made in an environment is a service of it, with its BUILT_IN rows.
        const project = await h.admin.createProject();
        const inEnv = await h.admin.createEnvironment(project, { builtIns: false });
        const worldJob = await h.admin.createJob({ environmentId: inEnv });
        assert.deepEqual(
            (await list(h, worldJob, "JOB")).map((r) => r.scope),
            ["BUILT_IN"],
        );
    });

    it("seeds rows of any scope (POST /__admin/variables), with the public key rule; deletes any row", async () => {
        const project = await h.admin.createProject();
        const env = await h.admin.createEnvironment(project, { builtIns: false });
        const helm = await h.admin.createService("HELM", env, { builtIns: false });
        const db = await h.admin.seedRow({
            parent_id: helm,
            scope: "BUILT_IN",
            is_secret: true,
            key: "QOVERY_POSTGRESQL_Z1234_DATABASE_URL",
            value: "postgres://db",
        });
        assert.equal(db.is_secret, true);
        assert.deepEqual(
            (await list(h, env, "ENVIRONMENT")).map((r) => [r.key, r.value]),
            [["QOVERY_POSTGRESQL_Z1234_DATABASE_URL", null]],
        );
        await assert.rejects(
            h.admin.seedRow({ parent_id: project, is_secret: false, key: "QOVERY_POSTGRESQL_Z1234_DATABASE_URL" }),
            /409/,
        );
        await assert.rejects(
            h.admin.seedRow({ parent_id: project, is_secret: false, key: "X", scope: "BUILT_IN" }),
            /400/,
        );
        await assert.rejects(h.admin.seedRow({ parent_id: env, is_secret: false, key: "X", scope: "JOB" }), /400/);
        await assert.rejects(h.admin.seedRow({ parent_id: UNKNOWN_ID, is_secret: false, key: "X" }), /404/);
        const stored = await h.admin.storedRows(helm);
        assert.equal(stored[0]?.value, "postgres://db", "the admin API shows values");
        await h.admin.deleteStoredRow(db.id);
        assert.deepEqual(await h.admin.storedRows(helm), []);
        await assert.rejects(h.admin.deleteStoredRow(db.id), /404/);
    });

    it("deleting a project, an environment or a service deletes what it holds, and aliases and overrides of it", async () => {
        const project = await h.admin.createProject();
        const env = await h.admin.createEnvironment(project, { builtIns: false });
        const app = await h.admin.createService("APPLICATION", env, { builtIns: false });
        const other = await h.admin.createProject();
        const otherEnv = await h.admin.createEnvironment(other, { builtIns: false });
        const container = await h.admin.createService("CONTAINER", otherEnv, { builtIns: false });
        const shared = await h.admin.seedRow({ parent_id: env, is_secret: false, key: "SHARED", value: "s" });
        const aliasRes = await call(h.emu, "POST", `/variable/${shared.id}/alias`, {
            key: "ALIAS",
            alias_scope: "APPLICATION",
            alias_parent_id: app,
        });
        assert.equal(aliasRes.status, 201, aliasRes.text);
        await h.admin.seedRow({ parent_id: container, is_secret: false, key: "KEPT" });
        const mine = [project, env, app, other, otherEnv, container];
        const held = async (): Promise<string[]> =>
            (await h.admin.storedRows()).filter((r) => mine.includes(r.parent_id)).map((r) => r.key);
        assert.deepEqual(await held(), ["SHARED", "ALIAS", "KEPT"]);
        await h.admin.deleteEnvironment(env);
        assert.ok(!(await h.admin.services()).some((s) => s.id === app));
        assert.deepEqual(await held(), ["KEPT"]);
        assert.equal((await call(h.emu, "GET", `/application/${app}/status`)).status, 404);
        await h.admin.deleteProject(other);
        assert.deepEqual(await held(), []);
        assert.ok(!(await h.admin.services()).some((s) => s.id === container));
        await assert.rejects(h.admin.deleteProject(other), /404/);
        await assert.rejects(h.admin.deleteService(container), /404/);
    });
});
