/**
 * The URN a class records in its inputs (`__resourceUrn`) is the one Pulumi gives the resource:
 * built at once for a resource without a parent, through Pulumi's createUrn for a child.
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { recordedInputs } from "../../provider/resources/common";

const resolved = (o: pulumi.Output<string>) => new Promise<string>((resolve) => o.apply(resolve));

class Parent extends pulumi.ComponentResource {
    constructor(name: string) {
        super("bench:test:Parent", name);
    }
}

before(async () => {
    await pulumi.runtime.setMocks(
        { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: (args) => args.inputs },
        "recorded-project",
        "recorded-stack",
    );
});

describe("recorded URN", () => {
    it("without a parent: a plain string, equal to pulumi.createUrn's", async () => {
        const { __resourceUrn } = recordedInputs("Secret", "db-password", undefined);
        assert.equal(typeof __resourceUrn, "string");
        assert.equal(
            __resourceUrn,
            "urn:pulumi:recorded-stack::recorded-project::pulumi-nodejs:dynamic/qovery:Secret::db-password",
        );
        assert.equal(
            __resourceUrn,
            await resolved(pulumi.createUrn("db-password", "pulumi-nodejs:dynamic/qovery:Secret")),
        );
    });

    it("with a parent: the parent's type in the URN, as pulumi.createUrn builds it", async () => {
        const parent = new Parent("group");
        const { __resourceUrn } = recordedInputs("JobSecret", "child", { parent });
        const urn = await __resourceUrn;
        assert.match(urn, /Parent\$pulumi-nodejs:dynamic\/qovery:JobSecret::child$/);
        assert.equal(urn, await resolved(pulumi.createUrn("child", "pulumi-nodejs:dynamic/qovery:JobSecret", parent)));
    });
});
