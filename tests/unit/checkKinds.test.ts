import assert from "node:assert/strict";
import { checkInputs } from "../../provider/engine/check";
import { UNKNOWN } from "../../provider/engine/inputs";
import { KINDS, type KindName } from "../../provider/engine/kinds";

const JOB = "11111111-1111-4111-8111-111111111111";
const PARENT = "33333333-3333-4333-8333-333333333333";

/** A minimal valid input set per class. */
const GOOD: Record<KindName, Record<string, unknown>> = {
    JobSecret: { jobId: JOB, key: "K", value: "v" },
    JobEnvironmentVariable: { jobId: JOB, key: "LOG_LEVEL", value: "info" },
    JobSecretAlias: { jobId: JOB, aliasedKey: "QOVERY_POSTGRESQL_Z1234_DATABASE_URL", key: "DATABASE_URL" },
    JobEnvironmentVariableAlias: { jobId: JOB, aliasedVariableId: PARENT, key: "HOST" },
    JobSecretOverride: { jobId: JOB, overriddenKey: "STRIPE_KEY", value: "sk" },
    JobEnvironmentVariableOverride: { jobId: JOB, overriddenVariableId: PARENT, value: "x" },
    Secret: { environmentId: JOB, key: "DB_PASSWORD", value: "v" },
    EnvironmentVariable: { projectId: JOB, key: "REGION", value: "eu-west-3" },
    SecretAlias: { applicationId: JOB, aliasedKey: "QOVERY_POSTGRESQL_Z1_DATABASE_URL", key: "DATABASE_URL" },
    EnvironmentVariableAlias: { helmId: JOB, aliasedVariableId: PARENT, key: "HOST" },
    SecretOverride: { environmentId: JOB, overriddenKey: "DB_PASSWORD", value: "s" },
    EnvironmentVariableOverride: { terraformId: JOB, overriddenVariableId: PARENT, value: "x" },
};

const failuresOf = (name: KindName, news: Record<string, unknown>) =>
    (checkInputs(KINDS[name], news).failures ?? []).map((f) => [f.property, f.reason] as const);

