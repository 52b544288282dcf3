/**
 * `check`: validates a resource's inputs against the API's rules before anything reaches
 * Qovery. Runs in preview. Values not known yet (computed from other resources) pass.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Kind } from "./kind";
import { scopeOfField } from "./scopes";
import { an } from "./words";
import { INTERNAL_INPUT_NAMES, OPTION_INPUT_NAMES, UNKNOWN } from "./inputs";

/** Properties Pulumi adds to every dynamic resource's inputs, and those the resource class adds. */
const HIDDEN_PROPERTIES = new Set<string>(["__provider", ...INTERNAL_INPUT_NAMES, ...OPTION_INPUT_NAMES]);

export function checkInputs(kind: Kind, news: Record<string, unknown>): pulumi.dynamic.CheckResult {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    const inputs: Record<string, unknown> = {};
    const names = Object.keys(kind.fields);

    for (const name of Object.keys(news)) {
        if (!HIDDEN_PROPERTIES.has(name) && !names.includes(name)) {
            // Reported for the resource, not the property: the engine prints a failing property's
            // value, and a misspelt `value` holds the secret.
            failures.push({
                property: "",
                reason: `"${name}" is not a ${kind.type} property (its value is not shown); expected ${names.join(", ")}`,
            });
        }
    }
    for (const name of INTERNAL_INPUT_NAMES) {
        if (typeof news[name] === "string") inputs[name] = news[name];
    }
    for (const name of OPTION_INPUT_NAMES) {
        const v = news[name];
        if (v === undefined || v === null) continue;
        if (typeof v === "boolean" || v === UNKNOWN) inputs[name] = v;
        else failures.push({ property: name, reason: `"${name}" must be a boolean` });
    }
    /**
     * The engine prints a failing property's value next to the reason. A failure about an input
     * that may be a secret (`value`) is reported for the resource instead (the reason still
     * names it), so that a refused value (a number, say) is never echoed.
     */
    const failureOf = (name: string, reason: string): pulumi.dynamic.CheckFailure =>
        kind.hidden.includes(name)
            ? { property: "", reason: `${reason} (the value is not shown)` }
            : { property: name, reason };

    for (const name of names) {
        const field = kind.fields[name];
        const v = news[name];
        if (v === UNKNOWN) {
            inputs[name] = v;
            continue;
        }
        if (v === undefined || v === null) {
            if (field.required) failures.push(failureOf(name, `"${name}" is required`));
            continue;
        }
        const parsed = field.schema.safeParse(v);
        if (!parsed.success) {
            failures.push(failureOf(name, `"${name}" ${parsed.error.issues[0].message}`));
        } else if (parsed.data !== undefined && parsed.data !== null) {
            inputs[name] = parsed.data;
        }
    }
    failures.push(...parentFailures(kind, news));
    if (kind.target) {
        const { byKey, byId } = kind.target;
        const set = (n: string) => news[n] !== undefined && news[n] !== null;
        if (set(byKey) && set(byId)) {
            failures.push({
                property: byId,
                reason: `set either "${byKey}" or "${byId}", not both: they name the same thing, the ${kind.target.relation}'s target`,
            });
        } else if (!set(byKey) && !set(byId)) {
            failures.push({
                property: byKey,
                reason: `"${byKey}" or "${byId}" is required: the variable to ${kind.target.relation === "alias" ? "alias" : "override"}, by key or by id`,
            });
        }
    }
    return { inputs, failures };
}

/**
 * The parent inputs of a kind of every scope: exactly one (a value not known yet counts as
 * set), and for an override one below the top (a project's variable has nothing to override).
 */
function parentFailures(kind: Kind, news: Record<string, unknown>): pulumi.dynamic.CheckFailure[] {
    if (kind.parentFields.length < 2) return [];
    const set = kind.parentFields.filter((f) => news[f] !== undefined && news[f] !== null);
    const all = kind.parentFields.map((f) => `"${f}"`).join(", ");
    if (set.length === 0) {
        return [{ property: "", reason: `one of ${all} is required: where the ${kind.noun} lives` }];
    }
    if (set.length > 1) {
        return [
            {
                property: set[1],
                reason: `set exactly one of ${all}, not ${set.map((f) => `"${f}"`).join(" and ")}: ${an(kind.noun)} lives in one project, environment or service. Declare one resource per scope`,
            },
        ];
    }
    const scope = scopeOfField(set[0]);
    if (kind.target?.relation === "override" && scope !== undefined && scope.level === 0) {
        return [
            {
                property: set[0],
                reason: `${an(kind.noun)} overrides a variable of a higher scope, and nothing is above a project: declare the project's own value with ${kind.api === "secret" ? "Secret" : "EnvironmentVariable"} instead, or override in an environment or a service ("environmentId", "applicationId", ...)`,
            },
        ];
    }
    return [];
}
