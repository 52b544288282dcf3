// Redeploy and status of every service kind and of environments: the spec's routes, the job's state
// machine generalised, an environment redeploy reaching every service, and what the admin API programs.
// Durations are 0 (done at once) or a minute (still in progress), so no assertion depends on timing.
import { strict as assert } from "node:assert";
import { emulatorContract } from "../../emulator/routes";
import { call, startHarness, UNKNOWN_ID, type ApiResponse, type Harness } from "./helpers";

interface Status {
    id: string;
    state: string;
    service_deployment_status: string;
    deployment_request_id: string | null;
    deployment_requests_count: number;
}
interface EnvironmentStatus {
    id: string;
    state: string;
    last_deployment_state: string;
    last_deployment_id: string | null;
    deployment_status: string;
    deployment_request_id: string | null;
}

const LONG = 60_000;

function valid(method: string, template: string, res: ApiResponse, status: number): void {
    assert.equal(res.status, status, `${method} ${template}: ${res.text}`);
    const check = emulatorContract().validateResponseBody(method, template, res.status, res.body);
    assert.ok(check.valid, `${method} ${template} ${res.status}: ${check.errors.join("; ")}\n${res.text}`);
}

const KINDS = [
    { kind: "APPLICATION", base: "/application", param: "{applicationId}", status: true },
    { kind: "CONTAINER", base: "/container", param: "{containerId}", status: true },
    { kind: "JOB", base: "/job", param: "{jobId}", status: true },
    { kind: "HELM", base: "/helm", param: "{helmId}", status: true },
    { kind: "TERRAFORM", base: "/terraform", param: "{terraformId}", status: false },
] as const;

