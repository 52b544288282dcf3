import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";

// The baseline of the benchmark: the same program shape as tests/e2e/programs/lifecycle (one
// resource per entry of secrets.json, value wrapped in pulumi.secret), but a provider whose hooks
// return at once, so that what remains is the cost of Pulumi itself.
interface Spec {
    name: string;
    jobId: string;
    key: string;
    value: string;
}

const noop: pulumi.dynamic.ResourceProvider = {
    async check(_olds, news) {
        return { inputs: news };
    },
    async diff() {
        return { changes: false };
    },
    async create(inputs) {
        return { id: inputs.key, outs: inputs };
    },
    async read(id, props) {
        return { id, props };
    },
    async update(_id, _olds, news) {
        return { outs: news };
    },
    async delete() {},
};

// JobSecret registers its 8 read-only outputs (createdAt, ...) as undefined inputs, as Pulumi wants
// for typed outputs; with BENCH_NOOP_OUTPUTS=1 the baseline does too, to price that alone.
const OUTPUTS = [
    "createdAt",
    "updatedAt",
    "scope",
    "variableType",
    "serviceId",
    "serviceName",
    "serviceType",
    "ownedBy",
];
const placeholders =
    process.env.BENCH_NOOP_OUTPUTS === "1" ? Object.fromEntries(OUTPUTS.map((k) => [k, undefined])) : {};

class NoopSecret extends pulumi.dynamic.Resource {
    constructor(name: string, args: { jobId: string; key: string; value: string }) {
        super(noop, name, { ...args, value: pulumi.secret(args.value), ...placeholders }, {}, "bench", "NoopSecret");
    }
}

const specs: Spec[] = JSON.parse(fs.readFileSync("secrets.json", "utf8"));
const ids: Record<string, pulumi.Output<string>> = {};
for (const { name, ...args } of specs) ids[name] = new NoopSecret(name, args).id;
export { ids };
