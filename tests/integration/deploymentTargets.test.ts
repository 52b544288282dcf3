/**
 * Deployment's hooks over real HTTP against the emulator, for an application, a helm service
 * and an environment: one redeploy per change, a deployment in progress (409) waited for, a
 * failure reported with what to do. Short deployments and a fast poll.
 */
import assert from "node:assert/strict";
import { declaredInRun, forgetRemovals } from "../../provider/deploy/afterRemoval";
import { DeploymentError } from "../../provider/deploy/errors";
import { DEPLOYMENT } from "../../provider/deploy/inputs";
import { deploymentHooks } from "../../provider/deploy/lifecycle";
import { triggersHash } from "../../provider/deploy/triggers";
import * as secretHooks from "../../provider/hooks";
import * as scopedSecretHooks from "../../provider/hooks/secret";
import { type Harness, TOKEN, rejection, startHarness } from "./harness";

interface Case {
    field: string;
    kind: string;
    noun: string;
    /** The public route, as the emulator's statistics name it. */
    route: string;
    path: (id: string) => string;
}

const CASES: Case[] = [
    {
        field: "applicationId",
        kind: "APPLICATION",
        noun: "application",
        route: "POST /application/{applicationId}/redeploy",
        path: (id) => `/application/${id}/redeploy`,
    },
    {
        field: "helmId",
        kind: "HELM",
        noun: "helm service",
        route: "POST /helm/{helmId}/redeploy",
        path: (id) => `/helm/${id}/redeploy`,
    },
    {
        field: "environmentId",
        kind: "ENVIRONMENT",
        noun: "environment",
        route: "POST /environment/{environmentId}/redeploy",
        path: (id) => `/environment/${id}/redeploy`,
    },
];

