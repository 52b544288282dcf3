/**
 * Variables under Pulumi's mocks: one Secret or EnvironmentVariable per entry in the scope the
 * program names, one Deployment of that environment or service with `redeployOnChange`, and the
 * refusals that happen while the program runs (so during preview).
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { Variables, type VariablesArgs, resetResourceValidation } from "../../provider";

const ENV = "11111111-2222-4333-8444-555555555555";

interface Registered {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

describe("Variables: the component for any scope", () => {
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

    const settled = (c: Variables) =>
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

    it("an environment's: children in the environment, and one redeploy of the environment", async () => {
        const c = new Variables("shared", {
            environmentId: ENV,
            secrets: { DB_PASSWORD: "p" },
            environmentVariables: { REGION: { value: "eu", description: "d" } },
            redeployOnChange: true,
            adopt: true,
        });
        await settled(c);
        const byType = registered
            .filter((r) => r.type !== "qovery:index:Variables")
            .map((r) => [r.type.split(":").pop(), r.name]);
        assert.deepEqual(byType.sort(), [
            ["Deployment", "shared-redeploy"],
            ["EnvironmentVariable", "shared-variable-REGION"],
            ["Secret", "shared-secret-DB_PASSWORD"],
        ]);
        for (const r of registered.filter((x) => /Secret$|EnvironmentVariable$/.test(x.type))) {
            assert.equal(r.inputs.environmentId, ENV);
            assert.equal(r.inputs.adopt, true);
            assert.equal(r.inputs.applicationId, undefined);
        }
        const deployment = registered.find((r) => r.type.endsWith(":Deployment"))!;
        assert.equal(deployment.inputs.environmentId, ENV);
        assert.equal(deployment.inputs.jobId, undefined);
    });

    it("a service's redeploy targets that service (the scope input is the Deployment's own)", async () => {
        await settled(new Variables("api", { helmId: ENV, environmentVariables: { A: "1" }, redeployOnChange: true }));
        const deployment = registered.find((r) => r.type.endsWith(":Deployment"))!;
        assert.equal(deployment.inputs.helmId, ENV);
    });

    const refusal = (args: VariablesArgs) => {
        try {
            new Variables("bad", args);
        } catch (err) {
            return (err as Error).message;
        }
        return "no error";
    };

    it("a project's with redeployOnChange: refused, saying what to do instead", () => {
        assert.match(
            refusal({ projectId: ENV, secrets: { A: "1" }, redeployOnChange: true }),
            /"redeployOnChange" is refused at project scope: .*Deployment \(\{ environmentId/,
        );
    });

    it("a project's without it: its children are the project's", async () => {
        await settled(new Variables("org", { projectId: ENV, environmentVariables: { REGION: "eu" } }));
        assert.equal(registered.find((r) => r.name === "org-variable-REGION")!.inputs.projectId, ENV);
    });

    it("no scope, or two: refused while the program runs, naming the inputs", () => {
        assert.match(refusal({ secrets: { A: "1" } }), /one of "projectId", .* is required/);
        assert.match(refusal({ environmentId: ENV, applicationId: ENV }), /not "environmentId" and "applicationId"/);
    });
});
