/**
 * The run's hints a resource class adds to its inputs (resources/registration.ts): the parent
 * and how many variables the program declared in it, and the order in which they resolve.
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { declaredParent, type RunHints, withRunHints } from "../../provider/resources/registration";

const APP = "22222222-2222-4222-8222-222222222222";
const JOB = "11111111-1111-4111-8111-111111111111";

describe("the run's hints (registration.ts)", () => {
    it("the parent is the first scope input with a plain id, keyed as the provider keys it", () => {
        assert.equal(declaredParent({ applicationId: APP.toUpperCase(), key: "A" }), `APPLICATION:${APP}`);
        assert.equal(declaredParent({ jobId: JOB }), `JOB:${JOB}`);
        assert.equal(declaredParent({ environmentId: pulumi.output("x") }), undefined, "an Output is not known now");
        assert.equal(declaredParent({ key: "A" }), undefined);
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
            { name: "s2", args: { applicationId: other } },
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
        assert.deepEqual(order, ["s1", "e1", "d1", "s2"]);
        assert.equal(hints[0].parent, `APPLICATION:${other}`);
        assert.deepEqual(
            hints.map((h) => h.siblings),
            [3, 3, undefined, 3],
            "three variables declared in the application; a deployment is not one",
        );
        const expected = Number(process.env.PULUMI_NODEJS_PARALLEL);
        assert.equal(hints[0].parallel, Number.isInteger(expected) && expected > 0 ? expected : undefined);
    });
});
