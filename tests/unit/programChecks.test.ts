/**
 * The checks made in the program process, under Pulumi's mocks (no provider code runs): a
 * duplicate (jobId, key) across classes, the constructor's check of required properties, and
 * isInstance keyed on the resource's own type.
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import {
    JobDeployment,
    JobEnvironmentVariable,
    JobEnvironmentVariableAlias,
    JobEnvironmentVariableOverride,
    JobSecret,
    JobSecretAlias,
    JobSecretOverride,
    JobVariables,
    ResourceValidationError,
    findDuplicateKeys,
    resetResourceValidation,
    validateResources,
} from "../../provider";

const JOB = "11111111-2222-4333-8444-555555555555";
const OTHER_JOB = "99999999-2222-4333-8444-555555555555";

before(async () => {
    await pulumi.runtime.setMocks({
        newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
        call: (args) => args.inputs,
    });
});
beforeEach(() => resetResourceValidation());

describe("program checks under Pulumi mocks", () => {
    it("passes a program whose keys differ per job", async () => {
        new JobSecret("a", { jobId: JOB, key: "A", value: "x" });
        new JobEnvironmentVariable("b", { jobId: JOB, key: "B", value: "y" });
        // The same key in another job is fine.
        new JobEnvironmentVariable("a-elsewhere", { jobId: OTHER_JOB, key: "A", value: "y" });
        // An override by id has no key the program knows.
        new JobSecretOverride("by-id", { jobId: JOB, overriddenSecretId: "some-id", value: "v" });
        await validateResources();
        assert.deepEqual(await findDuplicateKeys(), []);
    });

    it("names both resources of a duplicate (jobId, key), across classes and the job id's case", async () => {
        new JobSecret("db-password", { jobId: JOB, key: "DB_PASSWORD", value: "x" });
        new JobEnvironmentVariable("db-password-plain", {
            jobId: pulumi.output(JOB.toUpperCase()),
            key: pulumi.output("DB_PASSWORD"),
            value: "y",
        });
        await assert.rejects(validateResources(), (err: Error) => {
            assert.ok(err instanceof ResourceValidationError);
            assert.match(err.message, /JobEnvironmentVariable "db-password-plain" and JobSecret "db-password"/);
            assert.match(err.message, /key "DB_PASSWORD" in job 11111111-2222-4333-8444-555555555555/);
            assert.match(err.message, /aliases/);
            return true;
        });
    });

    it("counts every class that holds a job-level key: aliases by their key, overrides by their target's", async () => {
        new JobSecretAlias("s-alias", { jobId: JOB, aliasedKey: "QOVERY_X", key: "K1" });
        new JobEnvironmentVariableAlias("v-alias", { jobId: JOB, aliasedKey: "QOVERY_Y", key: "K1" });
        new JobSecretOverride("s-override", { jobId: JOB, overriddenKey: "K2", value: "v" });
        new JobEnvironmentVariableOverride("v-override", { jobId: JOB, overriddenKey: "K2", value: "v" });
        const found = await findDuplicateKeys();
        assert.deepEqual(
            found.map((d) => [d.key, d.first.name, d.second.name]),
            [
                ["K1", "s-alias", "v-alias"],
                ["K2", "s-override", "v-override"],
            ],
        );
    });

    it("refuses two overrides of one target named by id (any case), and names both; other targets pass", async () => {
        const target = "aaaaaaaa-2222-4333-8444-555555555555";
        new JobSecretOverride("first", { jobId: JOB, overriddenSecretId: target, value: "v" });
        new JobSecretOverride("second", { jobId: JOB, overriddenSecretId: target.toUpperCase(), value: "w" });
        new JobSecretOverride("elsewhere", { jobId: OTHER_JOB, overriddenSecretId: target, value: "v" });
        new JobEnvironmentVariableOverride("other-target", {
            jobId: JOB,
            overriddenVariableId: "bbbbbbbb-2222-4333-8444-555555555555",
            value: "v",
        });
        const found = await findDuplicateKeys();
        assert.deepEqual(
            found.map((d) => [d.targetId, d.first.name, d.second.name]),
            [[target, "first", "second"]],
        );
        await assert.rejects(
            validateResources(),
            /JobSecretOverride "second" and JobSecretOverride "first" both override the variable with id aaaaaaaa-.* one override per variable and job/,
        );
    });

    it("finds every duplicate of a key given as plain strings and as Outputs, naming both resources", async () => {
        // A plain string is claimed at construction, an Output when it resolves.
        new JobSecret("from-output", { jobId: pulumi.output(JOB), key: pulumi.output("SHARED"), value: "x" });
        new JobEnvironmentVariable("from-string", { jobId: JOB, key: "SHARED", value: "y" });
        new JobSecret("third", { jobId: JOB.toUpperCase(), key: "SHARED", value: "z" });
        const found = await findDuplicateKeys();
        assert.deepEqual(found.map((d) => [d.first.name, d.second.name].sort().join(" & ")).sort(), [
            "from-output & from-string",
            "from-string & third",
        ]);
        for (const d of found) {
            assert.ok(d.message.includes(`"${d.first.name}"`) && d.message.includes(`"${d.second.name}"`));
        }
    });

    it("a program run again in the same process (an Automation API inline program) does not meet its earlier run", async () => {
        const program = async () => {
            new JobSecret("db-password", { jobId: JOB, key: "DB_PASSWORD", value: "x" });
            await validateResources();
            return {};
        };
        await pulumi.runtime.runInPulumiStack(program);
        await pulumi.runtime.runInPulumiStack(program);
        // ...while within one run, a duplicate is still one.
        await assert.rejects(
            pulumi.runtime.runInPulumiStack(async () => {
                new JobSecret("a", { jobId: JOB, key: "K", value: "x" });
                new JobSecret("b", { jobId: JOB, key: "K", value: "x" });
                await validateResources();
                return {};
            }),
            /JobSecret "b" and JobSecret "a" both hold key "K"/,
        );
    });

    it("refuses a missing required property by name, as generated SDKs do, for JavaScript callers", () => {
        const construct = (C: new (n: string, a: never) => unknown, args: unknown) => () => new C("x", args as never);
        assert.throws(construct(JobSecret, undefined), /^Error: Missing required property 'jobId'$/);
        assert.throws(construct(JobSecret, { jobId: JOB, key: "K" }), /Missing required property 'value'/);
        assert.throws(construct(JobSecretAlias, { jobId: JOB }), /Missing required property 'key'/);
        assert.throws(construct(JobSecretOverride, { jobId: JOB }), /Missing required property 'value'/);
        assert.throws(construct(JobEnvironmentVariable, {}), /Missing required property 'jobId'/);
        assert.throws(construct(JobEnvironmentVariableAlias, undefined), /Missing required property 'jobId'/);
        assert.throws(construct(JobEnvironmentVariableOverride, { jobId: JOB }), /Missing required property 'value'/);
        assert.throws(construct(JobDeployment, undefined), /^Error: Missing required property 'jobId'$/);
        assert.throws(construct(JobVariables, { secrets: {} }), /^Error: Missing required property 'jobId'$/);
    });

    it("isInstance is true only for the class's own resources", () => {
        const secret = new JobSecret("s", { jobId: JOB, key: "S", value: "x" });
        const variable = new JobEnvironmentVariable("v", { jobId: JOB, key: "V", value: "x" });
        class Other extends pulumi.dynamic.Resource {}
        const other = new Other({ create: async () => ({ id: "1" }) }, "other", {}, undefined, "qovery", "Other");
        assert.equal(JobSecret.isInstance(secret), true);
        assert.equal(JobSecret.isInstance(variable), false);
        assert.equal(JobSecret.isInstance(other), false);
        assert.equal(JobSecret.isInstance(undefined), false);
        assert.equal(JobEnvironmentVariable.isInstance(variable), true);
        assert.equal(JobSecretAlias.isInstance(secret), false);

        const deployment = new JobDeployment("d", { jobId: JOB });
        const component = new JobVariables("c", { jobId: JOB, environmentVariables: { C: "x" } });
        assert.equal(JobDeployment.isInstance(deployment), true);
        assert.equal(JobDeployment.isInstance(other), false);
        assert.equal(JobSecret.isInstance(deployment), false);
        assert.equal(JobVariables.isInstance(component), true);
        assert.equal(JobVariables.isInstance(deployment), false);
        assert.equal(JobVariables.isInstance(new pulumi.ComponentResource("other:index:Thing", "thing")), false);
    });
});
