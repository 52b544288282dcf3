/**
 * The library's variable resources a JobDeployment's triggers reference ("watched members"), as
 * the class records them in the `watched` input, and the ones the provider leaves pending in the
 * `pendingRemovals` output. Pure: parsing and set arithmetic, by URN.
 */
import type { VariableApi } from "../qovery/wire";

export interface WatchedMember {
    /** The member's URN (the engine's, from the resource). */
    urn: string;
    /** Its Qovery id. */
    id: string;
    /** Its job (a JobDeployment may watch another job's variables). */
    jobId: string;
}

const API_OF_TYPE: Record<string, VariableApi> = {
    JobSecret: "secret",
    JobSecretAlias: "secret",
    JobSecretOverride: "secret",
    JobEnvironmentVariable: "environmentVariable",
    JobEnvironmentVariableAlias: "environmentVariable",
    JobEnvironmentVariableOverride: "environmentVariable",
};

/** The list a member lives in, from the type its URN names (`...$pulumi-nodejs:dynamic/qovery:JobSecret::name`). */
export function apiOfUrn(urn: string): VariableApi | undefined {
    const type = urn.split("::")[2]?.split("$").pop() ?? "";
    const match = /^pulumi-nodejs:dynamic\/qovery:(\w+)$/.exec(type);
    return match ? API_OF_TYPE[match[1]] : undefined;
}

/** The members in a `watched` input or `pendingRemovals` output; anything else (unknown, absent, an old state) is none. */
export function membersOf(value: unknown): WatchedMember[] {
    if (!Array.isArray(value)) return [];
    return value.filter(
        (m): m is WatchedMember =>
            typeof m === "object" &&
            m !== null &&
            typeof (m as WatchedMember).urn === "string" &&
            typeof (m as WatchedMember).id === "string" &&
            typeof (m as WatchedMember).jobId === "string" &&
            apiOfUrn((m as WatchedMember).urn) !== undefined,
    );
}

/** Whether the value is a list the class computed (false while unknown in a preview). */
export function isMemberList(value: unknown): boolean {
    return Array.isArray(value);
}

/**
 * The members of `before` that `after` no longer has, by URN and by id: a resource renamed (the
 * `aliases` option, or a new name that adopted the variable) keeps its id under a new URN, and
 * nothing will delete it.
 */
export function lostMembers(before: readonly WatchedMember[], after: readonly WatchedMember[]): WatchedMember[] {
    const urns = new Set(after.map((m) => m.urn));
    const ids = new Set(after.map((m) => m.id));
    return before.filter((m) => !urns.has(m.urn) && !ids.has(m.id));
}

/** `a` then the members of `b` that `a` lacks, by URN. */
export function unionMembers(a: readonly WatchedMember[], b: readonly WatchedMember[]): WatchedMember[] {
    const seen = new Set(a.map((m) => m.urn));
    return [...a, ...b.filter((m) => !seen.has(m.urn))];
}
