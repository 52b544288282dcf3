/**
 * The kind table: one entry per resource class. The next kind (or the next scope) is an
 * entry here, a hooks module in ../hooks/ and a class in ../resources/.
 */
import { type Kind, aliasKind, overrideKind, ownKind } from "./kind";

export const KINDS = {
    JobSecret: ownKind({ type: "JobSecret", noun: "job secret", api: "secret" }),
    JobSecretAlias: aliasKind({
        type: "JobSecretAlias",
        noun: "job secret alias",
        api: "secret",
        byId: "aliasedSecretId",
        wire: "aliased_secret",
        output: "aliasedSecret",
    }),
    JobSecretOverride: overrideKind({
        type: "JobSecretOverride",
        noun: "job secret override",
        api: "secret",
        byId: "overriddenSecretId",
        wire: "overridden_secret",
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
        wire: "aliased_variable",
        output: "aliasedVariable",
    }),
    JobEnvironmentVariableOverride: overrideKind({
        type: "JobEnvironmentVariableOverride",
        noun: "job environment variable override",
        api: "environmentVariable",
        byId: "overriddenVariableId",
        wire: "overridden_variable",
        output: "overriddenVariable",
    }),
} satisfies Record<string, Kind>;

export type KindName = keyof typeof KINDS;
