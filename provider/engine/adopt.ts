/**
 * Adopting what already exists: which row of the job's list a resource with `adopt: true` may
 * take over, and what a key already in use means when it may not. Pure: the rows come from
 * the caller's list, the claims from the run's registry (claims.ts).
 */
import type { VariableApi, VariableRow } from "../qovery/wire";
import { type Claim, isOthers } from "./claims";
import type { Kind, Props } from "./kind";
import { atOwnScope, unmanagedReason } from "./managed";
import { an } from "./words";

/** How messages about one resource's parent read: "the job", `JobSecretAlias` or "the environment", `SecretAlias`. */
interface Where {
    /** The parent's API scope (JOB). */
    scope: string;
    /** "job", "environment", "helm service". */
    noun: string;
    /** The class names' prefix: "Job" for the job classes, "" for the classes of every scope. */
    prefix: string;
    /** The discover command for the parent. */
    discover: string;
}

const JOB_WHERE: Where = { scope: "JOB", noun: "job", prefix: "Job", discover: "--job <jobId>" };

function whereOf(kind: Kind, inputs: Props): Where {
    const parent = kind.parentOf(inputs);
    if (parent === undefined) return JOB_WHERE;
    return {
        scope: parent.scope.api,
        noun: parent.scope.noun,
        prefix: kind.channel.name === "job" ? "Job" : "",
        discover: `--${parent.scope.field.replace(/Id$/, "")} ${parent.id}`,
    };
}

export type AdoptionVerdict =
    { state: "adopt"; row: VariableRow } | { state: "none" } | { state: "refuse"; reason: string };

/** The class that declares a row of this shape, by API and type. */
export function classFor(api: VariableApi, row: VariableRow, prefix = "Job"): string {
    const base = prefix + (api === "secret" ? "Secret" : "EnvironmentVariable");
    if (row.variable_type === "ALIAS") return `${base}Alias`;
    if (row.variable_type === "OVERRIDE") return `${base}Override`;
    return base;
}

/** A row as a message names it: `the job's secret file "KEY" (id ...)`, `a PROJECT environment variable ...`. */
export function describeRow(api: VariableApi, row: VariableRow, where: Where = JOB_WHERE): string {
    const thing = api === "secret" ? "secret" : "environment variable";
    const parent = parentOf(row);
    let what: string;
    switch (row.variable_type) {
        case "ALIAS":
            what = `${thing} alias of "${parent?.key ?? "?"}"`;
            break;
        case "OVERRIDE":
            what = `${thing} override of the ${parent?.scope ?? "?"} "${parent?.key ?? "?"}"`;
            break;
        case "FILE":
            what = `${thing} file`;
            break;
        case "EXTERNAL_SECRET":
        case "FILE_EXTERNAL_SECRET":
            what = `secret-manager reference (${row.variable_type})`;
            break;
        case undefined:
        case null:
        case "VALUE":
        case "BUILT_IN":
            what = thing;
            break;
        default:
            what = `${thing} of type ${row.variable_type}`;
    }
    const owner = row.owned_by && row.owned_by.toUpperCase() !== "QOVERY" ? ` owned by ${row.owned_by}` : "";
    const whose = atOwnScope(row, where.scope) ? `the ${where.noun}'s own` : an(row.scope ?? "?");
    return `${whose} ${what} "${row.key}" (id ${row.id}${owner})`;
}

function parentOf(row: VariableRow): { id?: string; key?: string; scope?: string | null } | undefined {
    const r = row as Record<string, unknown>;
    return (r.aliased_secret ?? r.overridden_secret ?? r.aliased_variable ?? r.overridden_variable) as
        { id?: string; key?: string; scope?: string | null } | undefined;
}

/** The key the resource takes in the job: its own, or (an override named by id) its target's. */
export function keyInJob(
    kind: Kind,
    rows: readonly VariableRow[],
    inputs: Props,
    parentId?: string,
): string | undefined {
    const key = kind.occupiedKey(inputs);
    if (typeof key === "string") return key;
    return rows.find((r) => r.id === parentId)?.key;
}

/**
 * Which row `adopt: true` takes over, among the rows of the job's list on the kind's own API.
 * Only a JOB-scoped row of the same kind, same key and (alias, override) same target; a
 * secret's file-ness must match, since an edit cannot change it. Anything else with the key
 * is refused with what exists and what to do; nothing with the key: create as usual.
 */
