import assert from "node:assert/strict";
import { check } from "../../provider/hooks";
import { INPUT_NAMES, UNKNOWN } from "../../provider/engine/inputs";

const JOB = "11111111-1111-4111-8111-111111111111";
const good = { jobId: JOB, key: "DB_PASSWORD", value: "pw" };

async function failuresFor(news: Record<string, unknown>) {
    const r = await check({}, news);
    return r.failures ?? [];
}

/** The property a failure carries: `value` and unknown properties are reported for the resource. */
function reportedProperty(property: string): string {
    return property === "value" || !(INPUT_NAMES as readonly string[]).includes(property) ? "" : property;
}

describe("check", () => {
    it("accepts a minimal secret and returns its inputs", async () => {
        const r = await check({}, { ...good, __provider: "code" });
        assert.deepEqual(r.failures, []);
        assert.deepEqual(r.inputs, good);
    });

    it("accepts every optional input", async () => {
        const full = { ...good, description: "d", mountPath: "/etc/x", enableInterpolationInFile: true };
        assert.deepEqual((await check({}, full)).inputs, full);
    });

    it("accepts an empty value (the API does)", async () => {
        assert.deepEqual(await failuresFor({ ...good, value: "" }), []);
    });

    it("treats null optional inputs as unset", async () => {
        const r = await check({}, { ...good, description: null, mountPath: null, enableInterpolationInFile: null });
        assert.deepEqual(r.failures, []);
        assert.deepEqual(r.inputs, good);
    });

    it("accepts a description of exactly 255 characters", async () => {
        assert.deepEqual(await failuresFor({ ...good, description: "d".repeat(255) }), []);
    });

    const cases: [string, Record<string, unknown>, string, RegExp][] = [
        ["jobId not a uuid", { ...good, jobId: "job-1" }, "jobId", /UUID/],
        ["jobId missing", { key: "K", value: "v" }, "jobId", /required/],
        ["key missing", { jobId: JOB, value: "v" }, "key", /required/],
        ["key empty", { ...good, key: "" }, "key", /empty/],
        ["key with surrounding spaces", { ...good, key: " K " }, "key", /whitespace/],
        ["key a number", { ...good, key: 42 }, "key", /string/],
        ["value missing", { jobId: JOB, key: "K" }, "value", /required/],
        ["value null", { ...good, value: null }, "value", /required/],
        ["value a number", { ...good, value: 42 }, "value", /string/],
        ["description of 256 characters", { ...good, description: "d".repeat(256) }, "description", /255/],
        ["description a number", { ...good, description: 1 }, "description", /string/],
        ["mountPath relative", { ...good, mountPath: "etc/x" }, "mountPath", /absolute/],
        [
            "enableInterpolationInFile a string",
            { ...good, enableInterpolationInFile: "yes" },
            "enableInterpolationInFile",
            /boolean/,
        ],
        ["an unknown property", { ...good, mountpath: "/x" }, "mountpath", /not a JobSecret property/],
    ];
    for (const [label, news, property, reason] of cases) {
        it(`refuses ${label}, naming ${property}`, async () => {
            const failures = await failuresFor(news);
            assert.equal(failures.length, 1, JSON.stringify(failures));
            // The engine prints a failing property's value: `value` and unknown properties are the resource's.
            assert.equal(failures[0].property, reportedProperty(property));
            assert.match(failures[0].reason, reason);
            assert.ok(failures[0].reason.includes(property), "the reason names the property");
        });
    }

    it("reports every failure at once", async () => {
        const failures = await failuresFor({ jobId: "x", key: "", value: 1 });
        assert.deepEqual(failures.map((f) => f.property).sort(), ["", "jobId", "key"]);
        assert.match(failures.find((f) => f.property === "")!.reason, /^"value" must be a string/);
    });

    it("never names `value` or an unknown property as the failing property (the engine would print its value)", async () => {
        const failures = await failuresFor({ ...good, value: 12345678901, secret: "misspelt-value-1234" });
        assert.deepEqual(
            failures.map((f) => f.property),
            ["", ""],
        );
        assert.ok(!JSON.stringify(failures).includes("12345678901"));
        assert.ok(!JSON.stringify(failures).includes("misspelt-value-1234"));
    });

    it("never puts the value in a failure", async () => {
        const failures = await failuresFor({ ...good, value: "hunter2-value", jobId: "bad", description: 3 });
        assert.ok(failures.length > 0);
        assert.ok(!JSON.stringify(failures).includes("hunter2-value"));
    });

    it("lets values that are unknown during preview through, for every input", async () => {
        const news = {
            jobId: UNKNOWN,
            key: UNKNOWN,
            value: UNKNOWN,
            description: UNKNOWN,
            mountPath: UNKNOWN,
            enableInterpolationInFile: UNKNOWN,
        };
        const r = await check({}, news);
        assert.deepEqual(r.failures, []);
        assert.deepEqual(r.inputs, news);
    });
});
