import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { stubProvider } from "../../provider/provider";
import { SOURCE_ENTRY_POINTS, loadPackageFromSource } from "../support/packageFromSource";

type RequireFromString = (code: string) => { handler(): pulumi.dynamic.ResourceProvider };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireFromString: RequireFromString = require("require-from-string");

/**
 * Each kind is the module its serialized provider loads: the stub of a new kind must name its
 * own module, and the module must run that kind's hooks (here: its `check` rules).
 */
describe("serialized providers of the new kinds", () => {
    const JOB = "11111111-1111-4111-8111-111111111111";
    for (const [module, news, refused] of [
        ["jobSecretAlias", { jobId: JOB, key: "K" }, "aliasedKey"],
        ["jobSecretOverride", { jobId: JOB, overriddenKey: "K", value: "v", description: 3 }, "description"],
        ["jobEnvironmentVariable", { jobId: JOB, key: "K", value: "v", mountPath: "rel" }, "mountPath"],
        ["jobEnvironmentVariableAlias", { jobId: JOB, key: "K", aliasedVariableId: "nope" }, "aliasedVariableId"],
        ["jobEnvironmentVariableOverride", { jobId: JOB, value: "v" }, "overriddenKey"],
        ["secret", { environmentId: JOB, key: "K", value: "v", mountPath: "rel" }, "mountPath"],
        ["secretAlias", { applicationId: JOB, key: "K" }, "aliasedKey"],
        ["secretOverride", { projectId: JOB, overriddenKey: "K", value: "v" }, "projectId"],
        ["environmentVariable", { projectId: JOB, environmentId: JOB, key: "K", value: "v" }, "environmentId"],
        ["environmentVariableAlias", { helmId: JOB, key: "K", aliasedVariableId: "nope" }, "aliasedVariableId"],
        ["environmentVariableOverride", { terraformId: "x", overriddenKey: "K", value: "v" }, "terraformId"],
        [
            "jobDeployment",
            { jobId: JOB, triggersHash: `sha256:${"0".repeat(64)}`, timeoutSeconds: 0 },
            "timeoutSeconds",
        ],
        ["deployment", { helmId: JOB, triggersHash: `sha256:${"0".repeat(64)}`, timeoutSeconds: 0 }, "timeoutSeconds"],
    ] as const) {
        it(`${module}: a require of pulumi-qovery-secrets/hooks/${module}, whose check is that kind's`, async () => {
            // As Pulumi does: the provider object is what the serialized function returns.
            const stub = stubProvider(`pulumi-qovery-secrets/hooks/${module}`);
            const text = (await pulumi.runtime.serializeFunction(() => stub)).text;
            assert.ok(text.includes(`pulumi-qovery-secrets/hooks/${module}`));
            assert.ok(!/zod|node-fetch|ZodType/.test(text));
            console.log(`      ${module}: ${Buffer.byteLength(text)} bytes`);
            assert.ok(Buffer.byteLength(text) < 4000);
            // The serialized text requires the package by name: point that name at the source, not at a build.
            const restore = loadPackageFromSource();
            try {
                const provider = requireFromString(text).handler();
                const r = await provider.check!({}, news);
                assert.deepEqual(
                    r.failures?.map((f) => f.property),
                    [refused],
                );
                assert.ok(require.cache[SOURCE_ENTRY_POINTS[`pulumi-qovery-secrets/hooks/${module}`]]);
            } finally {
                restore();
            }
        });
    }
});