export function matchForAdoption(
    kind: Kind,
    rows: readonly VariableRow[],
    inputs: Props,
    parentId: string | undefined,
    claimOf: (id: string) => Claim | undefined,
): AdoptionVerdict {
    const key = keyInJob(kind, rows, inputs, parentId);
    if (key === undefined) return { state: "none" };
    const where = whereOf(kind, inputs);
    const describe = (row: VariableRow) => describeRow(kind.api, row, where);
    const sameKey = rows.filter((r) => r.key === key && r.id !== parentId);
    const own = sameKey.filter((r) => atOwnScope(r, where.scope));
    const urn = inputs.resourceUrn as string | undefined;
    if (own.length === 0) {
        const inherited = sameKey[0];
        // An override's key is its target's by definition; other inherited rows are for Qovery to judge.
        if (inherited === undefined || kind.target?.relation === "override") return { state: "none" };
        return {
            state: "refuse",
            reason: `the ${where.noun}'s key "${key}" is ${describe(inherited)}, inherited from a higher scope: adopt only takes over the ${where.noun}'s own ${kind.noun.replace(/^job /, "")}s. ${inheritedAdvice(kind, inherited, where)}`,
        };
    }
    const row = own[0];
    const unmanaged = unmanagedReason(row, where.scope);
    if (unmanaged !== undefined) {
        return {
            state: "refuse",
            reason: `the ${where.noun} already has ${describe(row)}: ${unmanaged}. ${unmanagedAdvice(kind, row, where)}`,
        };
    }
    if (!kind.owns(row, where.scope)) {
        return {
            state: "refuse",
            reason: `the ${where.noun} already has ${describe(row)}, not ${an(kind.type)}: adopt only takes over one of the same kind. Declare it as ${an(classFor(kind.api, row, where.prefix))} with \`adopt: true\`, or delete it first (Qovery console, or \`npx pulumi-qovery-secrets discover ${where.discover}\` to see the ${where.noun} as a program)`,
        };
    }
    if (kind.target !== undefined && parentOf(row)?.id !== parentId) {
        const parent = parentOf(row);
        return {
            state: "refuse",
            reason: `the ${where.noun} already has ${describe(row)}, which points at "${parent?.key ?? "?"}" (id ${parent?.id ?? "?"}), not at the target this program names (id ${parentId}): set "${kind.target.byKey}" to "${parent?.key ?? "?"}" to adopt it as it is, or delete it first to make the one the program declares`,
        };
    }
    if (kind.type === "JobSecret" || kind.type === "Secret") {
        const isFile = row.variable_type === "FILE";
        const wantsFile = typeof inputs.mountPath === "string" && inputs.mountPath !== "";
        if (isFile !== wantsFile) {
            return {
                state: "refuse",
                reason: isFile
                    ? `the ${where.noun}'s secret "${key}" (id ${row.id}) is a file and the program declares no \`mountPath\`; an edit cannot change that (Qovery's SecretEditRequest has no mount_path): set \`mountPath\` to the path the console shows for it`
                    : `the ${where.noun}'s secret "${key}" (id ${row.id}) is not a file and the program sets \`mountPath\`; an edit cannot make it one (Qovery's SecretEditRequest has no mount_path): remove \`mountPath\` to adopt it as it is, or delete it first`,
            };
        }
    }
    const held = claimOf(row.id);
    if (isOthers(held, urn)) {
        return {
            state: "refuse",
            reason: `${describe(row)} is already managed by another resource of this program (${held.urn ?? "its URN is not recorded in the state"}): one variable, one resource. Remove one of the two declarations`,
        };
    }
    return { state: "adopt", row };
}

/** What to do when the key belongs to a row this library does not manage. */
function unmanagedAdvice(kind: Kind, row: VariableRow, where: Where): string {
    // Qovery makes built-in variables itself: nobody can remove them, so another key is the only way.
    if (row.variable_type === "BUILT_IN") {
        return `Give this ${kind.type} another key (a built-in variable cannot be removed); to use the built-in under another name, declare a ${where.prefix}${kind.api === "secret" ? "Secret" : "EnvironmentVariable"}Alias with \`aliasedKey: "${row.key}"\``;
    }
    return `Give this ${kind.type} another key; or, if the program should own the key instead, remove that row where it was made (the Qovery console or its integration) and run \`pulumi up\` again`;
}

function inheritedAdvice(kind: Kind, inherited: VariableRow, where: Where): string {
    const base = where.prefix + (kind.api === "secret" ? "Secret" : "EnvironmentVariable");
    const overridable = inherited.scope === "PROJECT" || inherited.scope === "ENVIRONMENT";
    return overridable
        ? `To give the ${where.noun} its own value, declare a ${base}Override with \`overriddenKey: "${inherited.key}"\`; to use it under another name, a ${base}Alias; else choose another key`
        : `To use it under another name, declare a ${base}Alias with \`aliasedKey: "${inherited.key}"\`; else choose another key`;
}

