import assert from "node:assert/strict";
import { KINDS } from "../../provider/engine/kinds";
import { outputsFor } from "../../provider/engine/outputs";
import { resolveTarget } from "../../provider/engine/targets";
import { SCOPES } from "../../provider/engine/scopes";
import { TargetResolutionError } from "../../provider/qovery/errors";
import { environmentVariableSchema, secretSchema } from "../../provider/qovery/wire";

const JOB = "11111111-1111-4111-8111-111111111111";
const IN_JOB = { scope: SCOPES.job, id: JOB };
const at = "2026-11-28T10:00:00Z";
let n = 0;
const secret = (key: string, scope: string, variable_type = "VALUE", extra: object = {}) =>
    secretSchema.parse({ id: `id-${++n}`, created_at: at, key, scope, variable_type, ...extra });

describe("resolving a target named by key", () => {
    const rows = [
        secret("QOVERY_DB_URL", "BUILT_IN", "BUILT_IN"),
        secret("STRIPE_KEY", "PROJECT"),
        secret("STRIPE_KEY", "JOB", "OVERRIDE"),
        secret("SHARED", "PROJECT"),
        secret("SHARED", "ENVIRONMENT"),
        secret("ONLY_ALIAS", "JOB", "ALIAS"),
        secret("Api_Token", "PROJECT"),
    ];
    it("finds the one variable the job sees with the key, at any scope", () => {
        assert.equal(resolveTarget(KINDS.JobSecretAlias, IN_JOB, rows, "QOVERY_DB_URL"), rows[0].id);
    });
    it("never an alias or override: the project secret, not the job's override of it", () => {
        assert.equal(resolveTarget(KINDS.JobSecretOverride, IN_JOB, rows, "STRIPE_KEY"), rows[1].id);
    });
    const failure = (key: string) => {
        try {
            resolveTarget(KINDS.JobSecretOverride, IN_JOB, rows, key);
        } catch (err) {
            assert.ok(err instanceof TargetResolutionError);
            return err;
        }
        throw new Error("expected a failure");
    };
    it("ambiguous: lists what the job sees for the key, by scope, and says to name it by id", () => {
        const err = failure("SHARED");
        assert.match(err.message, /more than one of its secrets with the key "SHARED"/);
        assert.match(
            err.message,
            new RegExp(`PROJECT \\(VALUE, id ${rows[3].id}\\); ENVIRONMENT \\(VALUE, id ${rows[4].id}\\)`),
        );
        assert.match(err.message, /"overriddenSecretId"/);
        assert.deepEqual(
            err.seen.map((s) => s.scope),
            ["PROJECT", "ENVIRONMENT"],
        );
    });
    it("missing: says so, and names keys that differ only in case", () => {
        const err = failure("API_TOKEN");
        assert.match(err.message, /sees none of its secrets with the key "API_TOKEN"/);
        assert.match(err.message, /"Api_Token"/);
        assert.match(err.message, /check "overriddenKey"/);
    });
    it("only an alias with the key: says an alias cannot be targeted", () => {
        const err = failure("ONLY_ALIAS");
        assert.match(err.message, /only as JOB \(ALIAS/);
    });
});

describe("outputs of the new kinds", () => {
    it("an alias: everything the API returns camelCased, the target as an object", () => {
        const row = secretSchema.parse({
            id: "a1",
            created_at: at,
            key: "DATABASE_URL",
            scope: "JOB",
            variable_type: "ALIAS",
            service_id: JOB,
            description: null,
            enable_interpolation_in_file: false,
            aliased_secret: {
                id: "p1",
                key: "QOVERY_DB_URL",
                scope: "BUILT_IN",
                variable_type: "BUILT_IN",
                mount_path: null,
            },
        });
        const inputs = { jobId: JOB, aliasedKey: "QOVERY_DB_URL", key: "DATABASE_URL" };
        const kind = KINDS.JobSecretAlias;
        assert.deepEqual(outputsFor(kind, row, kind.currentInputs(row, inputs)), {
            jobId: JOB,
            aliasedKey: "QOVERY_DB_URL",
            key: "DATABASE_URL",
            createdAt: at,
            scope: "JOB",
            variableType: "ALIAS",
            serviceId: JOB,
            enableInterpolationInFile: false,
            aliasedSecret: { id: "p1", key: "QOVERY_DB_URL", scope: "BUILT_IN", variableType: "BUILT_IN" },
        });
    });

    it("a plain variable: value and mount path as Qovery holds them (drift shows)", () => {
        const row = environmentVariableSchema.parse({
            id: "v1",
            created_at: at,
            key: "LOG_LEVEL",
            value: "debug",
            mount_path: "/etc/app/log.conf",
            scope: "JOB",
            variable_type: "FILE",
        });
        const prior = { jobId: JOB, key: "LOG_LEVEL", value: "info", mountPath: "/etc/old" };
        const current = KINDS.JobEnvironmentVariable.currentInputs(row, prior);
        assert.deepEqual(current, { jobId: JOB, key: "LOG_LEVEL", value: "debug", mountPath: "/etc/app/log.conf" });
    });

    it("a plain variable whose mount path was removed: no mount path", () => {
        const row = environmentVariableSchema.parse({
            id: "v1",
            created_at: at,
            key: "K",
            value: "v",
            mount_path: null,
            scope: "JOB",
        });
        const current = KINDS.JobEnvironmentVariable.currentInputs(row, {
            jobId: JOB,
            key: "K",
            value: "v",
            mountPath: "/x",
        });
        assert.equal(current.mountPath, undefined);
    });

    it("a secret override: the value is kept from state (never returned); the target follows its key", () => {
        const row = secretSchema.parse({
            id: "o1",
            created_at: at,
            key: "STRIPE_KEY_RENAMED",
            scope: "JOB",
            variable_type: "OVERRIDE",
            overridden_secret: { id: "p1", key: "STRIPE_KEY_RENAMED", scope: "PROJECT", variable_type: "VALUE" },
        });
        const prior = { jobId: JOB, overriddenKey: "STRIPE_KEY", value: "sk", key: "STRIPE_KEY" };
        assert.deepEqual(KINDS.JobSecretOverride.currentInputs(row, prior), {
            jobId: JOB,
            overriddenKey: "STRIPE_KEY_RENAMED",
            value: "sk",
        });
    });

    it("an alias named by id keeps its id", () => {
        const row = secretSchema.parse({
            id: "a1",
            created_at: at,
            key: "K",
            scope: "JOB",
            variable_type: "ALIAS",
            aliased_secret: { id: "p1", key: "P", scope: "PROJECT", variable_type: "VALUE" },
        });
        const current = KINDS.JobSecretAlias.currentInputs(row, { jobId: JOB, aliasedSecretId: "p1", key: "K" });
        assert.deepEqual(current, { jobId: JOB, aliasedSecretId: "p1", key: "K" });
    });

    it("an edit's answer without the target keeps the target from the previous outputs", () => {
        const row = secretSchema.parse({ id: "a1", created_at: at, key: "K2", scope: "JOB", variable_type: "ALIAS" });
        const previous = { aliasedSecret: { id: "p1", key: "P" } };
        const kind = KINDS.JobSecretAlias;
        const outs = outputsFor(
            kind,
            row,
            kind.currentInputs(row, { jobId: JOB, aliasedKey: "P", key: "K2" }),
            previous,
        );
        assert.deepEqual(outs.aliasedSecret, previous.aliasedSecret);
    });
});

describe("resolving a target by key at every scope: what may alias and override what", () => {
    const APP = "22222222-2222-4222-8222-222222222222";
    const inApp = { scope: SCOPES.application, id: APP };
    const inEnv = { scope: SCOPES.environment, id: APP };
    const row = (key: string, scope: string, variable_type = "VALUE") =>
        secretSchema.parse({ id: `v-${++n}`, created_at: at, key, scope, variable_type, is_secret: true });
    const rows = [
        row("DB_PASSWORD", "ENVIRONMENT"),
        row("OWN", "APPLICATION"),
        row("QOVERY_DB_URL", "BUILT_IN", "BUILT_IN"),
        row("REGION", "PROJECT"),
    ];
    it("an override in a service: of its environment's or project's variable", () => {
        assert.equal(resolveTarget(KINDS.SecretOverride, inApp, rows, "DB_PASSWORD"), rows[0].id);
        assert.equal(resolveTarget(KINDS.SecretOverride, inApp, rows, "REGION"), rows[3].id);
    });
    it("never of a variable of its own scope, nor of a built-in: refused, saying why", () => {
        for (const key of ["OWN", "QOVERY_DB_URL"]) {
            assert.throws(
                () => resolveTarget(KINDS.SecretOverride, inApp, rows, key),
                (err: Error) =>
                    err instanceof TargetResolutionError &&
                    /targets a variable of a higher scope than its application/.test(err.message),
            );
        }
    });
    it("an override in an environment cannot target an environment's variable", () => {
        assert.throws(
            () => resolveTarget(KINDS.SecretOverride, inEnv, rows, "DB_PASSWORD"),
            /an override targets a variable of a higher scope than its environment \(its project\)/,
        );
    });
    it("an alias: of its own scope, a higher one, or a built-in; never an alias", () => {
        assert.equal(resolveTarget(KINDS.SecretAlias, inApp, rows, "OWN"), rows[1].id);
        assert.equal(resolveTarget(KINDS.SecretAlias, inApp, rows, "QOVERY_DB_URL"), rows[2].id);
        assert.throws(
            () => resolveTarget(KINDS.SecretAlias, inApp, [...rows, row("A", "APPLICATION", "ALIAS")], "A"),
            /cannot target an alias or an override/,
        );
    });
});
