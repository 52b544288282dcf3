import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorAdmin, type RunningEmulator, startEmulator } from "../../emulator";
import { type RunningProxy, startQoveryProxy } from "../support/qoveryProxy";
import { type Secret, stackLeaks } from "./leaks";
import { PulumiStack } from "./pulumi";
import { REPO, consumerRoot, installProgram, pulumiBinary } from "./workspace";

const TOKEN = `removal-token-${randomBytes(12).toString("hex")}`;

interface Spec {
    jobId: string;
    secrets: Record<string, string>;
    variables: Record<string, string>;
    soloJobId: string;
    solo: Record<string, string>;
    soloTriggers: string[];
}

/**
 * Issue 16, point 1 under the real CLI: removing what a JobDeployment watches redeploys the job
 * after the delete, exactly once per `up`, and `up` waits for it; the API log's order proves it.
 * Point 7: a value change that Qovery does not stamp in `updated_at` still redeploys. The stack
 * talks to the emulator through a proxy, which can rewrite answers as another API would.
 */
describe("end to end through the Pulumi CLI: a removal redeploys after the delete", function () {
    this.timeout(600_000);

    let emulator: RunningEmulator;
    let proxy: RunningProxy;
    let admin: EmulatorAdmin;
    let jobId: string;
    let soloJobId: string;
    let stack: PulumiStack;
    let spec: Spec;
    const secrets: Secret[] = [{ label: "API token", value: TOKEN }];
    const value = (label: string) => {
        const v = `rm-${label}-${randomBytes(12).toString("hex")}`;
        secrets.push({ label, value: v });
        return v;
    };
    const writeSpec = (next: Spec) => {
        spec = next;
        fs.writeFileSync(path.join(stack.programDir, "removal.json"), JSON.stringify(spec, null, 2));
    };
    const without = (map: Record<string, string>, ...keys: string[]) =>
        Object.fromEntries(Object.entries(map).filter(([k]) => !keys.includes(k)));

    /** Qovery ids of the stack's secrets, by id: their keys (read from the state before a run). */
    const keysById = () =>
        new Map(
            (stack.state().checkpoint.latest?.resources ?? [])
                .filter((r) => r.type.endsWith("qovery:JobSecret"))
                .map((r) => [String(r.id), String(r.outputs?.key)]),
        );
    /** `pulumi up`, then the job's writes and redeploys in the emulator's order: "DELETE API_KEY", "POST redeploy". */
    const upAndLog = async () => {
        const keys = keysById();
        await admin.clearRequests();
        await stack.up();
        const log = await admin.requests();
        const of = (job: string) =>
            log
                .filter((r) => r.method !== "GET" && r.path.startsWith(`/job/${job}/`))
                .map((r) => {
                    const tail = r.path.split("/").pop()!;
                    return `${r.method} ${keys.get(tail) ?? tail} ${r.status}`;
                });
        return { job: of(jobId), solo: of(soloJobId) };
    };
    /** The last deployment of a job has ended in success: `up` waited for it. */
    const lastDeploymentSucceeded = async (job: string) => {
        const records = await admin.deployments(job);
        assert.equal(records.at(-1)?.phase, "succeeded", JSON.stringify(records.at(-1)));
    };

    before(async () => {
        pulumiBinary();
        emulator = await startEmulator({ token: TOKEN, deployment: { queuedMs: 200, deployingMs: 800 } });
        proxy = await startQoveryProxy({ target: emulator.url });
        admin = new EmulatorAdmin(emulator.url);
        jobId = await admin.createJob({ name: "api" });
        soloJobId = await admin.createJob({ name: "solo" });
        const programDir = installProgram(
            await consumerRoot(),
            path.join(REPO, "tests", "e2e", "programs", "removal"),
            "removal",
        );
        stack = await PulumiStack.create({ programDir });
        await stack.setConfig("qovery:apiUrl", proxy.url);
        await stack.setConfig("qovery:apiToken", TOKEN, true);
        writeSpec({
            jobId,
            secrets: {
                DB_PASSWORD: value("db-1"),
                API_KEY: value("api-key"),
                X: value("x"),
                Y: value("y"),
                Z: value("z"),
            },
            variables: { LOG_LEVEL: "info" },
            soloJobId,
            solo: { S1: value("s1"), S2: value("s2") },
            soloTriggers: ["S1", "S2"],
        });
    });
    after(async () => {
        stack?.cleanup();
        await proxy?.stop();
        await emulator?.stop();
    });
    afterEach("leak scan: state, backups, history, config and CLI output", function () {
        if (!stack) return;
        const findings = stackLeaks(stack, secrets);
        assert.deepEqual(findings, [], `plaintext found: ${JSON.stringify(findings)}`);
    });

    it("up: everything is created, one redeploy of each job", async () => {
        const { job, solo } = await upAndLog();
        assert.equal(job.filter((e) => e.startsWith("POST redeploy")).length, 1, job.join("\n"));
        assert.equal(solo.filter((e) => e.startsWith("POST redeploy")).length, 1, solo.join("\n"));
    });

    it("one entry removed: DELETE, then exactly one redeploy, and up waited for it", async () => {
        writeSpec({ ...spec, secrets: without(spec.secrets, "API_KEY") });
        const { job, solo } = await upAndLog();
        assert.deepEqual(job, ["DELETE API_KEY 204", "POST redeploy 202"]);
        assert.deepEqual(solo, []);
        await lastDeploymentSucceeded(jobId);
    });

    it("two entries removed at once: one redeploy, after both deletes", async () => {
        writeSpec({ ...spec, secrets: without(spec.secrets, "X", "Y") });
        const { job } = await upAndLog();
        assert.deepEqual(job.slice(0, 2).sort(), ["DELETE X 204", "DELETE Y 204"]);
        assert.deepEqual(job.slice(2), ["POST redeploy 202"]);
        await lastDeploymentSucceeded(jobId);
    });

    it("one entry changed and another removed in the same up: one redeploy, after the delete", async () => {
        writeSpec({ ...spec, secrets: { ...without(spec.secrets, "Z"), DB_PASSWORD: value("db-2") } });
        const { job } = await upAndLog();
        assert.deepEqual(job, ["PUT DB_PASSWORD 200", "DELETE Z 204", "POST redeploy 202"]);
        await lastDeploymentSucceeded(jobId);
    });

    it("a standalone JobDeployment whose triggers lose a resource removed from the program: redeploy after the delete", async () => {
        writeSpec({ ...spec, solo: without(spec.solo, "S2"), soloTriggers: ["S1"] });
        const { job, solo } = await upAndLog();
        assert.deepEqual(solo, ["DELETE S2 204", "POST redeploy 202"]);
        assert.deepEqual(job, []);
        await lastDeploymentSucceeded(soloJobId);
    });

    it("a changed value that Qovery does not stamp in updated_at still redeploys", async () => {
        // As an API whose `updated_at` does not move on an edit: every row's is its `created_at`.
        proxy.rewriteBody = (req, body) => {
            if (!/\/(secret|environmentVariable)/.test(req.path) || body === "") return body;
            const frozen = (row: Record<string, unknown>) => ({ ...row, updated_at: row.created_at });
            const data = JSON.parse(body) as Record<string, unknown>;
            return JSON.stringify(
                Array.isArray(data.results)
                    ? { ...data, results: (data.results as Record<string, unknown>[]).map(frozen) }
                    : "created_at" in data
                      ? frozen(data)
                      : data,
            );
        };
        try {
            // The first up under the rewrite records the frozen updatedAt: a change of its own, not the point.
            await stack.refresh();
            await stack.up();
            writeSpec({ ...spec, secrets: { ...spec.secrets, DB_PASSWORD: value("db-3") } });
            const { job } = await upAndLog();
            assert.deepEqual(job, ["PUT DB_PASSWORD 200", "POST redeploy 202"]);
            await lastDeploymentSucceeded(jobId);
        } finally {
            proxy.rewriteBody = undefined;
        }
    });

    it("the next up has nothing to do: --expect-no-changes, and no API call", async () => {
        await stack.refresh(); // the updatedAt the rewrite froze, back to the emulator's
        await stack.up();
        await admin.clearRequests();
        await stack.up(["--expect-no-changes"]);
        assert.deepEqual(await admin.requests(), []);
    });
});
