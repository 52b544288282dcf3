/**
 * Deployment of any service or environment: the target table, the preview-time check (exactly
 * one target id), the diff, the reading of an environment's status, and the hooks over a fake
 * client for every kind (one redeploy per change, 409 waited, failures naming the target).
 */
import assert from "node:assert/strict";
import { DeploymentError } from "../../provider/deploy/errors";
import { DEPLOYMENT, JOB_DEPLOYMENT, checkDeploymentInputs, diffDeployment } from "../../provider/deploy/inputs";
import { deploymentHooks } from "../../provider/deploy/lifecycle";
import { describeStatus, phaseOf } from "../../provider/deploy/status";
import { TARGETS, TARGET_FIELDS, describeTarget, targetOf } from "../../provider/deploy/targets";
import { triggersHash } from "../../provider/deploy/triggers";
import { UNKNOWN } from "../../provider/engine/inputs";
import {
    DEPLOY_TARGETS,
    type DeployKind,
    type DeploymentStatus,
    environmentAsStatus,
    environmentStatusSchema,
} from "../../provider/qovery/deploymentWire";
import { ConflictError, NotFoundError } from "../../provider/qovery/errors";

const ID = "11111111-1111-4111-8111-111111111111";
const OTHER = "22222222-2222-4222-8222-222222222222";
const H1 = triggersHash(["a"]);
const common = { triggersHash: H1, waitForCompletion: true, timeoutSeconds: 60 };

describe("Deployment targets: one table entry per kind", () => {
    it("has an entry, a path segment and a status endpoint for each of the six targets", () => {
        assert.deepEqual(TARGET_FIELDS, [
            "applicationId",
            "containerId",
            "jobId",
            "helmId",
            "terraformId",
            "environmentId",
        ]);
        for (const t of TARGETS) assert.ok(DEPLOY_TARGETS[t.kind], t.kind);
        assert.deepEqual(
            Object.entries(DEPLOY_TARGETS).map(([k, w]) => `${k} /${w.segment} ${w.status}`),
            [
                "APPLICATION /application service",
                "CONTAINER /container service",
                "JOB /job service",
                "HELM /helm service",
                // The spec has no /terraform/{id}/status: read through the environment's statuses.
                "TERRAFORM /terraform environmentStatuses",
                "ENVIRONMENT /environment environment",
            ],
        );
    });
    it("reads the target from the one target input set, and names it in messages", () => {
        assert.deepEqual(targetOf({ helmId: ID, ...common }), { kind: "HELM", id: ID });
        assert.deepEqual(targetOf({ jobId: ID, ...common }), { kind: "JOB", id: ID });
        assert.equal(describeTarget({ kind: "TERRAFORM", id: ID }), `Qovery terraform service ${ID}`);
        assert.equal(describeTarget({ kind: "JOB", id: ID }), `Qovery job ${ID}`);
    });
});