describe("Deployment against the emulator: an application, a helm service, an environment", function () {
    this.timeout(30_000);
    let h: Harness;
    let environmentId: string;
    const ids: Record<string, string> = {};
    const hooks = deploymentHooks({ schedule: { firstMs: 50, factor: 2, maxMs: 200 }, shape: DEPLOYMENT });

    before(async () => {
        h = await startHarness();
    });
    after(async () => {
        await h.emulator.stop();
    });
    beforeEach(async () => {
        await h.admin.reset();
        await h.configureHooks();
        await h.admin.setDeploymentTiming({ queuedMs: 50, deployingMs: 150 });
        const project = await h.admin.createProject();
        environmentId = await h.admin.createEnvironment(project, { builtIns: false });
        ids.applicationId = await h.admin.createService("APPLICATION", environmentId, { builtIns: false });
        ids.helmId = await h.admin.createService("HELM", environmentId, { builtIns: false });
        ids.environmentId = environmentId;
    });

    const inputs = (c: Case, over: Record<string, unknown> = {}) => ({
        [c.field]: ids[c.field],
        triggersHash: triggersHash(["v1"]),
        waitForCompletion: true,
        timeoutSeconds: 10,
        ...over,
    });
    const redeploys = async (c: Case) => (await h.admin.operationStats())[c.route]?.byStatus ?? {};
    /** Our redeploys as the emulator recorded them, oldest first. */
    const records = (c: Case) =>
        c.kind === "ENVIRONMENT"
            ? h.admin.environmentDeployments(environmentId)
            : h.admin.serviceDeployments(ids[c.field]);
    const program = (c: Case, next: Parameters<Harness["admin"]["programServiceDeployment"]>[1]) =>
        c.kind === "ENVIRONMENT"
            ? h.admin.programEnvironmentDeployment(environmentId, next)
            : h.admin.programServiceDeployment(ids[c.field], next);

    for (const c of CASES) {
        describe(c.noun, () => {
            it("create, then a change of triggers: exactly one redeploy each, waited for to the end", async () => {
                const created = (await hooks.create(inputs(c))).outs;
                assert.deepEqual(await redeploys(c), { "202": 1 });
                const first = await records(c);
                assert.equal(first.length, 1);
                assert.deepEqual(
                    [created.targetKind, created.targetId, created.deploymentRequestId, created.state],
                    [c.kind, ids[c.field], first[0].id, "DEPLOYED"],
                );
                const updated = (await hooks.update("id", created, inputs(c, { triggersHash: triggersHash(["v2"]) })))
                    .outs;
                assert.deepEqual(await redeploys(c), { "202": 2 });
                const second = await records(c);
                assert.equal(second.length, 2);
                assert.equal(updated.deploymentRequestId, second[1].id);
                assert.equal(updated.serviceDeploymentStatus, "UP_TO_DATE");
            });

            it("a deployment in progress (409) is waited for, then one redeploy is requested", async () => {
                await program(c, { queuedMs: 100, deployingMs: 500 });
                const theirs = await fetch(`${h.emulator.url}${c.path(ids[c.field])}`, {
                    method: "POST",
                    headers: { Authorization: `Token ${TOKEN}` },
                });
                assert.equal(theirs.status, 202);
                const { outs } = await hooks.create(inputs(c));
                assert.deepEqual(await redeploys(c), { "202": 2, "409": 1 });
                const all = await records(c);
                assert.equal(all.length, 2);
                // Ours was requested once theirs had ended (its programmed 100 + 500 ms, on the emulator's clock).
                const theirsEnd = Date.parse(all[0].requested_at) + all[0].queued_ms + all[0].deploying_ms;
                assert.ok(Date.parse(all[1].requested_at) >= theirsEnd, JSON.stringify(all));
                assert.equal(outs.deploymentRequestId, all[1].id);
                assert.equal(outs.state, "DEPLOYED");
            });

            it("a failed deployment fails the step with the target, the request id and what to do", async () => {
                await program(c, { outcome: "failure" });
                const err = await rejection(() => hooks.create(inputs(c)));
                assert.ok(err instanceof DeploymentError, String(err));
                const [record] = await records(c);
                assert.equal(err.deploymentRequestId, record.id);
                assert.equal(err.targetKind, c.kind);
                assert.match(
                    err.message,
                    new RegExp(
                        `^The redeploy of Qovery ${c.noun} ${ids[c.field]} \\(deployment request ${record.id}\\) ended in DEPLOYMENT_ERROR`,
                    ),
                );
                assert.match(err.message, new RegExp(`the ${c.noun}'s Deployments tab`));
                assert.match(err.message, /run `pulumi up` again: it requests the redeploy again/);
                assert.deepEqual(await redeploys(c), { "202": 1 });
            });
        });
    }

    it("a target that does not exist: the input to check, and no redeploy requested", async () => {
        const err = await rejection(() =>
            hooks.create({ ...inputs(CASES[0]), applicationId: "99999999-9999-4999-8999-999999999999" }),
        );
        assert.match(err.message, /Could not request the redeploy of Qovery application 99999999-/);
        assert.match(err.message, /Check that `applicationId` names a Qovery application that exists/);
        assert.equal((await h.admin.serviceDeployments(ids.applicationId)).length, 0);
    });

    it("a removal redeploys the environment after the delete of a watched job secret, once", async () => {
        forgetRemovals(); // a new provider process
        const jobId = await h.admin.createJob({ environmentId, builtIns: false });
        const stack = "urn:pulumi:dev::app::pulumi-nodejs:dynamic/qovery";
        const members: { urn: string; id: string; jobId: string }[] = [];
        for (const key of ["A", "B"]) {
            const urn = `${stack}:JobSecret::${key}`;
            const r = await secretHooks.create({ jobId, key, value: `v-${key}`, resourceUrn: urn } as never);
            members.push({ urn, id: r.id, jobId });
        }
        const deploymentUrn = `${stack}:Deployment::env-redeploy`;
        const state = {
            ...inputs(CASES[2], { triggersHash: triggersHash(members.map((m) => m.id)) }),
            resourceUrn: deploymentUrn,
            watched: members,
            targetKind: "ENVIRONMENT",
            targetId: environmentId,
            state: "DEPLOYED",
            requestedAt: "2025-01-01T00:00:00.000Z",
        };
        const news = {
            ...inputs(CASES[2], { triggersHash: triggersHash([members[0].id]) }),
            resourceUrn: deploymentUrn,
            watched: [members[0]],
        };
        await h.admin.clearRequests();
        // One `up` that drops B: A's check, the Deployment's diff and update, then B's delete.
        await declaredInRun(members[0].urn);
        await hooks.diff("dep-id", state, news);
        const { outs } = await hooks.update("dep-id", state, news);
        assert.deepEqual(outs.pendingRemovals, [members[1]]);
        assert.equal(await redeploys(CASES[2]).then((r) => r["202"]), undefined, "no redeploy before the delete");
        await secretHooks.delete(members[1].id, {
            jobId,
            key: "B",
            value: "v-B",
            resourceUrn: members[1].urn,
        } as never);
        const writes = (await h.admin.requests())
            .filter((r) => r.method !== "GET")
            .map(
                (r) =>
                    `${r.method} ${r.path.replace(jobId, "J").replace(environmentId, "E").replace(members[1].id, "B")} ${r.status}`,
            );
        assert.deepEqual(writes, ["DELETE /job/J/secret/B 204", "POST /environment/E/redeploy 202"]);
        const [record] = await h.admin.environmentDeployments(environmentId);
        assert.equal(record.phase, "succeeded", "the delete returned once the environment's deployment had ended");
    });

    it("a removal of a watched environment Secret (over /variable): its delete, then one redeploy of the environment", async () => {
        forgetRemovals(); // a new provider process
        const stack = "urn:pulumi:dev::app::pulumi-nodejs:dynamic/qovery";
        const members: { urn: string; id: string; scope: string; parentId: string }[] = [];
        for (const key of ["A", "B"]) {
            const urn = `${stack}:Secret::${key}`;
            const r = await scopedSecretHooks.create({ environmentId, key, value: `v-${key}`, __resourceUrn: urn });
            members.push({ urn, id: r.id, scope: "ENVIRONMENT", parentId: environmentId });
        }
        const deploymentUrn = `${stack}:Deployment::env-redeploy`;
        const state = {
            ...inputs(CASES[2], { triggersHash: triggersHash(members.map((m) => m.id)) }),
            resourceUrn: deploymentUrn,
            watched: members,
            targetKind: "ENVIRONMENT",
            targetId: environmentId,
            state: "DEPLOYED",
            requestedAt: "2025-01-01T00:00:00.000Z",
        };
        const news = {
            ...inputs(CASES[2], { triggersHash: triggersHash([members[0].id]) }),
            resourceUrn: deploymentUrn,
            watched: [members[0]],
        };
        await h.admin.clearRequests();
        await declaredInRun(members[0].urn);
        await hooks.diff("dep-id", state, news);
        const { outs } = await hooks.update("dep-id", state, news);
        // B was still listed by GET /variable?parent_id=<environment>&scope=ENVIRONMENT: left to its delete.
        assert.deepEqual(outs.pendingRemovals, [members[1]]);
        await scopedSecretHooks.delete(members[1].id, {
            environmentId,
            key: "B",
            value: "v-B",
            __resourceUrn: members[1].urn,
        });
        const writes = (await h.admin.requests())
            .filter((r) => r.method !== "GET")
            .map((r) => `${r.method} ${r.path.replace(environmentId, "E").replace(members[1].id, "B")} ${r.status}`);
        assert.deepEqual(writes, ["DELETE /variable/B 204", "POST /environment/E/redeploy 202"]);
        assert.equal((await h.admin.environmentDeployments(environmentId)).length, 1);
    });
});
