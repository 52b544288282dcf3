/**
 * Which outputs each class asks Pulumi to keep secret in state, as registered with the engine
 * (read off the registration request under Pulumi's mocks): every value and every target
 * object that can carry one. The e2e state-file check is in tests/e2e/secretTargets.test.ts.
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import {
    JobEnvironmentVariable,
    JobEnvironmentVariableAlias,
    JobEnvironmentVariableOverride,
    JobSecret,
    JobSecretAlias,
    JobSecretOverride,
    resetResourceValidation,
} from "../../provider";

const JOB = "11111111-2222-4333-8444-555555555556";

interface RegisterRequest {
    getType(): string;
    getAdditionalsecretoutputsList(): string[];
}

describe("secret outputs of every class (registration, under mocks)", () => {
    const registered = new Map<string, string[]>();

    before(async () => {
        await pulumi.runtime.setMocks({
            newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
            call: (args) => args.inputs,
        });
        const monitor = pulumi.runtime.getMonitor() as unknown as {
            registerResource(req: RegisterRequest, cb: unknown): unknown;
        };
        const original = monitor.registerResource.bind(monitor);
        monitor.registerResource = (req, cb) => {
            registered.set(req.getType(), req.getAdditionalsecretoutputsList());
            return original(req, cb);
        };
    });
    beforeEach(() => resetResourceValidation());

    it("each target object and value is secret; the program's own additionalSecretOutputs are kept", async () => {
        const resources = [
            new JobSecret("s", { jobId: JOB, key: "S", value: "v" }, { additionalSecretOutputs: ["description"] }),
            new JobSecretAlias("sa", { jobId: JOB, aliasedKey: "S", key: "SA" }),
            new JobSecretOverride("so", { jobId: JOB, overriddenKey: "P", value: "v" }),
            new JobEnvironmentVariable("v", { jobId: JOB, key: "V", value: "v" }),
            new JobEnvironmentVariableAlias("va", { jobId: JOB, aliasedKey: "V", key: "VA" }),
            new JobEnvironmentVariableOverride("vo", { jobId: JOB, overriddenKey: "Q", value: "v" }),
        ];
        await Promise.all(resources.map((r) => new Promise((resolve) => r.urn.apply(resolve))));
        const of = (type: string) => [...(registered.get(`pulumi-nodejs:dynamic/qovery:${type}`) ?? [])].sort();
        assert.deepEqual(of("JobSecret"), ["aliasedSecret", "description", "overriddenSecret", "value"]);
        assert.deepEqual(of("JobSecretAlias"), ["aliasedSecret"]);
        assert.deepEqual(of("JobSecretOverride"), ["overriddenSecret", "value"]);
        assert.deepEqual(of("JobEnvironmentVariable"), ["aliasedVariable", "overriddenVariable"]);
        assert.deepEqual(of("JobEnvironmentVariableAlias"), ["aliasedVariable", "value"]);
        assert.deepEqual(of("JobEnvironmentVariableOverride"), ["overriddenVariable"]);
    });
});
