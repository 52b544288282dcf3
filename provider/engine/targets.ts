/**
 * Finding the variable an alias or override points at, when the program names it by key:
 * among the rows the parent sees (its own and inherited ones, at any scope), never an alias or
 * an override, and for an override only one of a higher scope. Missing or ambiguous keys fail
 * with what the parent sees for that key.
 */
import { TargetResolutionError } from "../qovery/errors";
import type { VariableRow } from "../qovery/wire";
import type { Kind } from "./kind";
import { type Parent, scopeOfApi } from "./scopes";

const DERIVED_TYPES = new Set(["ALIAS", "OVERRIDE"]);

/**
 * Whether a row's scope may be the target of the kind's relation made in `parent`: an override
 * only of a higher scope; an alias of its own scope or a higher one. A row of a scope outside
 * the table (BUILT_IN) may be aliased, never overridden.
 */
export function targetableFrom(kind: Kind, parent: Parent, row: VariableRow): boolean {
    const scope = scopeOfApi(row.scope);
    const override = kind.target?.relation === "override";
    if (scope === undefined) return !override || row.scope === null || row.scope === undefined;
    return override ? scope.level < parent.scope.level : scope.level <= parent.scope.level;
}

export function resolveTarget(kind: Kind, parent: Parent, rows: readonly VariableRow[], targetKey: string): string {
    const t = kind.target!;
    const things = kind.api === "secret" ? "secrets" : "environment variables";
    const sameKey = rows.filter((r) => r.key === targetKey);
    const candidates = sameKey.filter((r) => !DERIVED_TYPES.has(r.variable_type ?? ""));
    // The job classes keep their rules as they were (Qovery's answer decides the rest).
    const reachable =
        kind.channel.name === "job" ? candidates : candidates.filter((r) => targetableFrom(kind, parent, r));
    if (reachable.length === 1) return reachable[0].id;
    const sees = `the ${parent.scope.noun} sees`;

    const seen = sameKey.map((r) => ({ scope: r.scope ?? "?", variableType: r.variable_type ?? "?", id: r.id }));
    const listing = seen.map((s) => `${s.scope} (${s.variableType}, id ${s.id})`).join("; ");
    let message: string;
    if (reachable.length === 0 && candidates.length > 0) {
        message = `${sees} "${targetKey}" only as ${listing}, and ${t.relation === "override" ? `an override targets a variable of a higher scope than its ${parent.scope.noun} (${higherThan(parent)})` : `an alias targets a variable of its ${parent.scope.noun}'s own scope or a higher one`}: check "${t.byKey}" and the ${t.relation}'s ${kind.parentFields.length > 1 ? "scope input" : "parent"}`;
    } else if (candidates.length === 0) {
        const similar = [...new Set(rows.map((r) => r.key))].filter(
            (k) => k !== targetKey && k.toLowerCase() === targetKey.toLowerCase(),
        );
        message =
            sameKey.length === 0
                ? `${sees} none of its ${things} with the key "${targetKey}" (keys are case sensitive${similar.length ? `; it sees ${similar.map((k) => `"${k}"`).join(", ")}` : ""})`
                : `${sees} "${targetKey}" only as ${listing}, and an alias or override cannot target an alias or an override`;
        message += `: check "${t.byKey}", or name the target by id with "${t.byId}"`;
    } else {
        message = `${sees} more than one of its ${things} with the key "${targetKey}", by scope: ${listing}. Name the one to ${t.relation === "alias" ? "alias" : "override"} with "${t.byId}" instead of "${t.byKey}"`;
    }
    throw new TargetResolutionError(message, targetKey, seen);
}

/** The scopes above a parent, for messages ("project or environment"). */
function higherThan(parent: Parent): string {
    return parent.scope.level === 2 ? "its project or environment" : parent.scope.level === 1 ? "its project" : "none";
}

/**
 * A target named by id, when the parent's list shows it: refused when it is an alias or an
 * override, or (an override) not of a higher scope. Not shown: left to Qovery's answer.
 */
export function checkTargetById(kind: Kind, parent: Parent, rows: readonly VariableRow[], id: string): void {
    const t = kind.target!;
    const row = rows.find((r) => r.id.toLowerCase() === id.toLowerCase());
    if (row === undefined) return;
    const seen = [{ scope: row.scope ?? "?", variableType: row.variable_type ?? "?", id: row.id }];
    const what = `"${t.byId}" names ${row.scope ?? "?"} "${row.key}" (${row.variable_type ?? "?"}, id ${row.id})`;
    if (DERIVED_TYPES.has(row.variable_type ?? "")) {
        throw new TargetResolutionError(
            `${what}, and an alias or override cannot target an alias or an override: name the variable it points at instead`,
            row.key,
            seen,
        );
    }
    if (!targetableFrom(kind, parent, row)) {
        throw new TargetResolutionError(
            `${what}, and ${t.relation === "override" ? `an override targets a variable of a higher scope than its ${parent.scope.noun} (${higherThan(parent)})` : `an alias targets a variable of its ${parent.scope.noun}'s own scope or a higher one`}`,
            row.key,
            seen,
        );
    }
}
