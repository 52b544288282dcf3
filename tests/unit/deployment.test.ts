import assert from "node:assert/strict";
import { UNKNOWN } from "../../provider/engine/inputs";
import { checkDeploymentInputs, diffDeployment } from "../../provider/deploy/inputs";
import {
    DEFAULT_POLL_SCHEDULE,
    POLL_BUDGET_PER_MINUTE,
    maxPollsPerMinute,
    pollDelayMs,
} from "../../provider/deploy/schedule";
import { phaseOf } from "../../provider/deploy/status";
import * as pulumi from "@pulumi/pulumi";
import { canonicalJson, hashedTriggers, triggersHash } from "../../provider/deploy/triggers";
import { type JobStatus, jobStatusSchema } from "../../provider/qovery/deploymentWire";
import { oursHasEnded } from "../../provider/deploy/ours";
import { lostMembers } from "../../provider/deploy/watched";
import { deploymentHooks } from "../../provider/deploy/lifecycle";

const JOB = "11111111-1111-4111-8111-111111111111";
const OTHER_JOB = "22222222-2222-4222-8222-222222222222";
const H1 = triggersHash(["a"]);
const H2 = triggersHash(["b"]);

const base = { jobId: JOB, triggersHash: H1, waitForCompletion: true, timeoutSeconds: 1800 };

describe("JobDeployment diff", () => {
    it("shows no change when the triggers are the same", () => {
        assert.deepEqual(diffDeployment(base, { ...base }), { changes: false, replaces: [], changed: [] });
    });
    it("shows no change when only how to deploy changes (wait, timeout)", () => {
        const d = diffDeployment(base, { ...base, waitForCompletion: false, timeoutSeconds: 60 });
        assert.equal(d.changes, false);
    });
    it("updates when the triggers change", () => {
        assert.deepEqual(diffDeployment(base, { ...base, triggersHash: H2 }), {
            changes: true,
            replaces: [],
            changed: ["triggersHash"],
        });
    });
    it("counts triggers not known yet (preview) as a change", () => {
        assert.deepEqual(diffDeployment(base, { ...base, triggersHash: UNKNOWN }).changed, ["triggersHash"]);
    });
    it("replaces when the job changes, not when only its case does", () => {
        assert.deepEqual(diffDeployment(base, { ...base, jobId: OTHER_JOB }).replaces, ["jobId"]);
        assert.equal(diffDeployment(base, { ...base, jobId: JOB.toUpperCase() }).changes, false);
    });
});

describe("JobDeployment check", () => {
    it("fills the defaults and passes unknown values", () => {
        const r = checkDeploymentInputs({ jobId: JOB, triggersHash: UNKNOWN });
        assert.deepEqual(r.failures, []);
        assert.deepEqual(r.inputs, {
            jobId: JOB,
            triggersHash: UNKNOWN,
            waitForCompletion: true,
            timeoutSeconds: 1800,
        });
    });
    it("refuses a bad timeout, job id or flag, naming the property", () => {
        for (const [news, property] of [
            [{ timeoutSeconds: 0 }, "timeoutSeconds"],
            [{ timeoutSeconds: 1.5 }, "timeoutSeconds"],
            [{ timeoutSeconds: 86_401 }, "timeoutSeconds"],
            [{ jobId: "not-a-uuid" }, "jobId"],
            [{ waitForCompletion: "yes" }, "waitForCompletion"],
        ] as const) {
            const r = checkDeploymentInputs({ ...base, ...news });
            assert.deepEqual(
                r.failures?.map((f) => f.property),
                [property],
                JSON.stringify(news),
            );
        }
    });
    it("refuses a malformed hash without echoing it, and unknown properties", () => {
        const r = checkDeploymentInputs({ ...base, triggersHash: "my-secret-trigger", trigger: [1] });
        assert.equal(r.failures?.length, 2);
        for (const f of r.failures!) {
            assert.equal(f.property, "");
            assert.ok(!f.reason.includes("my-secret-trigger"));
        }
    });
});

describe("JobDeployment triggers hash", () => {
    it("is the same for the same values whatever the key order, and differs otherwise", () => {
        assert.equal(triggersHash([{ a: 1, b: "x" }]), triggersHash([{ b: "x", a: 1 }]));
        assert.notEqual(triggersHash(["2025-01-01T00:00:00Z"]), triggersHash(["2025-01-01T00:00:01Z"]));
        assert.notEqual(triggersHash(["a", "b"]), triggersHash(["b", "a"]));
        assert.equal(canonicalJson([undefined, null]), "[null,null]");
    });
    it("never holds a trigger's text", () => {
        const h = triggersHash(["hunter2-secret"]);
        assert.match(h, /^sha256:[0-9a-f]{64}$/);
        assert.ok(!h.includes("hunter2"));
    });
});

