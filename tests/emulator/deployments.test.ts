// Job deployments: deploy, redeploy, status, the state machine and what the admin API programs.
// Durations are set so that each assertion holds whatever the machine's speed: 0 (done at once) or a
// minute (still in progress); one test follows a short run to its end by polling.
import { strict as assert } from "node:assert";
import { EmulatorAdmin } from "../../emulator/admin";
import { startEmulator } from "../../emulator/server";
import { call, secretsPath, startHarness, UNKNOWN_ID, variablesPath, type ApiResponse, type Harness } from "./helpers";

interface Status {
    id: string;
    state: string;
    service_deployment_status: string;
    status_details: { action: string; status: string; sub_action: string };
    is_part_last_deployment: boolean;
    deployment_requests_count: number;
    deployment_request_id: string | null;
    last_deployment_date?: string;
}

const LONG = 60_000;

describe("emulator: job deployments", function () {
    // Two tests wait for a short deployment to end (about 2 s); mocha's default 2 s is too tight for that.
    this.timeout(30_000);
    let h: Harness;
    before(async () => {
        h = await startHarness();
    });
    after(() => h.emu.stop());
    beforeEach(async () => {
        await h.admin.reset();
        await h.admin.setDeploymentTiming({ queuedMs: 0, deployingMs: 0 });
    });

    const status = async (jobId = h.jobId): Promise<Status> => {
        const res = await call(h.emu, "GET", `/job/${jobId}/status`);
        assert.equal(res.status, 200, res.text);
        return res.body as Status;
    };
    const deploy = (body?: unknown, query = ""): Promise<ApiResponse> =>
        call(h.emu, "POST", `/job/${h.jobId}/deploy${query}`, body);
    const redeploy = (): Promise<ApiResponse> => call(h.emu, "POST", `/job/${h.jobId}/redeploy`);

    it("a job never deployed: READY, NEVER_DEPLOYED, no deployment request", async () => {
        assert.deepEqual(await status(), {
            id: h.jobId,
            state: "READY",
            service_deployment_status: "NEVER_DEPLOYED",
            is_part_last_deployment: false,
            status_details: { action: "DEPLOY", status: "NEVER", sub_action: "NONE" },
            deployment_request_id: null,
            deployment_requests_count: 0,
        });
    });

    it("writes to a never-deployed job's secrets or variables leave it NEVER_DEPLOYED", async () => {
        await call(h.emu, "POST", secretsPath(h.jobId), { key: "A", value: "v" });
        assert.equal((await status()).service_deployment_status, "NEVER_DEPLOYED");
    });

    it("deploy: 202 with the Status; queued, then deploying, while 409 refuses another deploy or redeploy", async () => {
        await h.admin.setDeploymentTiming({ queuedMs: LONG, deployingMs: LONG });
        const res = await deploy();
        assert.equal(res.status, 202, res.text);
        const accepted = res.body as Status;
        assert.equal(accepted.state, "DEPLOYMENT_QUEUED");
        assert.equal(accepted.status_details.status, "QUEUED");
        assert.equal(accepted.deployment_requests_count, 1);
        assert.equal(accepted.is_part_last_deployment, true);
        assert.match(accepted.deployment_request_id ?? "", /^[0-9a-f-]{36}$/);
        assert.equal(accepted.service_deployment_status, "NEVER_DEPLOYED");
        for (const again of [await deploy(), await redeploy()]) {
            assert.equal(again.status, 409);
            assert.deepEqual(again.body, { status: 409, detail: "Operation is in progress" });
        }
        assert.deepEqual(await status(), accepted, "a refused request changes nothing");

        await h.admin.reset();
        await h.admin.setDeploymentTiming({ queuedMs: 0, deployingMs: LONG });
        const deploying = (await deploy()).body as Status;
        assert.equal(deploying.state, "DEPLOYING");
        assert.equal(deploying.status_details.status, "ONGOING");
        assert.equal((await redeploy()).status, 409);
    });

    it("a successful deployment: DEPLOYED, UP_TO_DATE; any write then makes it OUT_OF_DATE", async () => {
        assert.equal((await deploy()).status, 202);
        let s = await status();
        assert.equal(s.state, "DEPLOYED");
        assert.equal(s.status_details.status, "SUCCESS");
        assert.equal(s.service_deployment_status, "UP_TO_DATE");
        assert.equal(s.deployment_requests_count, 0);
        assert.ok(!Number.isNaN(Date.parse(s.last_deployment_date ?? "")));

        const secret = (await call(h.emu, "POST", secretsPath(h.jobId), { key: "A", value: "v" })).body as {
            id: string;
        };
        assert.equal((await status()).service_deployment_status, "OUT_OF_DATE");
        assert.equal((await redeploy()).status, 202);
        assert.equal((await status()).service_deployment_status, "UP_TO_DATE");

        // Each kind of write: edit, delete, variable create, alias, override, admin seed.
        const writes: (() => Promise<unknown>)[] = [
            () => call(h.emu, "PUT", `${secretsPath(h.jobId)}/${secret.id}`, { key: "A", value: "w" }),
            () => call(h.emu, "POST", variablesPath(h.jobId), { key: "V", value: "1" }),
            () => h.admin.seedVariable(h.jobId, { key: "P", value: "p", scope: "PROJECT" }),
            async () => {
                const p = (await h.admin.storedVariables(h.jobId)).find((v) => v.key === "P");
                return call(h.emu, "POST", `${variablesPath(h.jobId)}/${p?.id}/override`, { value: "o" });
            },
            () => call(h.emu, "POST", `${secretsPath(h.jobId)}/${secret.id}/alias`, { key: "A_ALIAS" }),
            () => call(h.emu, "DELETE", `${secretsPath(h.jobId)}/${secret.id}`),
        ];
        for (const write of writes) {
            await write();
            s = await status();
            assert.equal(s.service_deployment_status, "OUT_OF_DATE", write.toString());
            assert.equal((await deploy()).status, 202);
            assert.equal((await status()).service_deployment_status, "UP_TO_DATE");
        }
    });

    it("a refused write (409) does not make the job OUT_OF_DATE", async () => {
        await call(h.emu, "POST", secretsPath(h.jobId), { key: "A", value: "v" });
        await deploy();
        assert.equal((await call(h.emu, "POST", secretsPath(h.jobId), { key: "A" })).status, 409);
        assert.equal((await status()).service_deployment_status, "UP_TO_DATE");
    });

    it("a write during a deployment leaves it OUT_OF_DATE once deployed", async () => {
        // Long enough that the write surely lands while deploying (checked below), short enough to wait for.
        await h.admin.programDeployment(h.jobId, { queuedMs: 0, deployingMs: 2000 });
        await deploy();
        await call(h.emu, "POST", secretsPath(h.jobId), { key: "DURING", value: "v" });
        const [during] = await h.admin.deployments(h.jobId);
        assert.equal(during?.phase, "deploying", "the write landed during the deployment");
        assert.equal(during?.revision, 0, "the deployment took the job as it was when requested");
        assert.equal((await deploy()).status, 409);
        const deadline = Date.now() + 20_000;
        let s = await status();
        while (s.state !== "DEPLOYED" && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 50));
            s = await status();
        }
        assert.equal(s.state, "DEPLOYED");
        assert.equal(s.service_deployment_status, "OUT_OF_DATE");
    });

    it("a programmed failure: DEPLOYMENT_ERROR, status unchanged, and the next deployment may succeed", async () => {
        await h.admin.programDeployment(h.jobId, { outcome: "failure" });
        await deploy();
        let s = await status();
        assert.equal(s.state, "DEPLOYMENT_ERROR");
        assert.equal(s.status_details.status, "ERROR");
        assert.equal(s.service_deployment_status, "NEVER_DEPLOYED");
        await deploy();
        s = await status();
        assert.equal(s.state, "DEPLOYED");
        assert.equal(s.service_deployment_status, "UP_TO_DATE");
        await h.admin.programDeployment(h.jobId, { outcome: "failure", times: 2 });
        await call(h.emu, "POST", variablesPath(h.jobId), { key: "V" });
        await redeploy();
        await redeploy();
        s = await status();
        assert.equal(s.state, "DEPLOYMENT_ERROR");
        assert.equal(s.service_deployment_status, "OUT_OF_DATE", "the last success is older than the write");
        assert.deepEqual(
            (await h.admin.deployments(h.jobId)).map((d) => [d.action, d.outcome, d.phase]),
            [
                ["deploy", "failure", "failed"],
                ["deploy", "success", "succeeded"],
                ["redeploy", "failure", "failed"],
                ["redeploy", "failure", "failed"],
            ],
        );
    });

    it("runs queued → deploying → deployed with short programmed durations", async () => {
        await h.admin.programDeployment(h.jobId, { queuedMs: 150, deployingMs: 150 });
        const seen: string[] = [((await deploy()).body as Status).state];
        const deadline = Date.now() + 20_000;
        while (seen.at(-1) !== "DEPLOYED" && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 20));
            const state = (await status()).state;
            if (state !== seen.at(-1)) seen.push(state);
        }
        // The middle step may be missed on a slow machine, never reordered.
        const expected = ["DEPLOYMENT_QUEUED", "DEPLOYING", "DEPLOYED"];
        assert.equal(seen[0], "DEPLOYMENT_QUEUED");
        assert.equal(seen.at(-1), "DEPLOYED");
        assert.ok(
            seen.every((s, i) => i === 0 || expected.indexOf(s) > expected.indexOf(seen[i - 1] as string)),
            seen.join(" → "),
        );
    });

    it("deploy body: JobDeployRequest is recorded; both fields together, or a wrong type, are 400", async () => {
        assert.equal((await deploy({ image_tag: "v2" })).status, 202);
        assert.equal((await deploy({ git_commit_id: "abc" }, "?forceEvent=CRON")).status, 202);
        const both = await deploy({ image_tag: "v2", git_commit_id: "abc" });
        assert.equal(both.status, 400);
        assert.equal((both.body as { detail: string }).detail, "image_tag cannot be set if git_commit_id is defined");
        const wrongType = await deploy({ image_tag: 2 });
        assert.equal(wrongType.status, 400);
        assert.match((wrongType.body as { detail: string }).detail, /image_tag must be string/);
        const badEvent = await deploy(undefined, "?forceEvent=SOMETIMES");
        assert.equal(badEvent.status, 400);
        assert.match((badEvent.body as { detail: string }).detail, /forceEvent must be equal to one of the allowed/);
        assert.deepEqual(
            (await h.admin.deployments(h.jobId)).map((d) => [d.request, d.force_event]),
            [
                [{ image_tag: "v2" }, null],
                [{ git_commit_id: "abc" }, "CRON"],
            ],
        );
    });

    it("404 for an unknown job, 401 without a token, 405 for GET /deploy", async () => {
        assert.equal((await call(h.emu, "POST", `/job/${UNKNOWN_ID}/deploy`)).status, 404);
        assert.equal((await call(h.emu, "GET", `/job/${UNKNOWN_ID}/status`)).status, 404);
        const noAuth = await call(h.emu, "POST", `/job/${h.jobId}/redeploy`, undefined, { authorization: null });
        assert.equal(noAuth.status, 401);
        assert.equal((await call(h.emu, "GET", `/job/${h.jobId}/deploy`)).status, 405);
        assert.deepEqual(await h.admin.deployments(h.jobId), []);
    });

    it("counts deploy requests by operation and status; reset forgets deployments and programs", async () => {
        await h.admin.setDeploymentTiming({ queuedMs: LONG });
        await deploy();
        await deploy();
        await redeploy();
        await status();
        const ops = await h.admin.operationStats();
        assert.deepEqual(ops["POST /job/{jobId}/deploy"], { requests: 2, byStatus: { 202: 1, 409: 1 } });
        assert.deepEqual(ops["POST /job/{jobId}/redeploy"], { requests: 1, byStatus: { 409: 1 } });
        assert.deepEqual(ops["GET /job/{jobId}/status"], { requests: 1, byStatus: { 200: 1 } });
        assert.equal((await h.admin.requests()).filter((r) => r.path.endsWith("/deploy")).length, 2);
        await h.admin.programDeployment(h.jobId, { outcome: "failure" });
        await h.admin.reset();
        assert.equal((await status()).state, "READY");
        await h.admin.setDeploymentTiming({ queuedMs: 0, deployingMs: 0 });
        await deploy();
        assert.equal((await status()).state, "DEPLOYED", "the programmed failure was forgotten");
    });

    it("admin input is checked; deleting a job forgets its deployments", async () => {
        await assert.rejects(h.admin.programDeployment(h.jobId, { outcome: "maybe" as "success" }), /400/);
        await assert.rejects(h.admin.setDeploymentTiming({ queuedMs: -1 }), /400/);
        await assert.rejects(h.admin.programDeployment(UNKNOWN_ID), /404/);
        const job = await h.admin.createJob();
        await call(h.emu, "POST", `/job/${job}/deploy`);
        await h.admin.deleteJob(job);
        await h.admin.createJob({ id: job });
        assert.equal((await status(job)).state, "READY");
    });

    it("step durations from the start-up options; refused when negative", async () => {
        const emu = await startEmulator({ deployment: { queuedMs: 0, deployingMs: LONG } });
        try {
            const job = await new EmulatorAdmin(emu.url).createJob();
            const res = await call(emu, "POST", `/job/${job}/deploy`);
            assert.equal((res.body as Status).state, "DEPLOYING");
        } finally {
            await emu.stop();
        }
        await assert.rejects(startEmulator({ deployment: { queuedMs: -5 } }), /invalid emulator options: queuedMs/);
    });
});
