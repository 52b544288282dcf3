import assert from "node:assert/strict";
import { diffProps } from "../../provider/engine/diff";
import { UNKNOWN } from "../../provider/engine/inputs";
import type { Props } from "../../provider/engine/kind";
import { KINDS, type KindName } from "../../provider/engine/kinds";

const JOB = "11111111-1111-4111-8111-111111111111";
const OTHER_JOB = "22222222-2222-4222-8222-222222222222";
const PARENT = "33333333-3333-4333-8333-333333333333";
const OTHER_PARENT = "44444444-4444-4444-8444-444444444444";
const APP = "55555555-5555-4555-8555-555555555555";

/**
 * The change table of every class, as the README states it: for each input, what changing it
 * alone does. Written out here rather than read from the kind table, so that a change of the
 * table shows as a failing test.
 */
/** The parent inputs of every class of every scope: exactly one is set, and moving is a replacement. */
const SCOPE_INPUTS = {
    projectId: "replace",
    environmentId: "replace",
    applicationId: "replace",
    containerId: "replace",
    jobId: "replace",
    helmId: "replace",
    terraformId: "replace",
} as const;

const TABLES: Record<KindName, Record<string, "update" | "replace">> = {
    JobSecret: {
        jobId: "replace",
        key: "update",
        value: "update",
        description: "update",
        mountPath: "replace",
        enableInterpolationInFile: "update",
    },
    JobEnvironmentVariable: {
        jobId: "replace",
        key: "update",
        value: "update",
        description: "update",
        mountPath: "update", // EnvironmentVariableEditRequest carries mount_path
        enableInterpolationInFile: "update",
    },
    JobSecretAlias: {
        jobId: "replace",
        aliasedKey: "replace",
        aliasedSecretId: "replace",
        key: "update",
        description: "update",
    },
    JobEnvironmentVariableAlias: {
        jobId: "replace",
        aliasedKey: "replace",
        aliasedVariableId: "replace",
        key: "update",
        description: "update",
    },
    JobSecretOverride: {
        jobId: "replace",
        overriddenKey: "replace",
        overriddenSecretId: "replace",
        value: "update",
        description: "update",
    },
    JobEnvironmentVariableOverride: {
        jobId: "replace",
        overriddenKey: "replace",
        overriddenVariableId: "replace",
        value: "update",
        description: "update",
    },
    Secret: {
        ...SCOPE_INPUTS,
        key: "update",
        value: "update",
        description: "update",
        mountPath: "replace", // VariableEditRequest has no mount_path
        enableInterpolationInFile: "update",
    },
    EnvironmentVariable: {
        ...SCOPE_INPUTS,
        key: "update",
        value: "update",
        description: "update",
        mountPath: "replace", // VariableEditRequest has no mount_path, unlike the job's
        enableInterpolationInFile: "update",
    },
    SecretAlias: {
        ...SCOPE_INPUTS,
        aliasedKey: "replace",
        aliasedSecretId: "replace",
        key: "update",
        description: "update",
    },
    EnvironmentVariableAlias: {
        ...SCOPE_INPUTS,
        aliasedKey: "replace",
        aliasedVariableId: "replace",
        key: "update",
        description: "update",
    },
    SecretOverride: {
        ...SCOPE_INPUTS,
        overriddenKey: "replace",
        overriddenSecretId: "replace",
        value: "update",
        description: "update",
    },
    EnvironmentVariableOverride: {
        ...SCOPE_INPUTS,
        overriddenKey: "replace",
        overriddenVariableId: "replace",
        value: "update",
        description: "update",
    },
};

