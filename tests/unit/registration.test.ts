/**
 * The run's hints a resource class adds to its inputs (resources/registration.ts): the service
 * and how many variables the program declared in it that a batch could carry, and the order in
 * which they resolve.
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import {
    EnvironmentVariable,
    EnvironmentVariableAlias,
    JobSecret,
    Secret,
    SecretOverride,
    resetResourceValidation,
} from "../../provider";
import { batchableParent, type RunHints, withRunHints } from "../../provider/resources/registration";

const APP = "22222222-2222-4222-8222-222222222222";
const JOB = "11111111-1111-4111-8111-111111111111";

describe("the run's hints (registration.ts)", () => {
    it("a plain variable is counted in its service, keyed as the provider keys it", () => {
        assert.equal(batchableParent({ applicationId: APP.toUpperCase(), key: "A" }), `APPLICATION:${APP}`);
        assert.equal(batchableParent({ jobId: JOB, adopt: false }), `JOB:${JOB}`);
    });

    it("a variable whose create a batch cannot carry, or whose service is not known now, is not counted", () => {
        assert.equal(batchableParent({ applicationId: pulumi.output(APP) }), undefined, "an Output is not known now");
        assert.equal(batchableParent({ environmentId: APP }), undefined, "an environment's variable");
        assert.equal(batchableParent({ projectId: APP }), undefined, "a project's variable");
        for (const extra of [{ description: "d" }, { mountPath: "/m" }, { enableInterpolationInFile: true }]) {
            assert.equal(batchableParent({ applicationId: APP, ...extra }), undefined, JSON.stringify(extra));
        }
        assert.equal(batchableParent({ applicationId: APP, adopt: true }), undefined, "adopt");
        assert.equal(
            batchableParent({ applicationId: APP, adopt: pulumi.output(true) }),
            undefined,
            "adopt, not known now",
        );
        assert.equal(batchableParent({ applicationId: APP, description: pulumi.output("d") }), undefined);
        assert.equal(batchableParent({ key: "A" }), undefined);
    });

    it("`__run` is the last input, so that the SDK awaits it after every other", () => {
        const props = withRunHints({ key: "A", value: "v" }, { applicationId: APP });
        assert.deepEqual(Object.keys(props), ["key", "value", "__run"]);
    });

    it("resolves in the order declared, once every provider is serialized, with the parent's count", async () => {
        const order: string[] = [];
        let serialized!: () => void;
        const slowProvider = new Promise<void>((r) => (serialized = r));
        const other = `99999999-9999-4999-8999-99999999999${Math.floor(Math.random() * 10)}`;
        const declared = [
            { name: "s1", args: { applicationId: other } },
            { name: "e1", args: { applicationId: other } },
            { name: "d1", args: undefined },
            { name: "a1", args: undefined },
            { name: "s2", args: { applicationId: other } },
            { name: "s3", args: { applicationId: other, description: "created alone" } },
        ];
        const runs = declared.map(({ name, args }) => {
            const props = withRunHints({ name }, args) as Record<string, unknown> & { __run: Promise<RunHints> };
            // As pulumi.dynamic.Resource does: the serialized provider, on the props it was given.
            props.__provider = name === "e1" ? slowProvider : Promise.resolve("provider");
            return props.__run.then((hints) => {
                order.push(name);
                return hints;
            });
        });
        await new Promise((r) => setTimeout(r, 50));
        assert.deepEqual(order, [], "the provider of one class is not serialized yet: nothing is registered");
        serialized();
        const hints = await Promise.all(runs);
        assert.deepEqual(order, ["s1", "e1", "d1", "a1", "s2", "s3"]);
        assert.equal(hints[0].parent, `APPLICATION:${other}`);
        assert.deepEqual(
            hints.map((h) => h.siblings),
            [3, 3, undefined, undefined, 3, undefined],
            "three variables a batch could carry in the application; a deployment, an alias and a described variable are not",
        );
        const expected = Number(process.env.PULUMI_NODEJS_PARALLEL);
        assert.equal(hints[0].parallel, Number.isInteger(expected) && expected > 0 ? expected : undefined);
    });

    describe("what each class tells the engine (registration, under mocks)", () => {
        const hints = new Map<string, RunHints>();
        before(async () => {
            await pulumi.runtime.setMocks({
                newResource: (args) => {
                    hints.set(args.name, args.inputs.__run as RunHints);
                    return { id: `${args.name}-id`, state: args.inputs };
                },
                call: (args) => args.inputs,
            });
        });
        beforeEach(() => resetResourceValidation());

        it("only Secret and EnvironmentVariable count in their service: aliases, overrides and job classes do not", async () => {
            const app = "44444444-4444-4444-8444-444444444444";
            const job = "55555555-5555-4555-8555-555555555555";
            const resources = [
                new Secret("s", { applicationId: app, key: "S", value: "v" }),
                new EnvironmentVariable("v", { applicationId: app, key: "V", value: "v" }),
                new EnvironmentVariableAlias("va", { applicationId: app, aliasedKey: "V", key: "VA" }),
                new SecretOverride("so", { applicationId: app, overriddenKey: "P", value: "v" }),
                new JobSecret("js", { jobId: job, key: "J", value: "v" }),
            ];
            await Promise.all(resources.map((r) => new Promise((resolve) => r.id.apply(resolve))));
            assert.deepEqual(
                ["s", "v", "va", "so", "js"].map((n) => [n, hints.get(n)?.parent, hints.get(n)?.siblings]),
                [
                    ["s", `APPLICATION:${app}`, 2],
                    ["v", `APPLICATION:${app}`, 2],
                    ["va", undefined, undefined],
                    ["so", undefined, undefined],
                    ["js", undefined, undefined],
                ],
            );
        });
    });
});
