import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import { EmulatorAdmin, type RunningEmulator, startEmulator } from "../../emulator";
import { stackLeaks } from "./leaks";
import { PulumiStack, isCiphertextSecret } from "./pulumi";
import { REPO, consumerRoot, installProgram, pulumiBinary } from "./workspace";

type ConfigEntry = [string, string, boolean?];

/** Where an example's variables live: the parents it makes rows in, and the config naming them. */
interface World {
    parents: string[];
    config: ConfigEntry[];
    environmentId?: string;
}

interface ExampleCase {
    dir: string;
    /** Config values: [key, value, secret?]. */
    config?: (jobId: string) => ConfigEntry[];
    /**
     * An example over a project, an environment and its services rather than one job: makes them
     * with the admin API (and what they inherit), and says which config names them.
     */
    world?: (admin: EmulatorAdmin) => Promise<World>;
    /** The keys of the rows the example makes, one per variable resource. */
    keys: string[];
    /** Its resources that are no variable (a Deployment). */
    others?: number;
    /** Plaintexts the program uses, for the leak scan. */
    values: string[];
    /** What the job inherits before the program runs (project secrets, built-ins). */
    seed?: (admin: EmulatorAdmin, jobId: string) => Promise<void>;
    /** What else `up` must have done. */
    check?: (admin: EmulatorAdmin, world: World, stack: PulumiStack) => Promise<void>;
}

const v = () => `ex-value-${randomBytes(10).toString("hex")}`;
const dbPassword = v();
const sentryDsn = v();
const gcpCredentials = JSON.stringify({ type: "service_account", private_key: v() });
const stripeKey = v();
const builtInDatabaseUrl = v();
const envDbPassword = v();
const apiDbPassword = v();
const envDatabaseUrl = v();

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
    {
        dir: "environment",
        world: async (admin) => {
            const projectId = await admin.createProject({ name: "example" });
            const environmentId = await admin.createEnvironment(projectId, { name: "staging" });
            const applicationId = await admin.createService("APPLICATION", environmentId, { name: "api" });
            const containerId = await admin.createService("CONTAINER", environmentId, { name: "worker" });
            // What Qovery gives an environment with a PostgreSQL database (the emulator seeds no database's).
            const databaseUrl = `QOVERY_POSTGRESQL_Z${randomBytes(4).toString("hex").toUpperCase()}_DATABASE_URL`;
            await admin.seedRow({
                parent_id: environmentId,
                scope: "BUILT_IN",
                is_secret: true,
                key: databaseUrl,
                value: envDatabaseUrl,
            });
            return {
                parents: [projectId, environmentId, applicationId, containerId],
                environmentId,
                config: [
                    ["projectId", projectId],
                    ["environmentId", environmentId],
                    ["applicationId", applicationId],
                    ["containerId", containerId],
                    ["databaseUrlBuiltIn", databaseUrl],
                    ["dbPassword", envDbPassword, true],
                    ["apiDbPassword", apiDbPassword, true],
                ],
            };
        },
        keys: ["REGION", "DB_PASSWORD", "DB_PASSWORD", "DATABASE_URL"],
        others: 1,
        values: [envDbPassword, apiDbPassword, envDatabaseUrl],
        check: async (admin, world, stack) => {
            const redeploys = await admin.environmentDeployments(world.environmentId!);
            assert.deepEqual(
                redeploys.map((d) => d.phase),
                ["succeeded"],
                "one redeploy of the environment, waited for",
            );
            const out = await stack.outputs();
            assert.equal(out.deploymentRequestId, redeploys[0].id);
            assert.equal(out.deploymentState, "DEPLOYED");
            const rows = await admin.storedRows();
            const [environmentSecret, override] = ["ENVIRONMENT", "APPLICATION"].map((scope) =>
                rows.find((r) => r.key === "DB_PASSWORD" && r.scope === scope)!,
            );
            assert.equal(override.override_of, environmentSecret.id);
            assert.deepEqual([environmentSecret.value, override.value], [envDbPassword, apiDbPassword]);
            const alias = rows.find((r) => r.key === "DATABASE_URL")!;
            assert.equal(rows.find((r) => r.id === alias.alias_of)?.scope, "BUILT_IN");
        },
    },
];

/** The rows the parents hold (secrets and variables, aliases and overrides), not the built-ins. */
async function ownEntries(admin: EmulatorAdmin, parents: string[]) {
    return (await admin.storedRows()).filter((r) => parents.includes(r.parent_id) && r.scope !== "BUILT_IN");
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
        emulator = await startEmulator({ token, deployment: { queuedMs: 100, deployingMs: 300 } });
        admin = new EmulatorAdmin(emulator.url);
    });
    after(async () => {
        await emulator?.stop();
    });

    for (const ex of EXAMPLES) {
        it(`examples/${ex.dir}: preview (no token needed, no API call), up, destroy`, async () => {
            let world: World;
            if (ex.world) world = await ex.world(admin);
            else {
                const jobId = await admin.createJob({ name: ex.dir });
                await ex.seed?.(admin, jobId);
                world = { parents: [jobId], config: ex.config!(jobId) };
            }
            const dir = installProgram(await consumerRoot(), path.join(REPO, "examples", ex.dir), ex.dir);
            // The first preview type-checks the example as ts-node does for users; later runs need not.
            const stack = await PulumiStack.create({
                programDir: dir,
                env: { QOVERY_API_URL: emulator.url },
                typeCheck: true,
            });
            try {
                for (const [k, val, secret] of world.config) await stack.setConfig(k, val, secret);
                await admin.clearRequests();

                // As in the CI workflow example: no Qovery token at all.
                assert.deepEqual(await plannedOps(stack), Array(ex.keys.length + (ex.others ?? 0)).fill("create"));
                stack.typeCheck = false;
                assert.deepEqual(await admin.requests(), []);

                // --diff: every input is displayed (and so scanned for leaks) as `preview --diff` shows it.
                stack.env.QOVERY_API_TOKEN = token;
                await stack.up(["--diff"]);
                const stored = await ownEntries(admin, world.parents);
                assert.deepEqual(stored.map((s) => s.key).sort(), [...ex.keys].sort());
                const secretValued = (stack.state().checkpoint.latest?.resources ?? []).filter((r) =>
                    /qovery:(Job)?Secret(Override)?$/.test(r.type),
                );
                for (const r of secretValued) {
                    assert.ok(isCiphertextSecret(r.inputs?.value) && isCiphertextSecret(r.outputs?.value), r.urn);
                }
                if (ex.dir === "computed-values") {
                    const [pw, url] = ["DB_PASSWORD", "DATABASE_URL"].map((k) => stored.find((s) => s.key === k)!);
                    assert.ok(url.value!.includes(pw.value!), "the URL embeds the generated password");
                    ex.values.push(pw.value!, url.value!);
                }
                await ex.check?.(admin, world, stack);
                await stack.preview(["--diff", "--expect-no-changes"]);

                await stack.destroy();
                assert.deepEqual(await ownEntries(admin, world.parents), []);

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
