/**
 * Of a deployment's watched members, the ones Qovery still holds: one fresh list per place a
 * member lives (memberClasses.ts), never the refresh's cache (a delete of this run must show).
 */
import type { QoveryClient } from "../qovery/client";
import { classOfUrn } from "./memberClasses";
import { type WatchedMember, apiOfUrn, listKeyOf } from "./watched";

/**
 * `GET /variable?parent_id&scope`, the unified API's list, as the client serves it. Typed here
 * by its shape: the method lives in the variable part of the client.
 */
interface VariableLister {
    listVariablesWithDate(scope: string, parentId: string): Promise<{ rows: { id: string }[] }>;
}

function variableLister(qovery: QoveryClient): VariableLister {
    const lister = qovery as unknown as Partial<VariableLister>;
    if (typeof lister.listVariablesWithDate !== "function") {
        throw new Error(
            "this version of the library's client has no GET /variable: a watched variable of another scope cannot be listed",
        );
    }
    return lister as VariableLister;
}

async function idsIn(qovery: QoveryClient, m: WatchedMember): Promise<Set<string>> {
    const rows =
        classOfUrn(m.urn)?.home === "job"
            ? (await qovery.listJobVariablesWithDate(apiOfUrn(m.urn)!, m.jobId!)).rows
            : (await variableLister(qovery).listVariablesWithDate(m.scope!, m.parentId!)).rows;
    return new Set(rows.map((r) => r.id));
}

export async function stillExisting(qovery: QoveryClient, members: WatchedMember[]): Promise<WatchedMember[]> {
    const lists = new Map<string, Promise<Set<string>>>();
    const held = await Promise.all(
        members.map(async (m) => {
            const key = listKeyOf(m);
            if (!lists.has(key)) lists.set(key, idsIn(qovery, m));
            return (await lists.get(key)!).has(m.id);
        }),
    );
    return members.filter((_, i) => held[i]);
}
