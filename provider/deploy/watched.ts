/**
 * The library's variable resources a deployment's triggers reference ("watched members"), as
 * the class records them in the `watched` input, and the ones the provider leaves pending in the
 * `pendingRemovals` output. Pure: parsing and set arithmetic, by URN. Which classes, and where
 * each is listed, is memberClasses.ts.
 */
import type { VariableApi } from "../qovery/wire";
import { classOfUrn } from "./memberClasses";

/**
 * A watched member. A job class's is `{ urn, id, jobId }`, as every state since 0.2.0 holds it;
 * a `/variable` class's is `{ urn, id, scope, parentId }`.
 */
export interface WatchedMember {
    /** The member's URN (the engine's, from the resource). */
    urn: string;
    /** Its Qovery id. */
    id: string;
    /** A job class's job (a deployment may watch another job's variables). */
    jobId?: string;
    /** A `/variable` class's scope as the API names it (`ENVIRONMENT`), and its parent's id. */
    scope?: string;
    parentId?: string;
}

/** The list a member lives in (secrets or environment variables), from the type its URN names. */
export function apiOfUrn(urn: string): VariableApi | undefined {
    return classOfUrn(urn)?.api;
}

/** Whether the record names where its class is listed. */
function isMember(m: unknown): m is WatchedMember {
    if (typeof m !== "object" || m === null) return false;
    const { urn, id, jobId, scope, parentId } = m as Record<string, unknown>;
    if (typeof urn !== "string" || typeof id !== "string") return false;
    const home = classOfUrn(urn)?.home;
    if (home === "job") return typeof jobId === "string";
    if (home === "variable") return typeof scope === "string" && typeof parentId === "string";
    return false;
}

/** The members in a `watched` input or `pendingRemovals` output; anything else (unknown, absent, an old state) is none. */
export function membersOf(value: unknown): WatchedMember[] {
    if (!Array.isArray(value)) return [];
    return value.filter(isMember);
}

/** The list that shows whether a member still exists: `secret job 1b2c…`, `variable ENVIRONMENT 3d4e…`. */
export function listKeyOf(m: WatchedMember): string {
    return classOfUrn(m.urn)?.home === "job"
        ? `${apiOfUrn(m.urn)} job ${m.jobId}`
        : `variable ${m.scope} ${m.parentId}`;
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