/** Old outputs in state for each kind, and a changed value per input. */
function stateOf(name: KindName, byId = false): Props {
    const kind = KINDS[name];
    const base: Props = { jobId: JOB, description: "d", createdAt: "2026-01-01T00:00:00Z", scope: "JOB" };
    if (kind.channel.name === "variable") {
        delete base.jobId;
        base.applicationId = APP;
        base.scope = "APPLICATION";
    }
    if (!kind.target) {
        return { ...base, key: "K", value: "v", mountPath: "/etc/a", enableInterpolationInFile: false };
    }
    const t = kind.target;
    const parent = { id: PARENT, key: "PARENT_KEY", scope: "PROJECT", variableType: "VALUE" };
    const targetInput = byId ? { [t.byId]: PARENT } : { [t.byKey]: "PARENT_KEY" };
    return t.relation === "alias"
        ? { ...base, ...targetInput, key: "ALIAS_KEY", [t.output]: parent }
        : { ...base, ...targetInput, key: "PARENT_KEY", value: "v", [t.output]: parent };
}

/** The inputs the program gives for that state (outputs that are not inputs dropped). */
function inputsOf(name: KindName, state: Props): Props {
    return Object.fromEntries(Object.entries(state).filter(([k]) => k in KINDS[name].fields));
}

const CHANGED: Record<string, unknown> = {
    jobId: OTHER_JOB,
    projectId: OTHER_JOB,
    environmentId: OTHER_JOB,
    applicationId: OTHER_JOB,
    containerId: OTHER_JOB,
    helmId: OTHER_JOB,
    terraformId: OTHER_JOB,
    key: "K2",
    value: "v2",
    description: "d2",
    mountPath: "/etc/b",
    enableInterpolationInFile: true,
    aliasedKey: "OTHER_KEY",
    overriddenKey: "OTHER_KEY",
    aliasedSecretId: OTHER_PARENT,
    aliasedVariableId: OTHER_PARENT,
    overriddenSecretId: OTHER_PARENT,
    overriddenVariableId: OTHER_PARENT,
};

describe("the change table of every class", () => {
    for (const name of Object.keys(TABLES) as KindName[]) {
        describe(name, () => {
            it("has exactly the inputs of the table", () => {
                assert.deepEqual(Object.keys(KINDS[name].fields), Object.keys(TABLES[name]));
            });
            for (const [input, change] of Object.entries(TABLES[name])) {
                const isId = /(Secret|Variable)Id$/.test(input);
                it(`${input} → ${change}`, () => {
                    const olds = stateOf(name, isId);
                    const news = { ...inputsOf(name, olds), [input]: CHANGED[input] };
                    const d = diffProps(KINDS[name], olds, news);
                    assert.deepEqual(d.changed, [input]);
                    assert.deepEqual(d.replaces, change === "replace" ? [input] : []);
                });
                it(`${input} unknown during preview → ${change}`, () => {
                    const olds = stateOf(name, isId);
                    const d = diffProps(KINDS[name], olds, { ...inputsOf(name, olds), [input]: UNKNOWN });
                    assert.deepEqual(d.changed, [input]);
                    assert.deepEqual(d.replaces, change === "replace" ? [input] : []);
                });
            }
            it("no change: nothing, whatever __provider holds", () => {
                const olds = { ...stateOf(name), __provider: "old" };
                const d = diffProps(KINDS[name], olds, { ...inputsOf(name, olds), __provider: "new" });
                assert.deepEqual(d, { changes: false, replaces: [], deleteBeforeReplace: false, changed: [] });
            });
        });
    }
});

