import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import { EmulatorAdmin, type RunningEmulator, startEmulator } from "../../emulator";
import { stackLeaks } from "./leaks";
import { PulumiStack, isCiphertextSecret } from "./pulumi";
import { REPO, consumerRoot, installProgram, pulumiBinary } from "./workspace";

interface ExampleCase {
    dir: string;
    /** Config values: [key, value, secret?]. */
    config: (jobId: string) => [string, string, boolean?][];
    keys: string[];
    /** Plaintexts the program uses, for the leak scan. */
    values: string[];
    /** What the job inherits before the program runs (project secrets, built-ins). */
    seed?: (admin: EmulatorAdmin, jobId: string) => Promise<void>;
}

const v = () => `ex-value-${randomBytes(10).toString("hex")}`;
const dbPassword = v();
const sentryDsn = v();
const gcpCredentials = JSON.stringify({ type: "service_account", private_key: v() });
const stripeKey = v();
const builtInDatabaseUrl = v();

const EXAMPLES: ExampleCase[] = [
    {
        dir: "basic",
        config: (jobId) => [
            ["jobId", jobId],
            ["dbPassword", dbPassword, true],
            ["sentryDsn", sentryDsn, true],
        ],
        keys: ["DB_PASSWORD", "SENTRY_DSN"],
        values: [dbPassword, sentryDsn],
    },
    {
        dir: "file-secret",
        config: (jobId) => [
            ["jobId", jobId],
            ["gcpCredentials", gcpCredentials, true],
        ],
        keys: ["GCP_CREDENTIALS"],
        values: [gcpCredentials],
    },
    {
        dir: "computed-values",
        config: (jobId) => [["jobId", jobId]],
        keys: ["DB_PASSWORD", "DATABASE_URL"],
        values: [],
    },
    {
        dir: "job-variables",
        config: (jobId) => [
            ["jobId", jobId],
            ["databaseUrlBuiltIn", "QOVERY_POSTGRESQL_Z1234_DATABASE_URL"],
            ["stripeKeyForThisJob", stripeKey, true],
        ],
        keys: ["DATABASE_URL", "STRIPE_KEY", "LOG_LEVEL", "LOG_CONFIG"],
        values: [stripeKey, builtInDatabaseUrl],
        seed: async (admin, jobId) => {
            const key = "QOVERY_POSTGRESQL_Z1234_DATABASE_URL";
            await admin.seedSecret(jobId, { key, value: builtInDatabaseUrl, scope: "BUILT_IN" });
            await admin.seedSecret(jobId, { key: "STRIPE_KEY", value: v(), scope: "PROJECT" });
        },
    },
];

/** The job's own entries (secrets and variables, aliases and overrides), not the inherited ones. */
async function ownEntries(admin: EmulatorAdmin, jobId: string) {
    const all = [...(await admin.storedSecrets(jobId)), ...(await admin.storedVariables(jobId))];
    return all.filter((e) => e.scope === "JOB");
}

/** `preview --json`: the operation planned for each resource of this library. */
async function plannedOps(stack: PulumiStack): Promise<string[]> {
    const plan = JSON.parse((await stack.ok(["preview", "--json"])).stdout) as {
        steps?: { op: string; urn: string }[];
    };
    return (plan.steps ?? []).filter((s) => s.urn.includes("dynamic/qovery:")).map((s) => s.op);
}

describe("end to end through the Pulumi CLI: the examples", function () {
    this.timeout(600_000);
    const token = `ex-token-${randomBytes(12).toString("hex")}`;
    let emulator: RunningEmulator;
    let admin: EmulatorAdmin;

    before(async () => {
        pulumiBinary();
        emulator = await startEmulator({ token });
        admin = new EmulatorAdmin(emulator.url);
    });
    after(async () => {
        await emulator?.stop();
    });

    for (const ex of EXAMPLES) {
        it(`examples/${ex.dir}: preview (no token needed, no API call), up, destroy`, async () => {
            const jobId = await admin.createJob({ name: ex.dir });
            const dir = installProgram(await consumerRoot(), path.join(REPO, "examples", ex.dir), ex.dir);
            // The first preview type-checks the example as ts-node does for users; later runs need not.
            const stack = await PulumiStack.create({
                programDir: dir,
                env: { QOVERY_API_URL: emulator.url },
                typeCheck: true,
            });
            try {
                await ex.seed?.(admin, jobId);
                for (const [k, val, secret] of ex.config(jobId)) await stack.setConfig(k, val, secret);
                await admin.clearRequests();

                // As in the CI workflow example: no Qovery token at all.
                assert.deepEqual(await plannedOps(stack), Array(ex.keys.length).fill("create"));
                stack.typeCheck = false;
                await stack.preview(["--diff"]);
                assert.deepEqual(await admin.requests(), []);

                stack.env.QOVERY_API_TOKEN = token;
                await stack.up();
                const stored = await ownEntries(admin, jobId);
                assert.deepEqual(stored.map((s) => s.key).sort(), [...ex.keys].sort());
                const secretValued = (stack.state().checkpoint.latest?.resources ?? []).filter((r) =>
                    /qovery:(JobSecret|JobSecretOverride)$/.test(r.type),
                );
                for (const r of secretValued) {
                    assert.ok(isCiphertextSecret(r.inputs?.value) && isCiphertextSecret(r.outputs?.value), r.urn);
                }
                if (ex.dir === "computed-values") {
                    const [pw, url] = ["DB_PASSWORD", "DATABASE_URL"].map((k) => stored.find((s) => s.key === k)!);
                    assert.ok(url.value!.includes(pw.value!), "the URL embeds the generated password");
                    ex.values.push(pw.value!, url.value!);
                }
                await stack.preview(["--diff", "--expect-no-changes"]);

                await stack.destroy();
                assert.deepEqual(await ownEntries(admin, jobId), []);

                const findings = stackLeaks(stack, [
                    { label: "token", value: token },
                    ...ex.values.map((value, i) => ({ label: `value ${i}`, value })),
                ]);
                assert.deepEqual(findings, []);
            } finally {
                stack.cleanup();
            }
        });
    }
});
