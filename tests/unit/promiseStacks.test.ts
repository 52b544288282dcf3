/**
 * The classes register without the stack traces Pulumi's SDK records on each promise of each
 * property (resources/common.ts withoutPromiseStacks): the stacks formatted while a resource is
 * constructed are counted, for a class of the library and for a bare dynamic resource beside it.
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { JobSecret, Secret } from "../../provider";

const APP = "22222222-2222-4222-8222-222222222222";
const JOB = "11111111-1111-4111-8111-111111111111";

const bare: pulumi.dynamic.ResourceProvider = {
    async create(inputs) {
        return { id: "x", outs: inputs };
    },
};

class Bare extends pulumi.dynamic.Resource {
    constructor(name: string, props: pulumi.Inputs) {
        super(bare, name, props, undefined, "t", "Bare");
    }
}

/** How many stacks with frames were formatted while `construct` ran. */
function stacksDuring(construct: () => void): number {
    const previous = Error.prepareStackTrace;
    let formatted = 0;
    Error.prepareStackTrace = (err, frames) => {
        if (frames.length > 0) formatted++;
        return previous ? previous(err, frames) : `${String(err)}\n${frames.map((f) => `    at ${f}`).join("\n")}`;
    };
    try {
        construct();
    } finally {
        Error.prepareStackTrace = previous;
    }
    return formatted;
}

before(async () => {
    await pulumi.runtime.setMocks(
        { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: (args) => args.inputs },
        "stacks-project",
        "stacks-stack",
    );
});

describe("promise stacks while a resource registers", () => {
    it("a bare dynamic resource formats a stack for each of its properties' promises (the test can fail)", () => {
        const n = stacksDuring(() => {
            new Bare("bare", { a: "1", b: "2", c: "3", d: undefined });
        });
        assert.ok(n > 8, `${n} stacks`);
    });

    it("Secret and JobSecret format only the one Pulumi takes for the resource's source position", () => {
        const before = Error.stackTraceLimit;
        Error.stackTraceLimit = 17;
        try {
            assert.ok(stacksDuring(() => new Secret("s", { applicationId: APP, key: "K", value: "v" })) <= 1);
            assert.ok(stacksDuring(() => new JobSecret("j", { jobId: JOB, key: "K", value: "v" })) <= 1);
            assert.equal(Error.stackTraceLimit, 17, "the limit is put back");
        } finally {
            Error.stackTraceLimit = before;
        }
    });
});