describe("JobDeployment triggers as the resource's input", () => {
    const valueOf = (o: pulumi.Output<string>) => new Promise<string>((resolve) => o.apply(resolve));
    it("is the hash of the resolved triggers, secret when a trigger is secret", async () => {
        const secret = hashedTriggers(["2025-01-01T00:00:00Z", pulumi.secret("hunter2-secret")]);
        assert.equal(await pulumi.isSecret(secret), true);
        assert.equal(await valueOf(secret), triggersHash(["2025-01-01T00:00:00Z", "hunter2-secret"]));
        // The check can fail: plain triggers give a plain hash.
        const plain = hashedTriggers([pulumi.output("2025-01-01T00:00:00Z")]);
        assert.equal(await pulumi.isSecret(plain), false);
        assert.equal(await valueOf(plain), triggersHash(["2025-01-01T00:00:00Z"]));
    });
});

describe("JobDeployment polling schedule", () => {
    it("starts at 1 s and doubles up to 10 s", () => {
        assert.deepEqual(
            [0, 1, 2, 3, 4, 5, 20].map((n) => pollDelayMs(n)),
            [1000, 2000, 4000, 8000, 10000, 10000, 10000],
        );
    });
    it("stays within the rate budget in any minute", () => {
        const most = maxPollsPerMinute();
        console.log(`      polls in the busiest minute: ${most} (budget ${POLL_BUDGET_PER_MINUTE})`);
        assert.equal(most, 8);
        assert.ok(most <= POLL_BUDGET_PER_MINUTE);
        // The check can fail: a schedule without back-off breaks the budget.
        assert.ok(maxPollsPerMinute({ ...DEFAULT_POLL_SCHEDULE, factor: 1 }) > POLL_BUDGET_PER_MINUTE);
    });
});

describe("JobDeployment phases", () => {
    const status = (state: string, actionStatus: string, count = 0): JobStatus => ({
        id: JOB,
        state,
        service_deployment_status: "UP_TO_DATE",
        status_details: { action: "DEPLOY", status: actionStatus, sub_action: "NONE" },
        deployment_request_id: null,
        deployment_requests_count: count,
    });
    it("classifies Qovery's states", () => {
        assert.equal(phaseOf(status("DEPLOYMENT_QUEUED", "QUEUED", 1)), "in-progress");
        assert.equal(phaseOf(status("DEPLOYING", "ONGOING", 1)), "in-progress");
        assert.equal(phaseOf(status("DEPLOYED", "SUCCESS")), "succeeded");
        assert.equal(phaseOf(status("DEPLOYMENT_ERROR", "ERROR")), "failed");
        assert.equal(phaseOf(status("CANCELED", "CANCELED")), "failed");
        assert.equal(phaseOf(status("READY", "NEVER")), "idle");
        // A queued request wins over the previous deployment's end.
        assert.equal(phaseOf(status("DEPLOYED", "SUCCESS", 1)), "in-progress");
        // An action status Qovery adds later: the state decides.
        assert.equal(phaseOf(status("BUILD_ERROR", "SOMETHING_NEW")), "failed");
        assert.equal(phaseOf(status("BUILDING", "SOMETHING_NEW")), "in-progress");
    });
});

describe("JobDeployment wire: nulls where the spec allows nothing but says nothing either", () => {
    it("accepts null in every optional field of a Status (a 202 must not look like a lost answer)", () => {
        const parsed = jobStatusSchema.safeParse({
            id: JOB,
            state: "DEPLOYMENT_QUEUED",
            service_deployment_status: "OUT_OF_DATE",
            status_details: { action: "DEPLOY", status: "QUEUED", sub_action: null },
            is_part_last_deployment: null,
            deployment_request_id: null,
            deployment_requests_count: null,
            last_deployment_date: null,
        });
        assert.equal(parsed.success, true, JSON.stringify(parsed.error?.issues));
        // The check can fail: a required field missing is still refused.
        assert.equal(jobStatusSchema.safeParse({ id: JOB, state: null }).success, false);
    });
});

