import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorAdmin, type RunningEmulator, startEmulator } from "../../emulator";
import type { FaultSpec } from "../../emulator/types";
import { type Expected, clean, tally } from "./invariants";
import { type Secret, stackLeaks } from "./leaks";
import { PulumiStack } from "./pulumi";
import { type Row, record } from "./report";
import { consumerRoot, installProgram, pulumiBinary } from "./workspace";

type Fault = Omit<FaultSpec, "method" | "path">;

/**
 * Every fault of the matrix, injected once into the operation under test. Each is one the client handles
 * within the run: GET, PUT and DELETE are retried, a 429 is waited out, and a POST whose answer is lost
 * (5xx, dropped, too slow) is looked up and then tried again (provider/qovery/retry.ts, the lost-create
 * recovery of provider/engine/lifecycle.ts). So the first run must succeed.
 */
const FAULTS: [string, () => Fault][] = [
    ["500", () => ({ status: 500, body: { status: 500, detail: "Internal Server Error" } })],
    ["502", () => ({ status: 502, body: "<html>Bad Gateway</html>" })],
    ["503", () => ({ status: 503, body: { status: 503, detail: "Service Unavailable" } })],
    [
        "429 with X-RateLimit-Reset",
        () => ({
            status: 429,
            body: { status: 429, detail: "Too Many Requests" },
            headers: { "X-RateLimit-Reset": String(Math.ceil(Date.now() / 1000) + 1), "X-RateLimit-Remaining": "0" },
        }),
    ],
    ["429 with Retry-After", () => ({ status: 429, headers: { "Retry-After": "1" } })],
    ["connection reset before the write", () => ({ drop: "before" })],
    ["connection dropped after the write", () => ({ drop: "after" })],
    ["answer slower than the client timeout", () => ({ delayMs: 2_500 })],
];

const OPS = [
    { method: "GET", path: "/job/{jobId}/secret" },
    { method: "POST", path: "/job/{jobId}/secret" },
    { method: "PUT", path: "/job/{jobId}/secret/{secretId}" },
    { method: "DELETE", path: "/job/{jobId}/secret/{secretId}" },
] as const;

