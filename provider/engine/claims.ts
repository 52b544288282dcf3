/**
 * Which resource of this run holds which Qovery id: the provider process's own registry.
 *
 * A dynamic provider sees one resource at a time and is never shown the state, so "this id is
 * already managed by another resource of the program" can only be known from what the hooks
 * themselves were told during this run: the ids passed to `diff`, `update` and `read` (resources
 * in the state), and the ids `create` made or adopted. Every kind's hooks share this module, so
 * one registry covers every class. Its limit: a resource of the state that the run has not
 * reached yet (Pulumi diffs resources in the order the program registers them) is not known.
 */
import type { VariableApi } from "../qovery/wire";

export interface Claim {
    /** The URN of the resource holding the id (absent in states written before URNs were recorded). */
    urn: string | undefined;
    /** The key the holder's program declares now. */
    key?: string;
    /** The key it had in the state, when the run changes it (a key leaving for another). */
    previousKey?: string;
    /** How it came to hold it in this run. */
    how: "state" | "created" | "adopted";
}

const claims = new Map<string, Claim>();
const slot = (api: VariableApi, id: string) => `${api}:${id}`;

/** The claim on an id, if a resource of this run holds it. */
export function claimOf(api: VariableApi, id: string): Claim | undefined {
    return claims.get(slot(api, id));
}

/** Whether a claim belongs to another resource than the one with this URN. */
export function isOthers(claim: Claim | undefined, urn: string | undefined): claim is Claim {
    return claim !== undefined && (claim.urn === undefined || urn === undefined || claim.urn !== urn);
}

/**
 * Records that the resource `claim.urn` holds the id; returns the claim of another resource
 * that holds it already (then nothing is recorded). Synchronous: two creates of one run cannot
 * both take the same id.
 */
export function claim(api: VariableApi, id: string, next: Claim): Claim | undefined {
    const held = claims.get(slot(api, id));
    if (held !== undefined && held.urn !== next.urn && held.urn !== undefined && next.urn !== undefined) return held;
    claims.set(slot(api, id), { ...held, ...next });
    return undefined;
}

/** For tests: forget every claim (a new provider process). */
export function forgetClaims(): void {
    claims.clear();
}