describe("check: the new arguments", () => {
    for (const name of Object.keys(GOOD) as KindName[]) {
        it(`${name}: a minimal resource passes and keeps its inputs`, () => {
            const r = checkInputs(KINDS[name], { ...GOOD[name], __provider: "code" });
            assert.deepEqual(r.failures, []);
            assert.deepEqual(r.inputs, GOOD[name]);
        });
    }

    it("JobEnvironmentVariable accepts every optional input, a file included", () => {
        const full = {
            ...GOOD.JobEnvironmentVariable,
            description: "d",
            mountPath: "/etc/app/log.conf",
            enableInterpolationInFile: true,
        };
        assert.deepEqual(checkInputs(KINDS.JobEnvironmentVariable, full).inputs, full);
    });

    it("a target id in upper case is kept in lower case (case is no change)", () => {
        const r = checkInputs(KINDS.JobSecretAlias, { jobId: JOB, aliasedSecretId: PARENT.toUpperCase(), key: "K" });
        assert.equal(r.inputs.aliasedSecretId, PARENT);
    });

    it("a target unknown during preview passes", () => {
        const r = checkInputs(KINDS.JobSecretOverride, { jobId: JOB, overriddenSecretId: UNKNOWN, value: "v" });
        assert.deepEqual(r.failures, []);
    });

    /** [class, label, inputs, property, reason] */
    const cases: [KindName, string, Record<string, unknown>, string, RegExp][] = [
        [
            "JobSecretAlias",
            "no target",
            { jobId: JOB, key: "K" },
            "aliasedKey",
            /"aliasedKey" or "aliasedSecretId" is required/,
        ],
        [
            "JobSecretAlias",
            "both targets",
            { jobId: JOB, key: "K", aliasedKey: "A", aliasedSecretId: PARENT },
            "aliasedSecretId",
            /either "aliasedKey" or "aliasedSecretId", not both/,
        ],
        [
            "JobSecretAlias",
            "target id not a uuid",
            { jobId: JOB, key: "K", aliasedSecretId: "abc" },
            "aliasedSecretId",
            /secret id \(a UUID\)/,
        ],
        ["JobSecretAlias", "target key empty", { jobId: JOB, key: "K", aliasedKey: "" }, "aliasedKey", /empty/],
        [
            "JobSecretAlias",
            "target key with spaces",
            { jobId: JOB, key: "K", aliasedKey: " A" },
            "aliasedKey",
            /whitespace/,
        ],
        ["JobSecretAlias", "target key a number", { jobId: JOB, key: "K", aliasedKey: 1 }, "aliasedKey", /string/],
        ["JobSecretAlias", "key missing", { jobId: JOB, aliasedKey: "A" }, "key", /required/],
        [
            "JobSecretAlias",
            "a value (an alias has none)",
            { ...GOOD.JobSecretAlias, value: "v" },
            "value",
            /not a JobSecretAlias property \(its value is not shown\)/,
        ],
        [
            "JobSecretAlias",
            "description of 256",
            { ...GOOD.JobSecretAlias, description: "d".repeat(256) },
            "description",
            /255/,
        ],
        ["JobSecretAlias", "jobId missing", { aliasedKey: "A", key: "K" }, "jobId", /required/],
        [
            "JobEnvironmentVariableAlias",
            "a secret id argument",
            { ...GOOD.JobEnvironmentVariableAlias, aliasedSecretId: PARENT },
            "aliasedSecretId",
            /not a JobEnvironmentVariableAlias property/,
        ],
        [
            "JobEnvironmentVariableAlias",
            "target id not a uuid",
            { jobId: JOB, key: "K", aliasedVariableId: 7 },
            "aliasedVariableId",
            /environment variable id \(a UUID\)/,
        ],
        ["JobSecretOverride", "no target", { jobId: JOB, value: "v" }, "overriddenKey", /is required/],
        [
            "JobSecretOverride",
            "both targets",
            { jobId: JOB, value: "v", overriddenKey: "A", overriddenSecretId: PARENT },
            "overriddenSecretId",
            /not both/,
        ],
        ["JobSecretOverride", "value missing", { jobId: JOB, overriddenKey: "A" }, "value", /required/],
        ["JobSecretOverride", "value a number", { jobId: JOB, overriddenKey: "A", value: 3 }, "value", /string/],
        [
            "JobSecretOverride",
            "a key (an override's is its target's)",
            { ...GOOD.JobSecretOverride, key: "K" },
            "key",
            /not a JobSecretOverride property/,
        ],
        [
            "JobSecretOverride",
            "a mountPath",
            { ...GOOD.JobSecretOverride, mountPath: "/x" },
            "mountPath",
            /not a JobSecretOverride property/,
        ],
        [
            "JobEnvironmentVariableOverride",
            "target id not a uuid",
            { jobId: JOB, value: "v", overriddenVariableId: "x" },
            "overriddenVariableId",
            /UUID/,
        ],
        ["JobEnvironmentVariable", "value missing", { jobId: JOB, key: "K" }, "value", /required/],
        ["JobEnvironmentVariable", "value a boolean", { jobId: JOB, key: "K", value: true }, "value", /string/],
        [
            "JobEnvironmentVariable",
            "mountPath relative",
            { ...GOOD.JobEnvironmentVariable, mountPath: "etc/x" },
            "mountPath",
            /absolute/,
        ],
        [
            "JobEnvironmentVariable",
            "enableInterpolationInFile a string",
            { ...GOOD.JobEnvironmentVariable, enableInterpolationInFile: "yes" },
            "enableInterpolationInFile",
            /boolean/,
        ],
        [
            "JobEnvironmentVariable",
            "a typo",
            { ...GOOD.JobEnvironmentVariable, mount_path: "/x" },
            "mount_path",
            /not a JobEnvironmentVariable property/,
        ],
    ];
    for (const [name, label, news, property, reason] of cases) {
        it(`${name}: ${label} → refused, naming "${property}"`, () => {
            const f = failuresOf(name, news);
            assert.equal(f.length, 1, JSON.stringify(f));
            // The engine prints a failing property's value: `value` and unknown properties are the resource's.
            const secretBearing = property === "value" || !(property in KINDS[name].fields);
            assert.equal(f[0][0], secretBearing ? "" : property);
            assert.match(f[0][1], reason);
            assert.ok(f[0][1].includes(`"${property}"`), "the reason names the property");
        });
    }
});

describe("check: the parent of the classes of every scope", () => {
    const SCOPE_IDS = ["projectId", "environmentId", "applicationId", "containerId", "jobId", "helmId", "terraformId"];
    for (const field of SCOPE_IDS) {
        it(`Secret in ${field.replace(/Id$/, "")} passes`, () => {
            assert.deepEqual(failuresOf("Secret", { [field]: JOB, key: "K", value: "v" }), []);
        });
    }
    it("none: refused, naming every scope input", () => {
        const [[property, reason]] = failuresOf("EnvironmentVariable", { key: "K", value: "v" });
        assert.equal(property, "");
        assert.match(reason, /one of "projectId", "environmentId", .*"terraformId" is required/);
    });
    it("two: refused, naming both", () => {
        const [[property, reason]] = failuresOf("Secret", { projectId: JOB, environmentId: JOB, key: "K", value: "v" });
        assert.equal(property, "environmentId");
        assert.match(reason, /exactly one .* not "projectId" and "environmentId"/);
    });
    it("a value not known yet counts as set: two are still refused", () => {
        const failures = failuresOf("Secret", { projectId: UNKNOWN, applicationId: JOB, key: "K", value: "v" });
        assert.equal(failures.length, 1);
    });
    it("an override in a project: refused (nothing above it), naming what to do", () => {
        const [[property, reason]] = failuresOf("SecretOverride", { projectId: JOB, overriddenKey: "K", value: "v" });
        assert.equal(property, "projectId");
        assert.match(reason, /nothing is above a project: declare the project's own value with Secret/);
    });
    it("a parent id that is not a UUID: refused, naming the scope", () => {
        const [[property, reason]] = failuresOf("EnvironmentVariable", { helmId: "nope", key: "K", value: "v" });
        assert.equal(property, "helmId");
        assert.match(reason, /a Qovery helm service id/);
    });
    it("a description over 255 characters: refused", () => {
        const [[property]] = failuresOf("Secret", { ...GOOD.Secret, description: "x".repeat(256) });
        assert.equal(property, "description");
    });
});