describe("emulator: redeploy and status of every service kind and of environments", () => {
    let h: Harness;
    let project: string;
    let env: string;
    const ids: Record<string, string> = {};

    before(async () => {
        h = await startHarness();
    });
    after(() => h.emu.stop());
    beforeEach(async () => {
        await h.admin.reset();
        await h.admin.setDeploymentTiming({ queuedMs: 0, deployingMs: 0 });
        project = await h.admin.createProject();
        env = await h.admin.createEnvironment(project, { builtIns: false });
        for (const { kind } of KINDS) ids[kind] = await h.admin.createService(kind, env, { builtIns: false });
    });

    const redeploy = (base: string, id: string): Promise<ApiResponse> => call(h.emu, "POST", `${base}/${id}/redeploy`);
    const envStatus = async (): Promise<EnvironmentStatus> => {
        const res = await call(h.emu, "GET", `/environment/${env}/status`);
        valid("GET", "/environment/{environmentId}/status", res, 200);
        return res.body as EnvironmentStatus;
    };

    for (const { kind, base, param, status } of KINDS) {
        it(`${kind}: redeploy 202 with the spec's Status, 409 while in progress${status ? ", status in every phase" : ""}`, async () => {
            const id = ids[kind] as string;
            if (status) {
                const res = await call(h.emu, "GET", `${base}/${id}/status`);
                valid("GET", `${base}/${param}/status`, res, 200);
                assert.deepEqual(
                    [(res.body as Status).state, (res.body as Status).service_deployment_status],
                    ["READY", "NEVER_DEPLOYED"],
                );
            } else {
                const res = await call(h.emu, "GET", `${base}/${id}/status`);
                assert.equal(res.status, 404, "the spec has no terraform status");
            }
            const done = await redeploy(base, id);
            valid("POST", `${base}/${param}/redeploy`, done, 202);
            assert.equal((done.body as Status).id, id);
            await h.admin.programServiceDeployment(id, { queuedMs: LONG });
            const queued = await redeploy(base, id);
            valid("POST", `${base}/${param}/redeploy`, queued, 202);
            assert.equal((queued.body as Status).state, "DEPLOYMENT_QUEUED");
            const busy = await redeploy(base, id);
            valid("POST", `${base}/${param}/redeploy`, busy, 409);
            assert.equal((busy.body as { detail: string }).detail, "Operation is in progress");
            const records = await h.admin.serviceDeployments(id);
            assert.deepEqual(
                records.map((r) => [r.action, r.phase]),
                [
                    ["redeploy", "succeeded"],
                    ["redeploy", "queued"],
                ],
            );
            const unknown = await redeploy(base, UNKNOWN_ID);
            valid("POST", `${base}/${param}/redeploy`, unknown, 404);
            assert.equal(
                (unknown.body as { detail: string }).detail.split(":")[0],
                `${kind[0]}${kind.slice(1).toLowerCase()} not found`,
            );
        });
    }

    it("a service id under another kind's route is a 404", async () => {
        assert.equal((await redeploy("/application", ids.CONTAINER as string)).status, 404);
        assert.equal((await call(h.emu, "GET", `/helm/${ids.JOB}/status`)).status, 404);
    });

    it("a service is OUT_OF_DATE after a write to any row its list shows (its own, its environment's, its project's)", async () => {
        const app = ids.APPLICATION as string;
        const status = async (): Promise<string> =>
            ((await call(h.emu, "GET", `/application/${app}/status`)).body as Status).service_deployment_status;
        assert.equal((await redeploy("/application", app)).status, 202);
        assert.equal(await status(), "UP_TO_DATE");
        const other = await h.admin.createEnvironment(project, { builtIns: false });
        await call(h.emu, "POST", "/variable", {
            key: "ELSEWHERE",
            value: "v",
            is_secret: false,
            variable_scope: "ENVIRONMENT",
            variable_parent_id: other,
        });
        assert.equal(await status(), "UP_TO_DATE", "a write it does not see");
        await call(h.emu, "POST", "/variable", {
            key: "SHARED",
            value: "v",
            is_secret: true,
            variable_scope: "PROJECT",
            variable_parent_id: project,
        });
        assert.equal(await status(), "OUT_OF_DATE", "a project secret it inherits");
    });

    it("an environment redeploy redeploys every service, shows in their status, and is refused while any deploys", async () => {
        const before = await envStatus();
        assert.deepEqual(
            [before.state, before.last_deployment_state, before.deployment_status, before.deployment_request_id],
            ["READY", "READY", "NEVER_DEPLOYED", null],
        );
        await h.admin.programEnvironmentDeployment(env, { deployingMs: LONG });
        const started = await call(h.emu, "POST", `/environment/${env}/redeploy`);
        valid("POST", "/environment/{environmentId}/redeploy", started, 202);
        const requestId = (started.body as EnvironmentStatus).deployment_request_id;
        assert.equal((started.body as EnvironmentStatus).state, "DEPLOYING");
        for (const { kind, base } of KINDS) {
            const records = await h.admin.serviceDeployments(ids[kind] as string);
            assert.deepEqual(
                records.map((r) => [r.id, r.environment_id, r.phase]),
                [[requestId, env, "deploying"]],
                kind,
            );
            if (kind !== "TERRAFORM") {
                const s = (await call(h.emu, "GET", `${base}/${ids[kind]}/status`)).body as Status;
                assert.deepEqual([s.state, s.deployment_request_id], ["DEPLOYING", requestId], kind);
            }
            assert.equal((await redeploy(base, ids[kind] as string)).status, 409, kind);
        }
        const again = await call(h.emu, "POST", `/environment/${env}/redeploy`);
        valid("POST", "/environment/{environmentId}/redeploy", again, 409);
        const [record] = await h.admin.environmentDeployments(env);
        assert.deepEqual(
            record?.services,
            KINDS.map(({ kind }) => ids[kind]),
        );
    });

    it("an environment is refused while one of its services deploys on its own; its status sums up its services", async () => {
        assert.equal((await redeploy("/application", ids.APPLICATION as string)).status, 202);
        await h.admin.programServiceDeployment(ids.HELM as string, { queuedMs: LONG });
        assert.equal((await redeploy("/helm", ids.HELM as string)).status, 202);
        assert.equal((await call(h.emu, "POST", `/environment/${env}/redeploy`)).status, 409);
        assert.equal((await envStatus()).deployment_status, "OUT_OF_DATE", "some deployed, some never");
    });

    it("programmed outcomes: an environment failure, or one service's, fails the environment's redeploy", async () => {
        assert.equal((await call(h.emu, "POST", `/environment/${env}/redeploy`)).status, 202);
        let s = await envStatus();
        assert.deepEqual(
            [s.state, s.last_deployment_state, s.deployment_status],
            ["DEPLOYED", "DEPLOYED", "UP_TO_DATE"],
        );
        await h.admin.programServiceDeployment(ids.CONTAINER as string, { outcome: "failure" });
        assert.equal((await call(h.emu, "POST", `/environment/${env}/redeploy`)).status, 202);
        s = await envStatus();
        assert.deepEqual([s.state, s.last_deployment_state], ["DEPLOYMENT_ERROR", "DEPLOYMENT_ERROR"]);
        const container = (await call(h.emu, "GET", `/container/${ids.CONTAINER}/status`)).body as Status;
        const app = (await call(h.emu, "GET", `/application/${ids.APPLICATION}/status`)).body as Status;
        assert.deepEqual([container.state, app.state], ["DEPLOYMENT_ERROR", "DEPLOYED"]);
        await h.admin.programEnvironmentDeployment(env, { outcome: "failure" });
        assert.equal((await call(h.emu, "POST", `/environment/${env}/redeploy`)).status, 202);
        assert.equal((await envStatus()).state, "DEPLOYMENT_ERROR");
        assert.equal(
            ((await call(h.emu, "GET", `/application/${ids.APPLICATION}/status`)).body as Status).state,
            "DEPLOYMENT_ERROR",
        );
    });

    it("an environment without services; unknown environments are 404; admin calls on unknown ids are 404", async () => {
        const empty = await h.admin.createEnvironment(project, { builtIns: false });
        assert.equal((await call(h.emu, "POST", `/environment/${empty}/redeploy`)).status, 202);
        const s = (await call(h.emu, "GET", `/environment/${empty}/status`)).body as EnvironmentStatus;
        assert.deepEqual([s.state, s.deployment_status], ["DEPLOYED", "UP_TO_DATE"]);
        valid(
            "GET",
            "/environment/{environmentId}/status",
            await call(h.emu, "GET", `/environment/${UNKNOWN_ID}/status`),
            404,
        );
        valid(
            "POST",
            "/environment/{environmentId}/redeploy",
            await call(h.emu, "POST", `/environment/${UNKNOWN_ID}/redeploy`),
            404,
        );
        await assert.rejects(h.admin.environmentDeployments(UNKNOWN_ID), /404/);
        await assert.rejects(h.admin.programServiceDeployment(UNKNOWN_ID), /404/);
    });
});
