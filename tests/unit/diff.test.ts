import assert from "node:assert/strict";
import { CHANGE_KIND, diffInputs } from "../../provider/engine/diff";
import { INPUT_NAMES, type JobSecretInputs, UNKNOWN } from "../../provider/engine/inputs";

const JOB = "11111111-1111-4111-8111-111111111111";
const OTHER_JOB = "22222222-2222-4222-8222-222222222222";

const base: JobSecretInputs = {
    jobId: JOB,
    key: "DB_PASSWORD",
    value: "s3cret-value",
    description: "primary",
    mountPath: "/etc/app/db",
    enableInterpolationInFile: false,
};

/** A different value for each input, of the right type. */
const changedValue: Record<(typeof INPUT_NAMES)[number], string | boolean> = {
    jobId: OTHER_JOB,
    key: "DB_PASS",
    value: "another-value",
    description: "secondary",
    mountPath: "/etc/app/other",
    enableInterpolationInFile: true,
};

describe("diff", () => {
    it("reports no change for identical inputs, whatever __provider holds", () => {
        const d = diffInputs(
            { ...base, __provider: "old code" } as JobSecretInputs,
            { ...base, __provider: "new code" } as JobSecretInputs,
        );
        assert.deepEqual(d, { changes: false, replaces: [], deleteBeforeReplace: false, changed: [] });
    });

    describe("every input, changed alone", () => {
        for (const name of INPUT_NAMES) {
            const kind = CHANGE_KIND[name];
            it(`${name} → ${kind}`, () => {
                const d = diffInputs(base, { ...base, [name]: changedValue[name] });
                assert.equal(d.changes, true);
                assert.deepEqual(d.changed, [name]);
                assert.deepEqual(d.replaces, kind === "replace" ? [name] : []);
            });
            it(`${name} unknown during preview → ${kind}`, () => {
                const d = diffInputs(base, { ...base, [name]: UNKNOWN } as JobSecretInputs);
                assert.equal(d.changes, true);
                assert.deepEqual(d.changed, [name]);
                assert.deepEqual(d.replaces, kind === "replace" ? [name] : []);
            });
        }
    });

    it("expects exactly jobId and mountPath to replace", () => {
        const replacing = INPUT_NAMES.filter((n) => CHANGE_KIND[n] === "replace");
        assert.deepEqual(replacing, ["jobId", "mountPath"]);
    });

    describe("deleteBeforeReplace", () => {
        it("mountPath changed, same job and key: the new secret would collide, delete first", () => {
            assert.equal(diffInputs(base, { ...base, mountPath: "/x" }).deleteBeforeReplace, true);
        });
        it("mountPath and key changed: no collision, create first", () => {
            assert.equal(diffInputs(base, { ...base, mountPath: "/x", key: "NEW" }).deleteBeforeReplace, false);
        });
        it("jobId changed: the new secret lives in another job, create first", () => {
            assert.equal(diffInputs(base, { ...base, jobId: OTHER_JOB }).deleteBeforeReplace, false);
        });
        it("jobId unknown with the same key: it may be the same job, delete first", () => {
            assert.equal(diffInputs(base, { ...base, jobId: UNKNOWN }).deleteBeforeReplace, true);
        });
        it("mountPath changed and key unknown: it may collide, delete first", () => {
            assert.equal(diffInputs(base, { ...base, mountPath: "/x", key: UNKNOWN }).deleteBeforeReplace, true);
        });
        it("no replacement: never", () => {
            assert.equal(diffInputs(base, { ...base, key: "K2", value: "v2" }).deleteBeforeReplace, false);
        });
    });

    describe("unset optional inputs", () => {
        for (const [label, olds, news] of [
            ["description undefined vs empty", { description: undefined }, { description: "" }],
            ["description null vs undefined", { description: null }, { description: undefined }],
            ["mountPath empty vs undefined", { mountPath: "" }, { mountPath: undefined }],
            [
                "enableInterpolationInFile null vs undefined",
                { enableInterpolationInFile: null },
                { enableInterpolationInFile: undefined },
            ],
        ] as const) {
            it(`${label}: no change`, () => {
                const d = diffInputs({ ...base, ...olds } as JobSecretInputs, { ...base, ...news } as JobSecretInputs);
                assert.equal(d.changes, false, JSON.stringify(d));
            });
        }
        it("enableInterpolationInFile undefined → false is a change", () => {
            const { enableInterpolationInFile: _, ...rest } = base;
            assert.deepEqual(diffInputs(rest, base).changed, ["enableInterpolationInFile"]);
        });
        it("removing a description is a change", () => {
            const { description: _, ...rest } = base;
            assert.deepEqual(diffInputs(base, rest).changed, ["description"]);
        });
        it("an empty value is a real value: '' → 'x' is a change", () => {
            assert.deepEqual(diffInputs({ ...base, value: "" }, base).changed, ["value"]);
        });
    });

    it("key comparison is case sensitive", () => {
        assert.deepEqual(diffInputs(base, { ...base, key: "db_password" }).changed, ["key"]);
    });

    it("several changes at once: reports them all, replaces only the replacing ones", () => {
        const d = diffInputs(base, { ...base, value: "v", jobId: OTHER_JOB, description: "d" });
        assert.deepEqual(d.changed, ["jobId", "value", "description"]);
        assert.deepEqual(d.replaces, ["jobId"]);
    });
});