describe("Deployment check: exactly one target id, refused before any API call", () => {
    it("accepts each target alone, lower-cased, and fills the defaults", () => {
        for (const field of TARGET_FIELDS) {
            const r = checkDeploymentInputs({ [field]: ID.toUpperCase(), triggersHash: H1 }, DEPLOYMENT);
            assert.deepEqual(r.failures, [], field);
            assert.deepEqual(r.inputs, {
                [field]: ID,
                triggersHash: H1,
                waitForCompletion: true,
                timeoutSeconds: 1800,
            });
        }
    });
    it("accepts a target id not known yet (preview)", () => {
        const r = checkDeploymentInputs({ environmentId: UNKNOWN, triggersHash: UNKNOWN }, DEPLOYMENT);
        assert.deepEqual(r.failures, []);
    });
    it("refuses none, naming every target input", () => {
        const r = checkDeploymentInputs({ triggersHash: H1 }, DEPLOYMENT);
        assert.equal(r.failures?.length, 1);
        assert.match(
            r.failures![0].reason,
            /exactly one of applicationId, containerId, jobId, helmId, terraformId, environmentId.*none is set/,
        );
    });
    it("refuses two, naming both, even when one is not known yet", () => {
        const r = checkDeploymentInputs({ applicationId: ID, environmentId: UNKNOWN, triggersHash: H1 }, DEPLOYMENT);
        assert.equal(r.failures?.length, 1);
        assert.match(r.failures![0].reason, /applicationId and environmentId are set/);
        assert.match(r.failures![0].reason, /declare one Deployment each/);
    });
    it("refuses a malformed id naming the property and its kind", () => {
        const r = checkDeploymentInputs({ helmId: "my-helm", triggersHash: H1 }, DEPLOYMENT);
        assert.deepEqual(r.failures, [
            { property: "helmId", reason: '"helmId" must be a Qovery helm service id (a UUID)' },
        ]);
    });
    it("names the class in an unknown property's failure", () => {
        const r = checkDeploymentInputs({ jobId: ID, triggersHash: H1, projectId: ID }, DEPLOYMENT);
        assert.match(
            r.failures![0].reason,
            /"projectId" is not a Deployment property: Qovery does not deploy a project; redeploy each of its environments \(environmentId\)/,
        );
        const other = checkDeploymentInputs({ jobId: ID, triggersHash: H1, trigger: [1] }, DEPLOYMENT);
        assert.match(other.failures![0].reason, /"trigger" is not a Deployment property; expected applicationId, /);
    });
    it("JobDeployment keeps its single required jobId: the other target inputs are not its properties", () => {
        const r = checkDeploymentInputs({ jobId: ID, triggersHash: H1 }, JOB_DEPLOYMENT);
        assert.deepEqual(r.failures, []);
        assert.deepEqual(r.inputs, { jobId: ID, triggersHash: H1, waitForCompletion: true, timeoutSeconds: 1800 });
        const other = checkDeploymentInputs({ helmId: ID, triggersHash: H1 }, JOB_DEPLOYMENT);
        assert.deepEqual(
            other.failures?.map((f) => f.property),
            ["", "jobId"],
        );
        assert.match(other.failures![0].reason, /"helmId" is not a JobDeployment property/);
    });
});

describe("Deployment diff", () => {
    const olds = { applicationId: ID, ...common };
    it("a change of target replaces, also from one kind to another; case is no change", () => {
        assert.deepEqual(diffDeployment(olds, { applicationId: OTHER, ...common }, DEPLOYMENT).replaces, [
            "applicationId",
        ]);
        assert.deepEqual(diffDeployment(olds, { environmentId: ID, ...common }, DEPLOYMENT).replaces, [
            "applicationId",
            "environmentId",
        ]);
        assert.equal(diffDeployment(olds, { applicationId: ID.toUpperCase(), ...common }, DEPLOYMENT).changes, false);
    });
    it("a change of triggers updates; a change of wait or timeout alone changes nothing", () => {
        const d = diffDeployment(olds, { ...olds, triggersHash: triggersHash(["b"]) }, DEPLOYMENT);
        assert.deepEqual([d.changes, d.replaces], [true, []]);
        assert.equal(
            diffDeployment(olds, { ...olds, timeoutSeconds: 5, waitForCompletion: false }, DEPLOYMENT).changes,
            false,
        );
    });
});

describe("An environment's status (EnvironmentStatus): no details, the same states", () => {
    const env = (state: string, over: Record<string, unknown> = {}) =>
        environmentAsStatus(
            environmentStatusSchema.parse({
                id: ID,
                state,
                last_deployment_state: state,
                deployment_status: "UP_TO_DATE",
                ...over,
            }),
        );
    it("is read into the common shape: deployment_status is service_deployment_status", () => {
        const s = env("DEPLOYED", { deployment_request_id: "r1", last_deployment_date: "2025-01-01T00:00:00Z" });
        assert.equal(s.service_deployment_status, "UP_TO_DATE");
        assert.equal(s.deployment_request_id, "r1");
        assert.equal(s.status_details, undefined);
    });
    it("is classified by its state, and described without details", () => {
        assert.equal(phaseOf(env("DEPLOYMENT_QUEUED")), "in-progress");
        assert.equal(phaseOf(env("DEPLOYING")), "in-progress");
        assert.equal(phaseOf(env("DEPLOYED")), "succeeded");
        assert.equal(phaseOf(env("DEPLOYMENT_ERROR")), "failed");
        assert.equal(phaseOf(env("STOPPED")), "idle");
        assert.equal(describeStatus(env("DEPLOYMENT_ERROR")), "DEPLOYMENT_ERROR");
    });
    it("tolerates nulls where the spec says nothing, and refuses a body without a state", () => {
        assert.equal(
            environmentStatusSchema.safeParse({
                id: ID,
                state: "DEPLOYED",
                last_deployment_state: null,
                deployment_status: null,
            }).success,
            true,
        );
        assert.equal(environmentStatusSchema.safeParse({ id: ID }).success, false);
    });
});