describe("JobDeployment wait: which status shows the end of our deployment", () => {
    const PREVIOUS_END = "2025-01-01T10:00:00.000Z";
    const REQUESTED = Date.parse("2025-01-01T10:05:00.000Z");
    const status = (over: Partial<JobStatus>): JobStatus => ({
        id: JOB,
        state: "DEPLOYED",
        service_deployment_status: "UP_TO_DATE",
        status_details: { action: "DEPLOY", status: "SUCCESS", sub_action: null },
        deployment_request_id: null,
        deployment_requests_count: 0,
        last_deployment_date: PREVIOUS_END,
        ...over,
    });
    const previousSuccess = status({});
    const oursDone = status({ last_deployment_date: "2025-01-01T10:05:30.000Z" });
    const inProgress = status({ state: "DEPLOYING", status_details: { action: "DEPLOY", status: "ONGOING" } });

    it("without a request id, the previous deployment's success does not end the wait; ours does", () => {
        const ended = oursHasEnded({ requestId: undefined, previousDate: PREVIOUS_END, serverDate: REQUESTED });
        assert.equal(ended(previousSuccess), false);
        assert.equal(ended(previousSuccess), false);
        assert.equal(ended(oursDone), true);
    });
    it("without a request id, a deployment seen in progress since the request, then ended, is ours", () => {
        const ended = oursHasEnded({ requestId: undefined, previousDate: PREVIOUS_END, serverDate: REQUESTED });
        assert.equal(ended(inProgress), false);
        // Ended, even if its date were missing: it was seen running after our request.
        assert.equal(ended(status({ last_deployment_date: null })), true);
    });
    it("a date older than the request (by the server's clock) is not ours, even when it changed", () => {
        const ended = oursHasEnded({ requestId: undefined, previousDate: null, serverDate: REQUESTED });
        assert.equal(ended(previousSuccess), false);
        assert.equal(ended(oursDone), true);
    });
    it("without the server's clock nor the 202's date, no ended status is taken for ours until one was seen running", () => {
        const ended = oursHasEnded({ requestId: undefined, previousDate: null, serverDate: undefined });
        assert.equal(ended(previousSuccess), false, "the previous deployment's success");
        assert.equal(ended(oursDone), false, "a date alone cannot tell");
        assert.equal(ended(inProgress), false);
        assert.equal(ended(oursDone), true, "seen running after the request, then ended");
    });
    it("without the server's clock, a move from the date the 202 showed is ours", () => {
        const ended = oursHasEnded({ requestId: undefined, previousDate: PREVIOUS_END, serverDate: undefined });
        assert.equal(ended(previousSuccess), false);
        assert.equal(ended(oursDone), true);
    });
    it("with a request id, the status naming it decides; a status whose id is null falls back to the evidence", () => {
        const ended = oursHasEnded({ requestId: "ours", previousDate: PREVIOUS_END, serverDate: REQUESTED });
        assert.equal(ended(status({ deployment_request_id: "previous" })), false);
        assert.equal(ended(status({ deployment_request_id: null })), false);
        assert.equal(
            ended(status({ deployment_request_id: null, last_deployment_date: oursDone.last_deployment_date })),
            true,
        );
        assert.equal(
            oursHasEnded({ requestId: "ours", previousDate: PREVIOUS_END, serverDate: REQUESTED })(
                status({ deployment_request_id: "ours" }),
            ),
            true,
        );
    });
});

describe("JobDeployment wait, through the hooks: an answer without deployment_request_id", () => {
    it("keeps polling past the previous deployment's success until ours has ended", async () => {
        const PREVIOUS_END = "2025-01-01T10:00:00.000Z";
        const requestedAt = Date.parse("2025-01-01T10:05:00.000Z");
        const status = (state: string, actionStatus: string, lastDate: string | null, count = 0): JobStatus => ({
            id: JOB,
            state,
            service_deployment_status: state === "DEPLOYED" ? "UP_TO_DATE" : "OUT_OF_DATE",
            status_details: { action: "DEPLOY", status: actionStatus, sub_action: null },
            deployment_request_id: null,
            deployment_requests_count: count,
            last_deployment_date: lastDate,
        });
        // The status first still shows the previous deployment's success (ours not queued yet), then ours, ended.
        const reads = [
            status("DEPLOYED", "SUCCESS", PREVIOUS_END),
            status("DEPLOYED", "SUCCESS", PREVIOUS_END),
            status("DEPLOYMENT_ERROR", "ERROR", "2025-01-01T10:05:40.000Z"),
        ];
        let polls = 0;
        const fake = {
            redeploy: async () => ({
                status: status("DEPLOYED", "SUCCESS", PREVIOUS_END),
                serverDate: requestedAt,
            }),
            deploymentStatus: async () => reads[Math.min(polls++, reads.length - 1)],
        };
        const hooks = deploymentHooks({ client: () => fake as never, sleep: async () => undefined });
        const inputs = { jobId: JOB, triggersHash: H1, waitForCompletion: true, timeoutSeconds: 60 };
        // Ours failed: taking the previous success for ours would have reported success after one poll.
        await assert.rejects(() => hooks.create(inputs), /ended in DEPLOYMENT_ERROR/);
        assert.equal(polls, 3);
    });
});

describe("JobDeployment's watched variables: which left the triggers", () => {
    const urn = (name: string) => `urn:pulumi:dev::p::pulumi-nodejs:dynamic/qovery:JobSecret::${name}`;
    const m = (name: string, id: string) => ({ urn: urn(name), id, jobId: "j" });

    it("a member gone from the triggers is lost; one kept is not", () => {
        assert.deepEqual(lostMembers([m("a", "1"), m("b", "2")], [m("a", "1")]), [m("b", "2")]);
    });
    it("a member renamed (new URN, same id: the aliases option or an adoption) is not lost: nothing will delete it", () => {
        assert.deepEqual(lostMembers([m("old-name", "1")], [m("new-name", "1")]), []);
    });
});
