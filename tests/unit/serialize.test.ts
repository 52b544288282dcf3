import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { isInstalledPackageModule, jobSecretProvider } from "../../provider/provider";
import { SOURCE_ENTRY_POINTS, loadPackageFromSource } from "../support/packageFromSource";

// The module the engine's provider host uses to load `__provider` (no type declarations).
type RequireFromString = (code: string) => { handler(): pulumi.dynamic.ResourceProvider };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireFromString: RequireFromString = require("require-from-string");

/**
 * The engine serializes the provider object into every resource's `__provider`, in inputs
 * and outputs. It must succeed, be small, and carry no credential or value.
 */
describe("serialized provider", () => {
    const token = "tok-" + "x".repeat(24);
    const value = "value-" + "y".repeat(24);
    const saved = { ...process.env };
    let text: string;

    before(async () => {
        // A token and a value present in the program process must not reach the text.
        process.env.QOVERY_API_TOKEN = token;
        process.env.SOME_VALUE = value;
        text = (await pulumi.runtime.serializeFunction(() => jobSecretProvider)).text;
    });
    after(() => {
        process.env = saved;
    });

    it("serializes with Pulumi's own function serializer", () => {
        assert.ok(text.includes("exports.handler"));
    });

    it("holds no token and no value", () => {
        assert.ok(!text.includes(token));
        assert.ok(!text.includes(value));
        assert.ok(!text.includes("QOVERY_API_TOKEN"), "does not even name where the token comes from");
    });

    it("captures no module by value: only a require of the installed package", () => {
        assert.ok(text.includes('require("pulumi-qovery-secrets/hooks")'));
        assert.ok(!/zod|node-fetch|ZodType/.test(text));
    });

    it("is small", () => {
        console.log(`      serialized provider: ${Buffer.byteLength(text)} bytes`);
        assert.ok(Buffer.byteLength(text) < 4000);
    });

    it("deserializes as the provider process does, and its hooks (from this source) run", async () => {
        // The serialized text requires the package by name: point that name at the source, not at a build.
        const restore = loadPackageFromSource();
        try {
            const provider = requireFromString(text).handler();
            const r = await provider.check!({}, { jobId: "not-a-uuid", key: "K", value: "v" });
            assert.deepEqual(
                r.failures?.map((f) => f.property),
                ["jobId"],
            );
            assert.ok(require.cache[SOURCE_ENTRY_POINTS["pulumi-qovery-secrets/hooks"]], "the source hooks ran");
        } finally {
            restore();
        }
    });

    describe("which provider is serialized", () => {
        const hooks = "/app/node_modules/pulumi-qovery-secrets/dist/provider/hooks.js";
        it("the installed hooks module itself when the package sits in the program's node_modules", () => {
            assert.ok(isInstalledPackageModule(hooks, "/app"));
            assert.ok(
                isInstalledPackageModule(
                    "/repo/node_modules/pulumi-qovery-secrets/dist/provider/hooks.js",
                    "/repo/infra",
                ),
            );
        });
        it("the stub anywhere else: a checkout, a linked package, pnpm's nested layout", () => {
            assert.ok(!isInstalledPackageModule("/repo/dist/provider/hooks.js", "/repo"));
            assert.ok(!isInstalledPackageModule("/app/node_modules/other/dist/hooks.js", "/app"));
            assert.ok(
                !isInstalledPackageModule(
                    "/app/node_modules/.pnpm/pulumi-qovery-secrets@0.1.0/node_modules/pulumi-qovery-secrets/dist/provider/hooks.js",
                    "/app",
                ),
            );
        });
    });
});