/** A fake client for one target: statuses played in order, redeploy answers programmed. */
function fakeClient(
    kind: DeployKind,
    plan: { conflicts?: number; reads: DeploymentStatus[]; accepted: DeploymentStatus },
) {
    const calls: string[] = [];
    let conflicts = plan.conflicts ?? 0;
    let polls = 0;
    const client = {
        redeploy: async (k: DeployKind, id: string) => {
            calls.push(`redeploy ${k} ${id}`);
            if (conflicts-- > 0) {
                throw new ConflictError({ status: 409, method: "POST", path: `/${k}/${id}/redeploy` });
            }
            return { status: plan.accepted, serverDate: Date.parse("2025-01-01T10:05:00Z") };
        },
        deploymentStatus: async (k: DeployKind, id: string) => {
            calls.push(`status ${k} ${id}`);
            return plan.reads[Math.min(polls++, plan.reads.length - 1)];
        },
    };
    assert.ok(kind);
    return { client, calls };
}

const service = (state: string, actionStatus: string, requestId: string | null, count = 0): DeploymentStatus => ({
    id: ID,
    state,
    service_deployment_status: state === "DEPLOYED" ? "UP_TO_DATE" : "OUT_OF_DATE",
    status_details: { action: "DEPLOY", status: actionStatus, sub_action: "NONE" },
    deployment_request_id: requestId,
    deployment_requests_count: count,
});