describe("aliases and overrides: the target", () => {
    for (const name of [
        "JobSecretAlias",
        "JobSecretOverride",
        "JobEnvironmentVariableAlias",
        "JobEnvironmentVariableOverride",
    ] as const) {
        const t = KINDS[name].target!;
        it(`${name}: naming the same target by id instead of key is no change`, () => {
            const olds = stateOf(name);
            const { [t.byKey]: _, ...rest } = inputsOf(name, olds);
            assert.equal(diffProps(KINDS[name], olds, { ...rest, [t.byId]: PARENT }).changes, false);
        });
        it(`${name}: naming the same target by key instead of id is no change`, () => {
            const olds = stateOf(name, true);
            const { [t.byId]: _, ...rest } = inputsOf(name, olds);
            assert.equal(diffProps(KINDS[name], olds, { ...rest, [t.byKey]: "PARENT_KEY" }).changes, false);
        });
        it(`${name}: naming another target by id replaces`, () => {
            const olds = stateOf(name);
            const { [t.byKey]: _, ...rest } = inputsOf(name, olds);
            assert.deepEqual(diffProps(KINDS[name], olds, { ...rest, [t.byId]: OTHER_PARENT }).replaces, [t.byId]);
        });
    }
});

describe("replacements never collide on a key: delete first where they would", () => {
    const dbr = (name: KindName, change: Props, byId = false) => {
        const olds = stateOf(name, byId);
        return diffProps(KINDS[name], olds, { ...inputsOf(name, olds), ...change }).deleteBeforeReplace;
    };
    it("JobSecret: mountPath changed with the same key: delete first", () => {
        assert.equal(dbr("JobSecret", { mountPath: "/x" }), true);
    });
    it("JobSecret: mountPath and key changed: create first", () => {
        assert.equal(dbr("JobSecret", { mountPath: "/x", key: "NEW" }), false);
    });
    it("JobEnvironmentVariable: mountPath changes in place, no replacement", () => {
        assert.equal(dbr("JobEnvironmentVariable", { mountPath: "/x" }), false);
    });
    it("an alias retargeted under the same key: delete first", () => {
        assert.equal(dbr("JobSecretAlias", { aliasedKey: "OTHER" }), true);
        assert.equal(dbr("JobEnvironmentVariableAlias", { aliasedKey: "OTHER" }), true);
    });
    it("an alias retargeted under a new key: create first", () => {
        assert.equal(dbr("JobSecretAlias", { aliasedKey: "OTHER", key: "NEW_ALIAS" }), false);
    });
    it("an alias moved to another job: create first", () => {
        assert.equal(dbr("JobSecretAlias", { jobId: OTHER_JOB }), false);
    });
    it("an override retargeted by id: its new key is unknown, delete first", () => {
        assert.equal(dbr("JobSecretOverride", { overriddenSecretId: OTHER_PARENT }, true), true);
    });
    it("an override retargeted to another key: create first", () => {
        assert.equal(dbr("JobSecretOverride", { overriddenKey: "OTHER" }), false);
        assert.equal(dbr("JobEnvironmentVariableOverride", { overriddenKey: "OTHER" }), false);
    });
    it("an override moved to another job: create first", () => {
        assert.equal(dbr("JobEnvironmentVariableOverride", { jobId: OTHER_JOB }), false);
    });
    it("an override with its job unknown in preview: delete first", () => {
        assert.equal(dbr("JobSecretOverride", { jobId: UNKNOWN }), true);
    });
});

describe("every scope: replacements never collide on a key", () => {
    const dbr = (name: KindName, change: Props) => {
        const olds = stateOf(name);
        return diffProps(KINDS[name], olds, { ...inputsOf(name, olds), ...change }).deleteBeforeReplace;
    };
    it("Secret and EnvironmentVariable: a new mountPath under the same key in the same parent deletes first", () => {
        assert.equal(dbr("Secret", { mountPath: "/x" }), true);
        assert.equal(dbr("EnvironmentVariable", { mountPath: "/x" }), true);
    });
    it("moved to another parent (another scope, or another id): create first", () => {
        assert.equal(dbr("Secret", { applicationId: undefined, environmentId: OTHER_JOB }), false);
        assert.equal(dbr("SecretAlias", { applicationId: OTHER_JOB }), false);
    });
    it("a parent not known yet in preview: delete first", () => {
        assert.equal(dbr("EnvironmentVariableOverride", { applicationId: UNKNOWN, overriddenKey: "PARENT_KEY" }), true);
    });
});