describe("reliability through the Pulumi CLI: faults, auth errors", function () {
    this.timeout(600_000);
    const token = `rel-token-${randomBytes(12).toString("hex")}`;
    const secrets: Secret[] = [{ label: "token", value: token }];
    const value = (label: string) => {
        const v = `rel-value-${randomBytes(12).toString("hex")}`;
        secrets.push({ label, value: v });
        return v;
    };
    let emulator: RunningEmulator;
    let admin: EmulatorAdmin;
    let job: string;
    let stack: PulumiStack;
    let specs: Expected[];

    const write = (next: Expected[]) => {
        specs = next;
        fs.writeFileSync(path.join(stack.programDir, "secrets.json"), JSON.stringify(specs));
    };
    /** Runs a command that must succeed at once: the fault is handled within the run, not by the next. */
    const convergeInOneRun = async (args: string[]) => {
        const r = await stack.run(args);
        assert.equal(r.code, 0, `the fault must be handled within the run:\n${r.output}`);
        return 1;
    };
    /**
     * Compares the state with the server and scans it for leaks, records the scenario's row of the
     * reliability table with what was found, then asserts there was nothing to find.
     */
    const checkAndRecord = async (row: Pick<Row, "suite" | "scenario" | "faults" | "runs" | "outcome">) => {
        const t = await tally(stack, admin, [job], specs);
        const leaks = stackLeaks(stack, secrets);
        record({ ...row, duplicates: t.duplicates, orphans: t.orphans, phantoms: t.phantoms, leaks: leaks.length });
        assert.ok(clean(t), JSON.stringify(t));
        assert.deepEqual(leaks, []);
    };

    before(async () => {
        pulumiBinary();
        emulator = await startEmulator({ token });
        admin = new EmulatorAdmin(emulator.url);
        job = await admin.createJob({ name: "reliability" });
        const dir = installProgram(await consumerRoot(), path.join(__dirname, "programs", "lifecycle"), "reliability");
        stack = await PulumiStack.create({ programDir: dir });
        await stack.setConfig("qovery:apiUrl", emulator.url);
        await stack.setConfig("qovery:apiToken", token, true);
        // Short enough for the slow-answer fault, long enough for a loaded machine.
        await stack.setConfig("qovery:requestTimeoutMs", "1500");
        // base stays; the fault runs update "changed" and delete "gone" (then each other's new secret).
        write([
            { name: "base", jobId: job, key: "BASE", value: value("base") },
            { name: "changed", jobId: job, key: "CHANGED", value: value("changed") },
            { name: "gone", jobId: job, key: "GONE", value: value("gone") },
        ]);
        await stack.up();
    });
    after(async () => {
        stack?.cleanup();
        await emulator?.stop();
    });

    /** The secret the run of a fault creates (and the next fault's run deletes). */
    const createdFor = (faultName: string) => `x-${faultName.replace(/\W+/g, "-")}`;
    // One `up --refresh` per fault meets it in every operation at once: the refresh reads (GET), then the
    // update creates one secret (POST), changes another's value (PUT) and deletes the one the previous
    // fault's run created (DELETE). Each operation's fault is injected once (`times: 1`), and the run must
    // converge by itself. One CLI run per fault rather than one per operation: the same faults, met by
    // the same hooks, for a quarter of the CLI runs.
    FAULTS.forEach(([faultName, fault], i) => {
        it(`fault ${faultName} in read, create, update and delete at once: converges in one run, no duplicate, orphan, phantom or leak`, async () => {
            const name = createdFor(faultName);
            const previous = i === 0 ? "gone" : createdFor(FAULTS[i - 1][0]);
            write([
                ...specs
                    .filter((s) => s.name !== previous)
                    .map((s) => (s.name === "changed" ? { ...s, value: value(`changed-${i}`) } : s)),
                { name, jobId: job, key: name.toUpperCase().replace(/-/g, "_"), value: value(name) },
            ]);
            await admin.clearFaults();
            for (const { method, path: faultPath } of OPS)
                await admin.fault({ method, path: faultPath, times: 1, ...fault() });
            const runs = await convergeInOneRun(["up", "--refresh", "--yes", "--skip-preview"]);
            assert.deepEqual(await admin.faults(), [], "every operation met its fault");
            await checkAndRecord({
                suite: "fault matrix",
                scenario: `read, create, update and delete in one run: ${faultName}`,
                faults: OPS.length,
                runs,
                outcome: "converged in 1 run",
            });
        });
    });

    describe("authentication and permission problems never drop a secret from state", () => {
        const ids = () =>
            stack
                .jobSecrets()
                .map((r) => r.id)
                .sort();

        for (const status of [401, 403]) {
            it(`${status} during refresh: refresh fails clearly, the state keeps every secret`, async () => {
                const before = ids();
                // A fault, not a changed config: refresh and destroy use the provider config recorded in
                // the state, so a token changed in the stack config only takes effect at the next `up`.
                await admin.fault({ method: "GET", path: "*", times: 20, status, body: { status, detail: "Denied" } });
                const r = await stack.run(["refresh", "--yes", "--skip-preview"]);
                await admin.clearFaults();
                assert.notEqual(r.code, 0);
                assert.match(r.output, new RegExp(`Could not refresh Qovery job secret "BASE".*answered ${status}`));
                assert.deepEqual(ids(), before);
                await checkAndRecord({
                    suite: "auth",
                    scenario: `refresh: ${status}`,
                    runs: 1,
                    outcome: "failed clearly, state kept",
                });
            });
        }

        for (const status of [401, 403]) {
            it(`${status} during delete: destroy fails clearly, the secret stays in state and on the server`, async () => {
                const before = ids();
                await admin.fault({ method: "DELETE", path: "*", times: 20, status, body: { status, detail: "no" } });
                const r = await stack.run(["destroy", "--yes", "--skip-preview"]);
                await admin.clearFaults();
                assert.notEqual(r.code, 0);
                assert.match(r.output, new RegExp(`Could not delete Qovery job secret .*answered ${status}`));
                assert.deepEqual(ids(), before);
                await checkAndRecord({
                    suite: "auth",
                    scenario: `delete: ${status}`,
                    runs: 1,
                    outcome: "failed clearly, state kept",
                });
            });
        }

        it("a real 404 (deleted outside Pulumi) drops the secret at refresh", async () => {
            const base = stack.jobSecrets().find((r) => r.urn.endsWith("::base"))!;
            const res = await fetch(`${emulator.url}/job/${job}/secret/${base.id}`, {
                method: "DELETE",
                headers: { Authorization: `Token ${token}` },
            });
            assert.equal(res.status, 204);
            await stack.refresh();
            assert.equal(
                stack.jobSecrets().find((r) => r.urn.endsWith("::base")),
                undefined,
            );
            await stack.up(); // and up puts it back
            const t = await tally(stack, admin, [job], specs);
            assert.ok(clean(t), JSON.stringify(t));
            assert.deepEqual(stackLeaks(stack, secrets), []);
        });
    });
});
