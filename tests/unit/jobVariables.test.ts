/**
 * JobVariables under Pulumi's mocks (no provider code runs): one child per entry, named after its
 * key so that reordering the maps changes nothing, `adopt` passed to every child, and one
 * JobDeployment with `redeployOnChange`.
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { JobVariables, type JobVariablesArgs, resetResourceValidation } from "../../provider";

const JOB = "11111111-2222-4333-8444-555555555555";

interface Registered {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

describe("JobVariables: the component for a job's secrets and variables", () => {
    let registered: Registered[] = [];

    before(async () => {
        await pulumi.runtime.setMocks({
            newResource: (args) => {
                registered.push({ type: args.type, name: args.name, inputs: args.inputs });
                return { id: `${args.name}-id`, state: args.inputs };
            },
            call: (args) => args.inputs,
        });
    });
    beforeEach(() => {
        registered = [];
        resetResourceValidation();
    });

    /** Lets the mocked registrations of the component and all its children settle. */
    const settled = (c: JobVariables) =>
        new Promise<void>((resolve) =>
            pulumi
                .all([
                    c.urn,
                    ...Object.values(c.secrets).map((s) => s.id),
                    ...Object.values(c.environmentVariables).map((v) => v.id),
                    ...(c.deployment ? [c.deployment.id] : []),
                ])
                .apply(() => resolve()),
        );
    const children = () =>
        registered
            .filter((r) => r.type !== "qovery:index:JobVariables")
            .map((r) => `${r.type.split(":").pop()} ${r.name}`)
            .sort();

    it("names each child after its key: the same children whatever the order of the maps", async () => {
        const a = new JobVariables("api", {
            jobId: JOB,
            secrets: { DB_PASSWORD: "p", TLS_KEY: { value: "k", mountPath: "/etc/tls.key" } },
            environmentVariables: { LOG_LEVEL: "info", REGION: "eu" },
        });
        await settled(a);
        const first = children();
        assert.deepEqual(first, [
            "JobEnvironmentVariable api-variable-LOG_LEVEL",
            "JobEnvironmentVariable api-variable-REGION",
            "JobSecret api-secret-DB_PASSWORD",
            "JobSecret api-secret-TLS_KEY",
        ]);

        registered = [];
        resetResourceValidation();
        const b = new JobVariables("api", {
            jobId: JOB,
            environmentVariables: { REGION: "eu", LOG_LEVEL: "info" },
            secrets: { TLS_KEY: { value: "k", mountPath: "/etc/tls.key" }, DB_PASSWORD: "p" },
        });
        await settled(b);
        assert.deepEqual(children(), first);
        assert.equal(b.deployment, undefined, "no redeploy unless asked");
    });

    it("passes adopt to every child, and adds one JobDeployment with redeployOnChange", async () => {
        const c = new JobVariables("api", {
            jobId: JOB,
            secrets: { DB_PASSWORD: "p" },
            environmentVariables: { LOG_LEVEL: "info" },
            adopt: true,
            redeployOnChange: true,
        });
        await settled(c);
        const variables = registered.filter((r) => /JobSecret|JobEnvironmentVariable/.test(r.type));
        assert.equal(variables.length, 2);
        for (const r of variables) assert.equal(r.inputs.adopt, true, `${r.name} adopts`);
        const deployments = registered.filter((r) => r.type.endsWith("JobDeployment"));
        assert.deepEqual(
            deployments.map((r) => r.name),
            ["api-redeploy"],
        );
        assert.match(plain(deployments[0].inputs.triggersHash), /^sha256:[0-9a-f]{64}$/);
    });

    /** The registered JobDeployment's inputs for a program. */
    const deploymentInputs = async (args: Omit<JobVariablesArgs, "jobId">) => {
        registered = [];
        resetResourceValidation();
        await settled(new JobVariables("api", { jobId: JOB, redeployOnChange: true, ...args }));
        return registered.find((r) => r.type.endsWith("JobDeployment"))!.inputs;
    };

    it("triggers on each child's value and settings (not only id and updatedAt), and keeps the hash secret", async () => {
        // Under the mocks, ids and `updatedAt` stay the same whatever the value: only the content can move the hash.
        const before = await deploymentInputs({ secrets: { DB_PASSWORD: "p1" }, environmentVariables: { LOG: "a" } });
        const secretChanged = await deploymentInputs({
            secrets: { DB_PASSWORD: "p2" },
            environmentVariables: { LOG: "a" },
        });
        const variableChanged = await deploymentInputs({
            secrets: { DB_PASSWORD: "p1" },
            environmentVariables: { LOG: { value: "a", description: "d" } },
        });
        const same = await deploymentInputs({ secrets: { DB_PASSWORD: "p1" }, environmentVariables: { LOG: "a" } });
        assert.equal(plain(same.triggersHash), plain(before.triggersHash));
        assert.notEqual(plain(secretChanged.triggersHash), plain(before.triggersHash));
        assert.notEqual(plain(variableChanged.triggersHash), plain(before.triggersHash));
        assert.equal(isSecretValue(before.triggersHash), true, "a secret's content makes the hash a secret");
        // Plain variables alone: a plain hash (the check can fail both ways).
        const plainOnly = await deploymentInputs({ environmentVariables: { LOG: "a" } });
        assert.equal(isSecretValue(plainOnly.triggersHash), false);
    });

    it("records the children its triggers reference as `__watched`: URN, id and job, never a value", async () => {
        const inputs = await deploymentInputs({ secrets: { DB_PASSWORD: "p1" }, environmentVariables: { LOG: "a" } });
        const watched = inputs.__watched as { urn: string; id: string; jobId: string }[];
        assert.deepEqual(
            watched.map((m) => [m.urn.split("::").pop(), m.id, m.jobId]),
            // In URN order (the type comes first in a URN).
            [
                ["api-variable-LOG", "api-variable-LOG-id", JOB],
                ["api-secret-DB_PASSWORD", "api-secret-DB_PASSWORD-id", JOB],
            ],
        );
        assert.ok(!JSON.stringify(watched).includes("p1"));
    });
});

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
/** A mocked input as registered: secrets arrive wrapped in Pulumi's secret signature. */
function isSecretValue(v: unknown): boolean {
    return typeof v === "object" && v !== null && SECRET_SIG in v;
}
function plain(v: unknown): string {
    return String(isSecretValue(v) ? (v as { value: unknown }).value : v);
}
