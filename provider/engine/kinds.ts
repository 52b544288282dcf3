/**
 * The kind table: one entry per resource class. The next kind (or the next scope) is an
 * entry here, a hooks module in ../hooks/ and a class in ../resources/.
 */
import { type Kind, aliasKind, overrideKind, ownKind, variableHome } from "./kind";

export const KINDS = {
    JobSecret: ownKind({ type: "JobSecret", noun: "job secret", api: "secret" }),
    JobSecretAlias: aliasKind({
        type: "JobSecretAlias",
        noun: "job secret alias",
        api: "secret",
        byId: "aliasedSecretId",
        output: "aliasedSecret",
    }),
    JobSecretOverride: overrideKind({
        type: "JobSecretOverride",
        noun: "job secret override",
        api: "secret",
        byId: "overriddenSecretId",
        output: "overriddenSecret",
    }),
    JobEnvironmentVariable: ownKind({
        type: "JobEnvironmentVariable",
        noun: "job environment variable",
        api: "environmentVariable",
    }),
    JobEnvironmentVariableAlias: aliasKind({
        type: "JobEnvironmentVariableAlias",
        noun: "job environment variable alias",
        api: "environmentVariable",
        byId: "aliasedVariableId",
        output: "aliasedVariable",
    }),
    JobEnvironmentVariableOverride: overrideKind({
        type: "JobEnvironmentVariableOverride",
        noun: "job environment variable override",
        api: "environmentVariable",
        byId: "overriddenVariableId",
        output: "overriddenVariable",
    }),

    // ---- every scope, over /variable ----
    Secret: ownKind({ type: "Secret", noun: "secret", api: "secret", home: variableHome("secret") }),
    SecretAlias: aliasKind({
        type: "SecretAlias",
        noun: "secret alias",
        api: "secret",
        byId: "aliasedSecretId",
        output: "aliasedSecret",
        home: variableHome("secret"),
    }),
    SecretOverride: overrideKind({
        type: "SecretOverride",
        noun: "secret override",
        api: "secret",
        byId: "overriddenSecretId",
        output: "overriddenSecret",
        home: variableHome("secret"),
    }),
    EnvironmentVariable: ownKind({
        type: "EnvironmentVariable",
        noun: "environment variable",
        api: "environmentVariable",
        home: variableHome("environmentVariable"),
    }),
    EnvironmentVariableAlias: aliasKind({
        type: "EnvironmentVariableAlias",
        noun: "environment variable alias",
        api: "environmentVariable",
        byId: "aliasedVariableId",
        output: "aliasedVariable",
        home: variableHome("environmentVariable"),
    }),
    EnvironmentVariableOverride: overrideKind({
        type: "EnvironmentVariableOverride",
        noun: "environment variable override",
        api: "environmentVariable",
        byId: "overriddenVariableId",
        output: "overriddenVariable",
        home: variableHome("environmentVariable"),
    }),
} satisfies Record<string, Kind>;

export type KindName = keyof typeof KINDS;
