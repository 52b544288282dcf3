/**
 * Runs the program in this folder through Pulumi's Automation API against the Qovery API
 * emulator, and checks what the emulator holds. Needs the Pulumi CLI on PATH; no Qovery account,
 * no network.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { EmulatorAdmin, type RunningEmulator, startEmulator } from "pulumi-qovery-secrets/emulator";

const JOB = "3f2a8d4e-5b6c-4d7e-8f90-a1b2c3d4e5f6";

describe("the program, against the Qovery API emulator", function () {
    this.timeout(10 * 60_000);

    let emulator: RunningEmulator;
    let admin: EmulatorAdmin;
    let stack: Stack;
    let backend: string;

    before(async () => {
        // A free port on 127.0.0.1, one job; the token is the emulator's default (emulator.token).
        emulator = await startEmulator({ jobs: [JOB] });
        admin = new EmulatorAdmin(emulator.url);
        // What the job inherits in Qovery: a built-in secret, a project secret, a project variable.
        await admin.seedSecret(JOB, {
            key: "QOVERY_POSTGRESQL_Z1234_DATABASE_URL",
            value: "postgresql://app@db:5432/app",
            scope: "BUILT_IN",
        });
        await admin.seedSecret(JOB, { key: "STRIPE_KEY", value: "sk_project", scope: "PROJECT" });
        await admin.seedVariable(JOB, { key: "REGION", value: "us-east-1", scope: "PROJECT" });

        // The state in a temporary folder: nothing is written to your Pulumi account.
        backend = fs.mkdtempSync(path.join(os.tmpdir(), "offline-test-state-"));
        stack = await LocalWorkspace.createOrSelectStack(
            { stackName: "offline-test", workDir: path.join(__dirname, "..") },
            {
                envVars: {
                    PULUMI_BACKEND_URL: `file://${backend}`,
                    PULUMI_CONFIG_PASSPHRASE: "offline-test",
                    PULUMI_SKIP_UPDATE_CHECK: "true",
                },
            },
        );
        await stack.setAllConfig({
            jobId: { value: JOB },
            dbPassword: { value: "db-password-for-tests", secret: true },
            stripeKey: { value: "sk_test_job", secret: true },
            "qovery:apiUrl": { value: emulator.url },
            "qovery:apiToken": { value: emulator.token, secret: true },
        });
    });

    after(async () => {
        await stack?.workspace.removeStack("offline-test", { force: true }).catch(() => undefined);
        await emulator?.stop();
        if (backend) fs.rmSync(backend, { recursive: true, force: true });
    });

    it("up creates what the program declares", async () => {
        const result = await stack.up();
        assert.equal(result.summary.result, "succeeded");

        const own = <T extends { scope: string }>(rows: T[]) => rows.filter((r) => r.scope === "JOB");
        const secrets = own(await admin.storedSecrets(JOB));
        const variables = own(await admin.storedVariables(JOB));
        assert.deepEqual(secrets.map((s) => s.key).sort(), ["DATABASE_URL", "DB_PASSWORD", "STRIPE_KEY"]);
        assert.deepEqual(variables.map((v) => v.key).sort(), ["LEVEL", "LOG_LEVEL", "REGION"]);

        const byKey = <T extends { key: string }>(rows: T[], key: string) => rows.find((r) => r.key === key)!;
        assert.equal(byKey(secrets, "DB_PASSWORD").value, "db-password-for-tests");
        assert.equal(byKey(secrets, "STRIPE_KEY").value, "sk_test_job");
        assert.ok(byKey(secrets, "DATABASE_URL").alias_of, "DATABASE_URL is an alias");
        assert.equal(byKey(variables, "REGION").value, "eu-west-3");
        assert.equal(byKey(variables, "LEVEL").alias_of, byKey(variables, "LOG_LEVEL").id);

        // The stack's outputs are the emulator's ids.
        assert.equal(result.outputs.dbPasswordId.value, byKey(secrets, "DB_PASSWORD").id);
    });

    it("destroy removes them, and only them", async () => {
        await stack.destroy();
        const secrets = await admin.storedSecrets(JOB);
        const variables = await admin.storedVariables(JOB);
        assert.deepEqual(secrets.map((s) => `${s.scope} ${s.key}`).sort(), [
            "BUILT_IN QOVERY_POSTGRESQL_Z1234_DATABASE_URL",
            "PROJECT STRIPE_KEY",
        ]);
        assert.deepEqual(
            variables.map((v) => `${v.scope} ${v.key}`),
            ["PROJECT REGION"],
        );
    });
});
