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
import type { JobStatus } from "../../provider/qovery/deploymentWire";

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
