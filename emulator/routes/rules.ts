// Rules of the variable hierarchy that the job routes and the /variable routes share.
import { HttpError } from "../http";
import { scopeRank, type Parent, type SecretStore, type StoredRow } from "../store";

export function variableType(entry: StoredRow): string {
    if (entry.variable_type !== undefined) return entry.variable_type;
    if (entry.alias_of !== undefined) return "ALIAS";
    if (entry.override_of !== undefined) return "OVERRIDE";
    if (entry.scope === "BUILT_IN") return "BUILT_IN";
    return entry.mount_path ? "FILE" : "VALUE";
}

/** The spec's edit rules: an override keeps its key, an alias has no value of its own. */
export function assertCanEdit(entry: StoredRow, key: string, value: string | null | undefined): void {
    if (entry.override_of !== undefined && key !== entry.key) {
        throw new HttpError(400, "For an override, you can't edit the key");
    }
    if (entry.alias_of !== undefined && value !== undefined) {
        throw new HttpError(400, "For an alias, you can't edit the value");
    }
}

/**
 * An override targets a plain value (VALUE) of a strictly higher scope that `holder` sees
 * (PROJECT > ENVIRONMENT > service); else the 400 whose text the route's spec gives.
 */
export function assertOverridable(store: SecretStore, target: StoredRow, holder: Parent, message: string): void {
    const higher = target.scope !== "BUILT_IN" && scopeRank(target.scope) < scopeRank(holder.scope);
    if (!higher || variableType(target) !== "VALUE" || !store.sees(holder, target)) throw new HttpError(400, message);
}

/** One override of a row per parent: 400 "Variable already overridden: KEY" (the console's words). */
export function overrideBlocked(store: SecretStore, target: StoredRow, holder: Parent): void {
    if (store.allRows().some((r) => r.override_of === target.id && r.parent_id === holder.id)) {
        throw new HttpError(400, `Variable already overridden: ${target.key}`);
    }
}

/** An alias targets a row `holder` sees (its own, a higher scope's, a BUILT_IN) that is no alias nor override. */
export function assertAliasable(store: SecretStore, target: StoredRow, holder: Parent, message: string): void {
    if (target.alias_of !== undefined) throw new HttpError(400, "You can't create an alias on an alias");
    if (target.override_of !== undefined) throw new HttpError(400, "You can't create an alias on an override");
    if (!store.sees(holder, target)) throw new HttpError(400, message);
}
