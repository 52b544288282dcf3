/**
 * Finding the variable an alias or override points at, when the program names it by key:
 * among the rows the job sees (its own and inherited ones, at any scope), never an alias or
 * an override. Missing or ambiguous keys fail with what the job sees for that key.
 */
import { TargetResolutionError } from "../qovery/errors";
import type { VariableRow } from "../qovery/wire";
import type { Kind } from "./kind";

const DERIVED_TYPES = new Set(["ALIAS", "OVERRIDE"]);

export function resolveTarget(kind: Kind, rows: readonly VariableRow[], targetKey: string): string {
    const t = kind.target!;
    const things = kind.api === "secret" ? "secrets" : "environment variables";
    const sameKey = rows.filter((r) => r.key === targetKey);
    const candidates = sameKey.filter((r) => !DERIVED_TYPES.has(r.variable_type ?? ""));
    if (candidates.length === 1) return candidates[0].id;

    const seen = sameKey.map((r) => ({ scope: r.scope ?? "?", variableType: r.variable_type ?? "?", id: r.id }));
    const listing = seen.map((s) => `${s.scope} (${s.variableType}, id ${s.id})`).join("; ");
    let message: string;
    if (candidates.length === 0) {
        const similar = [...new Set(rows.map((r) => r.key))].filter(
            (k) => k !== targetKey && k.toLowerCase() === targetKey.toLowerCase(),
        );
        message =
            sameKey.length === 0
                ? `the job sees none of its ${things} with the key "${targetKey}" (keys are case sensitive${similar.length ? `; it sees ${similar.map((k) => `"${k}"`).join(", ")}` : ""})`
                : `the job sees "${targetKey}" only as ${listing}, and an alias or override cannot target an alias or an override`;
        message += `: check "${t.byKey}", or name the target by id with "${t.byId}"`;
    } else {
        message = `the job sees more than one of its ${things} with the key "${targetKey}", by scope: ${listing}. Name the one to ${t.relation === "alias" ? "alias" : "override"} with "${t.byId}" instead of "${t.byKey}"`;
    }
    throw new TargetResolutionError(message, targetKey, seen);
}