/**
 * What a 409 on create means, from what the job's lists show for the key (`own` on the
 * kind's API, `other` on the other one), and what to do: `adopt: true`, the `aliases` resource
 * option, a two-step key swap, or another class. Undefined when the lists show nothing.
 */
export function explainConflict(
    kind: Kind,
    inputs: Props,
    parentId: string | undefined,
    own: readonly VariableRow[],
    other: readonly VariableRow[],
    claimOf: (api: VariableApi, id: string) => Claim | undefined,
): string | undefined {
    const key = keyInJob(kind, own, inputs, parentId);
    if (key === undefined) return undefined;
    const otherApi: VariableApi = kind.api === "secret" ? "environmentVariable" : "secret";
    const where = whereOf(kind, inputs);
    const rank = (r: VariableRow) => (atOwnScope(r, where.scope) ? 0 : 1);
    const mine = own.filter((r) => r.key === key && r.id !== parentId).sort((a, b) => rank(a) - rank(b));
    const theirs = other.filter((r) => r.key === key).sort((a, b) => rank(a) - rank(b));
    const adopting = inputs.adopt === true;
    const urn = inputs.resourceUrn as string | undefined;
    const row = mine[0] ?? theirs[0];
    if (row === undefined) return undefined;
    const exists = `the key "${key}" is taken: the ${where.noun} has ${describeRow(mine[0] ? kind.api : otherApi, row, where)}`;

    if (mine[0] === undefined) {
        const otherClass = classFor(otherApi, row, where.prefix);
        return `${exists}, and Qovery keeps one key per ${where.noun} across secrets and environment variables${adopting ? `; adopt only takes over a ${kind.noun.replace(/^job /, "")}, never a ${otherApi === "secret" ? "secret" : "plain variable"}` : ""}. To turn the ${otherClass} into ${an(kind.type)}, do it in two steps: remove (or rename) the ${otherClass} and \`pulumi up\`, then declare the ${kind.type} and \`pulumi up\` again (Pulumi creates the new resource before it deletes the old one). Or declare it as ${an(otherClass)} with \`adopt: true\``;
    }
    if (!atOwnScope(row, where.scope)) {
        // This very resource, moving to a lower scope under the same key: Pulumi creates the new one first.
        const mover = claimOf(kind.api, row.id);
        if (mover !== undefined && urn !== undefined && mover.urn === urn) {
            return `${exists}: this resource itself, in its ${row.scope ?? "?"} place. It moves to the ${where.noun} under the same key, and Qovery refuses the key below while it exists above (Pulumi creates the new one before deleting the old). Do it in two steps: remove the resource and \`pulumi up\`, then declare it in its new place and \`pulumi up\` again; or give it another key in this step`;
        }
        return `${exists}, inherited from a higher scope. ${inheritedAdvice(kind, row, where)}`;
    }
    const unmanaged = unmanagedReason(row, where.scope);
    if (unmanaged !== undefined) return `${exists}: ${unmanaged}. ${unmanagedAdvice(kind, row, where)}`;
    if (!kind.owns(row, where.scope)) {
        return `${exists}, not ${an(kind.type)}. Declare it as ${an(classFor(kind.api, row, where.prefix))} with \`adopt: true\`, or delete it first`;
    }
    const held = claimOf(kind.api, row.id);
    if (isOthers(held, urn)) {
        if (held.previousKey === key && held.key !== key) {
            return `${exists}, held by another resource of this program (${held.urn}) that moves to "${held.key}" in this run, and Pulumi may create this one first. Do the swap in two steps (first \`pulumi up\` with the other resource's new key only, then add this one), or add \`dependsOn\` on that resource`;
        }
        return `${exists}, already managed by another resource of this program (${held.urn ?? "URN not recorded"}): one key, one resource. Remove one of the two declarations`;
    }
    if (inputs.updating === true) {
        return `${exists}, which this run's resources do not manage: choose another key, or remove that one first. If another resource of this program gives up this key in the same run (a key swap), do it in two steps: a temporary key and \`pulumi up\`, then the final keys`;
    }
    return `${exists}${adopting ? "" : ", which this run's resources do not manage"}. If it was made outside this program (console, CLI, Terraform), set \`adopt: true\` on this resource to take it over: its id stays, the program's values are written. If this program already manages it under another resource name (you renamed the resource), add the \`aliases\` resource option with the old name (\`aliases: [{ name: "<old name>" }]\`) so that Pulumi moves it instead of creating another. If another resource gives up this key in the same run (a key swap), do it in two steps`;
}
