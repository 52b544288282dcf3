/**
 * A Deployment of a terraform service. The spec has no `GET /terraform/{id}/status`: the status
 * is read from the service's environment's `GET /environment/{id}/statuses` (`terraforms`), the
 * environment from `GET /terraform/{id}` (provider/qovery/deploymentWire.ts).
 *
 * The emulator serves the redeploy, not those two reads: the request is tested against it
 * without waiting; the wait, over real HTTP, against a server on port 0 that answers the spec's
 * shapes for just these routes.
 */
import assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { DEPLOYMENT } from "../../provider/deploy/inputs";
import { deploymentHooks } from "../../provider/deploy/lifecycle";
import { triggersHash } from "../../provider/deploy/triggers";
import { QoveryClient } from "../../provider/qovery/client";
import { type Harness, rejection, startHarness } from "./harness";

const TF = "77777777-7777-4777-8777-777777777777";
const ENV = "88888888-8888-4888-8888-888888888888";

const inputs = (over: Record<string, unknown> = {}) => ({
    terraformId: TF,
    triggersHash: triggersHash(["v1"]),
    waitForCompletion: true,
    timeoutSeconds: 10,
    ...over,
});

describe("Deployment of a terraform service against the emulator: the redeploy request", function () {
    this.timeout(30_000);
    let h: Harness;
    before(async () => {
        h = await startHarness();
    });
    after(async () => {
        await h.emulator.stop();
    });

    it("without waiting: one POST /terraform/{id}/redeploy, no status read", async () => {
        const project = await h.admin.createProject();
        const env = await h.admin.createEnvironment(project, { builtIns: false });
        const terraformId = await h.admin.createService("TERRAFORM", env, { builtIns: false });
        await h.admin.clearRequests();
        const hooks = deploymentHooks({ shape: DEPLOYMENT });
        const { outs } = await hooks.create(inputs({ terraformId, waitForCompletion: false }));
        assert.deepEqual(
            (await h.admin.requests()).map((r) => `${r.method} ${r.path} ${r.status}`),
            [`POST /terraform/${terraformId}/redeploy 202`],
        );
        const [record] = await h.admin.serviceDeployments(terraformId);
        assert.deepEqual([outs.targetKind, outs.deploymentRequestId], ["TERRAFORM", record.id]);
    });
});

describe("Deployment of a terraform service: its status through the environment's statuses", function () {
    this.timeout(30_000);
    let server: http.Server;
    let baseUrl: string;
    let requests: string[];
    /** The terraform services' statuses the next reads of /environment/{ENV}/statuses show, in order. */
    let reads: Record<string, unknown>[][];

    const status = (state: string, actionStatus: string, requestId: string, count = 0) => ({
        id: TF,
        state,
        service_deployment_status: state === "DEPLOYED" ? "UP_TO_DATE" : "OUT_OF_DATE",
        status_details: { action: "DEPLOY", status: actionStatus, sub_action: "NONE" },
        is_part_last_deployment: true,
        deployment_request_id: requestId,
        deployment_requests_count: count,
    });

    before(async () => {
        server = http.createServer((req, res) => {
            requests.push(`${req.method} ${req.url}`);
            const send = (code: number, body: unknown) => {
                res.writeHead(code, { "Content-Type": "application/json" });
                res.end(JSON.stringify(body));
            };
            if (req.method === "POST" && req.url === `/terraform/${TF}/redeploy`) {
                return send(202, status("DEPLOYMENT_QUEUED", "QUEUED", "ours", 1));
            }
            if (req.method === "GET" && req.url === `/terraform/${TF}`) {
                return send(200, { id: TF, name: "infra", environment: { id: ENV } });
            }
            if (req.method === "GET" && req.url === `/environment/${ENV}/statuses`) {
                const terraforms = reads.length > 1 ? reads.shift()! : reads[0];
                return send(200, {
                    environment: { id: ENV, state: "DEPLOYING", last_deployment_state: "DEPLOYED" },
                    applications: [],
                    containers: [],
                    jobs: [],
                    databases: [],
                    helms: [],
                    terraforms,
                });
            }
            send(404, { status: 404, detail: "not found" });
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));
    beforeEach(() => {
        requests = [];
    });

    const hooksOverServer = () => {
        // One client, as the provider process has: the terraform service's environment is read once.
        const client = new QoveryClient({ token: "t-" + "k".repeat(20), baseUrl, authScheme: "Token" });
        return deploymentHooks({
            client: () => client,
            schedule: { firstMs: 10, factor: 1, maxMs: 10 },
            shape: DEPLOYMENT,
        });
    };

    it("polls the environment's statuses until ours has ended; the environment is read once", async () => {
        reads = [
            [status("DEPLOYING", "ONGOING", "ours", 1)],
            [status("DEPLOYING", "ONGOING", "ours", 1)],
            [status("DEPLOYED", "SUCCESS", "ours")],
        ];
        const { outs } = await hooksOverServer().create(inputs());
        assert.deepEqual(requests, [
            `POST /terraform/${TF}/redeploy`,
            `GET /terraform/${TF}`,
            `GET /environment/${ENV}/statuses`,
            `GET /environment/${ENV}/statuses`,
            `GET /environment/${ENV}/statuses`,
        ]);
        assert.deepEqual(
            [outs.targetKind, outs.state, outs.serviceDeploymentStatus, outs.deploymentRequestId],
            ["TERRAFORM", "DEPLOYED", "UP_TO_DATE", "ours"],
        );
    });

    it("a failed terraform deployment names the terraform service", async () => {
        reads = [[status("DEPLOYMENT_ERROR", "ERROR", "ours")]];
        const err = await rejection(() => hooksOverServer().create(inputs()));
        assert.match(
            err.message,
            new RegExp(
                `^The redeploy of Qovery terraform service ${TF} \\(deployment request ours\\) ended in DEPLOYMENT_ERROR \\(ERROR\\)`,
            ),
        );
    });

    it("a terraform service missing from its environment's statuses: a clear error, not a wait to the timeout", async () => {
        reads = [[]];
        const err = await rejection(() => hooksOverServer().create(inputs()));
        assert.match(err.message, /Could not read the deployment status of Qovery terraform service/);
        assert.match(err.message, new RegExp(`\`terraforms\` list no status for terraform service ${TF}`));
        assert.match(err.message, /the redeploy \(deployment request ours\) was requested and goes on in Qovery/);
    });
});
