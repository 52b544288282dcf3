import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorAdmin, type RunningEmulator, startEmulator } from "../../emulator";
import { ChaosMonkey } from "../../emulator/faults";
import type { ChaosConfig } from "../../emulator/types";
import { type Expected, clean, tally } from "./invariants";
import { type Secret, stackLeaks } from "./leaks";
import { PulumiStack } from "./pulumi";
import { note, record } from "./report";
import { consumerRoot, installProgram, pulumiBinary } from "./workspace";

const SECRETS = 200;
const JOBS = 4;
const CHAOS_RATE = 0.05;
/**
 * Seeded: every public request draws once, so N requests meet exactly the faults the seed's first N draws
 * give, whatever order concurrency puts them in. Both seeds fault within their first 200 draws (at draws 15
 * and 4), and a run of 200 secrets sends at least 200 requests: faults are certain, not luck.
 */
const CHAOS_SEED = { default: 1601, parallel: 1664 };
/** Compressed from Qovery's 1000 an hour so that the limit is met within the test. */
const RATE_LIMIT = { limit: 30, windowSeconds: 2 };

/** The faults, by the stats' names, that the first `requests` draws of a seeded chaos give. */
function seededFaults(chaos: ChaosConfig, requests: number): Record<string, number> {
    const monkey = new ChaosMonkey(chaos);
    const byKind: Record<string, number> = {};
    for (let i = 0; i < requests; i++) {
        const kind = monkey.draw("GET");
        if (kind) byKind[`chaos:${kind}`] = (byKind[`chaos:${kind}`] ?? 0) + 1;
    }
    return byKind;
}

describe("concurrency through the Pulumi CLI: 200 secrets, a rate limit and 5% injected faults", function () {
    this.timeout(900_000);
    const token = `conc-token-${randomBytes(12).toString("hex")}`;
    const secrets: Secret[] = [{ label: "token", value: token }];
    let emulator: RunningEmulator;
    let admin: EmulatorAdmin;
    let jobs: string[];

    before(async () => {
        pulumiBinary();
        emulator = await startEmulator({ token });
        admin = new EmulatorAdmin(emulator.url);
        jobs = [];
        for (let j = 0; j < JOBS; j++) jobs.push(await admin.createJob({ name: `fleet-${j}` }));
    });
    after(async () => {
        await emulator?.stop();
    });

    for (const parallel of [undefined, 64]) {
        const label = parallel === undefined ? "default parallelism" : `--parallel ${parallel}`;
        it(`${label}: all created, state and server agree exactly, destroy leaves the server empty`, async () => {
            const dir = installProgram(await consumerRoot(), path.join(__dirname, "programs", "lifecycle"), "fleet");
            const stack = await PulumiStack.create({ programDir: dir });
            try {
                await stack.setConfig("qovery:apiUrl", emulator.url);
                await stack.setConfig("qovery:apiToken", token, true);
                await stack.setConfig("qovery:requestTimeoutMs", "1500");
                const specs: Expected[] = [];
                for (let i = 0; i < SECRETS; i++) {
                    const value = `conc-value-${i}-${randomBytes(10).toString("hex")}`;
                    secrets.push({ label: `secret ${i}`, value });
                    specs.push({ name: `s${i}`, jobId: jobs[i % JOBS], key: `SECRET_${i}`, value });
                }
                fs.writeFileSync(path.join(dir, "secrets.json"), JSON.stringify(specs));
                const extra = parallel === undefined ? [] : ["--parallel", String(parallel)];

                await admin.clearRequests(); // also resets the stats
                const chaos = {
                    rate: CHAOS_RATE,
                    delayMs: 2_500,
                    seed: parallel === undefined ? CHAOS_SEED.default : CHAOS_SEED.parallel,
                };
                await admin.configure({ rateLimit: RATE_LIMIT, chaos });
                let runs = 0;
                const converge = async (args: string[]) => {
                    for (let attempt = 1; ; attempt++) {
                        runs++;
                        const r = await stack.run([...args, "--yes", "--skip-preview", ...extra]);
                        if (r.code === 0) return;
                        assert.ok(attempt < 3, `still failing after ${attempt} runs:\n${r.output.slice(-3000)}`);
                        assert.match(r.output, /Could not \w+ Qovery job secret/, "a clear message");
                    }
                };
                await converge(["up"]);
                const afterUp = await tally(stack, admin, jobs, specs);
                assert.equal(stack.jobSecrets().length, SECRETS);
                assert.ok(clean(afterUp), JSON.stringify(afterUp));

                await converge(["destroy"]);
                for (const j of jobs) assert.deepEqual(await admin.storedSecrets(j), [], `job ${j} is empty`);
                assert.deepEqual(stack.jobSecrets(), []);

                const stats = await admin.stats();
                await admin.configure({ chaos: null, rateLimit: { limit: 1_000_000, windowSeconds: 3600 } });
                const faults = Object.values(stats.faults).reduce((a, b) => a + b, 0);
                const leaks = stackLeaks(stack, secrets);
                record({
                    suite: "concurrency",
                    scenario: `${SECRETS} secrets in ${JOBS} jobs, up + destroy, ${label}, ${CHAOS_RATE * 100}% chaos, limit ${RATE_LIMIT.limit}/${RATE_LIMIT.windowSeconds} s`,
                    faults: faults + stats.rateLimited,
                    runs,
                    duplicates: afterUp.duplicates,
                    orphans: afterUp.orphans,
                    phantoms: afterUp.phantoms,
                    leaks: leaks.length,
                    outcome: `${stats.requests} requests, ${faults} chaos faults, ${stats.rateLimited} 429s from the limiter`,
                });
                note(
                    `Concurrency, ${label}: faults by kind ${JSON.stringify(stats.faults)}; requests by method ${JSON.stringify(stats.byMethod)}.`,
                );
                assert.deepEqual(leaks, []);
                assert.ok(stats.requests >= SECRETS, "at least one request per secret");
                assert.deepEqual(stats.faults, seededFaults(chaos, stats.requests), "the seed's faults, no more");
                assert.ok(faults > 0, "faults were injected");
            } finally {
                stack.cleanup();
            }
        });
    }
});