describe("Deployment hooks over a fake client, for every kind", () => {
    const hooksWith = (client: unknown) =>
        deploymentHooks({ client: () => client as never, sleep: async () => undefined, shape: DEPLOYMENT });

    for (const t of TARGETS) {
        it(`${t.field}: one redeploy of ${t.kind}, polled until ours ends; the outputs name the target`, async () => {
            const { client, calls } = fakeClient(t.kind, {
                accepted: service("DEPLOYMENT_QUEUED", "QUEUED", "ours", 1),
                reads: [service("DEPLOYING", "ONGOING", "ours", 1), service("DEPLOYED", "SUCCESS", "ours")],
            });
            const { outs } = await hooksWith(client).create({ [t.field]: ID, ...common });
            assert.deepEqual(calls, [`redeploy ${t.kind} ${ID}`, `status ${t.kind} ${ID}`, `status ${t.kind} ${ID}`]);
            assert.equal(outs.targetKind, t.kind);
            assert.equal(outs.targetId, ID);
            assert.equal(outs[t.field], ID);
            assert.equal(outs.deploymentRequestId, "ours");
            assert.equal(outs.state, "DEPLOYED");
        });
    }

    it("a 409 is waited for, then exactly one more request: two calls, one accepted", async () => {
        const { client, calls } = fakeClient("HELM", {
            conflicts: 1,
            accepted: service("DEPLOYMENT_QUEUED", "QUEUED", "ours", 1),
            reads: [
                service("DEPLOYING", "ONGOING", "theirs", 1),
                service("DEPLOYED", "SUCCESS", "theirs"),
                service("DEPLOYED", "SUCCESS", "ours"),
            ],
        });
        const { outs } = await hooksWith(client).update("id", { helmId: ID, ...common }, { helmId: ID, ...common });
        assert.deepEqual(
            calls.filter((c) => c.startsWith("redeploy")),
            [`redeploy HELM ${ID}`, `redeploy HELM ${ID}`],
        );
        // Waited for theirs to end before asking again.
        assert.deepEqual(calls.slice(0, 4), [
            `redeploy HELM ${ID}`,
            `status HELM ${ID}`,
            `status HELM ${ID}`,
            `redeploy HELM ${ID}`,
        ]);
        assert.equal(outs.deploymentRequestId, "ours");
    });

    it("a failed deployment names the target's kind and id, the request, and what to do", async () => {
        const { client } = fakeClient("APPLICATION", {
            accepted: service("DEPLOYMENT_QUEUED", "QUEUED", "ours", 1),
            reads: [service("DEPLOYMENT_ERROR", "ERROR", "ours")],
        });
        const err = await hooksWith(client)
            .create({ applicationId: ID, ...common })
            .then(
                () => assert.fail("resolved"),
                (e: unknown) => e,
            );
        assert.ok(err instanceof DeploymentError);
        assert.equal(err.targetKind, "APPLICATION");
        assert.equal(err.targetId, ID);
        assert.match(
            err.message,
            new RegExp(
                `^The redeploy of Qovery application ${ID} \\(deployment request ours\\) ended in DEPLOYMENT_ERROR \\(ERROR\\): the application still runs`,
            ),
        );
        assert.match(err.message, /the application's Deployments tab/);
        assert.match(err.message, /run `pulumi up` again/);
    });

    it("a target that does not exist (404): the input to check, and that nothing was requested", async () => {
        const client = {
            redeploy: async () => {
                throw new NotFoundError({ status: 404, method: "POST", path: `/container/${ID}/redeploy` });
            },
        };
        const err = await hooksWith(client)
            .create({ containerId: ID, ...common })
            .then(
                () => assert.fail("resolved"),
                (e: unknown) => e as Error,
            );
        assert.match(err.message, new RegExp(`^Could not request the redeploy of Qovery container ${ID}`));
        assert.match(err.message, /no redeploy was requested. Check that `containerId` names a Qovery container/);
    });

    it("an environment's status without deployment_status: no serviceDeploymentStatus output", async () => {
        const done = environmentAsStatus({ id: ID, state: "DEPLOYED", deployment_request_id: "ours" });
        const { client } = fakeClient("ENVIRONMENT", {
            accepted: environmentAsStatus({ id: ID, state: "DEPLOYMENT_QUEUED", deployment_request_id: "ours" }),
            reads: [done],
        });
        const { outs } = await hooksWith(client).create({ environmentId: ID, ...common });
        assert.equal(outs.state, "DEPLOYED");
        assert.equal("serviceDeploymentStatus" in outs, false);
    });

    it("JobDeployment's outputs stay as 0.2.0 wrote them: no targetKind nor targetId", async () => {
        const { client } = fakeClient("JOB", {
            accepted: service("DEPLOYMENT_QUEUED", "QUEUED", "ours", 1),
            reads: [service("DEPLOYED", "SUCCESS", "ours")],
        });
        const hooks = deploymentHooks({ client: () => client as never, sleep: async () => undefined });
        const { outs } = await hooks.create({ jobId: ID, ...common });
        assert.deepEqual(Object.keys(outs).sort(), [
            "deploymentRequestId",
            "jobId",
            "requestedAt",
            "serviceDeploymentStatus",
            "state",
            "timeoutSeconds",
            "triggersHash",
            "waitForCompletion",
        ]);
    });

    it("409s while the status already looks settled: the delays keep growing, not a request every second", async () => {
        const { client, calls } = fakeClient("ENVIRONMENT", {
            conflicts: 4,
            accepted: environmentAsStatus({ id: ID, state: "DEPLOYMENT_QUEUED", deployment_request_id: "ours" }),
            reads: [environmentAsStatus({ id: ID, state: "DEPLOYED", deployment_request_id: "ours" })],
        });
        const sleeps: number[] = [];
        const hooks = deploymentHooks({
            client: () => client as never,
            sleep: async (ms) => void sleeps.push(ms),
            shape: DEPLOYMENT,
        });
        await hooks.create({ environmentId: ID, ...common, waitForCompletion: false });
        assert.equal(calls.filter((c) => c.startsWith("redeploy")).length, 5);
        assert.deepEqual(sleeps, [1000, 2000, 4000, 8000]);
    });
});
