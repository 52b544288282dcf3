/**
 * The library's variable classes a deployment can watch (../resources/watchedMembers.ts records
 * them from its triggers; afterRemoval.ts redeploys after the delete of one that leaves them).
 * One entry per class: the next class is an entry here, not code. Pure: the program and the
 * provider process both read it.
 *
 * A member is recorded as its URN, its id, and where Qovery lists it:
 * - the job classes (`home: "job"`), over the job endpoints: the job (`jobId`);
 * - the classes of every scope (`home: "variable"`), over `/variable`: the scope as the API
 *   names it and the parent's id (`scope`, `parentId`), from whichever parent input the resource
 *   has (`PARENT_FIELDS`).
 */
import type { VariableApi } from "../qovery/wire";

export interface MemberClass {
    /** Secret or environment variable: a removal names its list this way (afterRemoval.ts). */
    api: VariableApi;
    /** Where the provider lists it to see whether it still exists. */
    home: "job" | "variable";
}

export const MEMBER_CLASSES: Record<string, MemberClass> = {
    JobSecret: { api: "secret", home: "job" },
    JobSecretAlias: { api: "secret", home: "job" },
    JobSecretOverride: { api: "secret", home: "job" },
    JobEnvironmentVariable: { api: "environmentVariable", home: "job" },
    JobEnvironmentVariableAlias: { api: "environmentVariable", home: "job" },
    JobEnvironmentVariableOverride: { api: "environmentVariable", home: "job" },
    Secret: { api: "secret", home: "variable" },
    SecretAlias: { api: "secret", home: "variable" },
    SecretOverride: { api: "secret", home: "variable" },
    EnvironmentVariable: { api: "environmentVariable", home: "variable" },
    EnvironmentVariableAlias: { api: "environmentVariable", home: "variable" },
    EnvironmentVariableOverride: { api: "environmentVariable", home: "variable" },
};

/** A `/variable` class's parent inputs, and the scope each names (`APIVariableScopeEnum`). */
export const PARENT_FIELDS: Readonly<Record<string, string>> = {
    projectId: "PROJECT",
    environmentId: "ENVIRONMENT",
    applicationId: "APPLICATION",
    containerId: "CONTAINER",
    jobId: "JOB",
    helmId: "HELM",
    terraformId: "TERRAFORM",
};

/** The class a URN names (`...$pulumi-nodejs:dynamic/qovery:JobSecret::name`), when it is one of the table's. */
export function classOfUrn(urn: string): (MemberClass & { type: string }) | undefined {
    const type = urn.split("::")[2]?.split("$").pop() ?? "";
    const match = /^pulumi-nodejs:dynamic\/qovery:(\w+)$/.exec(type);
    if (!match || !Object.hasOwn(MEMBER_CLASSES, match[1])) return undefined;
    return { type: match[1], ...MEMBER_CLASSES[match[1]] };
}
