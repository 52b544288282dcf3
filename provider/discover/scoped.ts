/**
 * The TypeScript program fragment `discover` writes for a project, an environment or a service
 * over the unified `/variable` API (and, with `--services`, an environment and every service of
 * it): each parent's own secrets, plain variables (files included), aliases and overrides,
 * declared with the classes of every scope (`Secret`, `EnvironmentVariable`, their aliases and
 * overrides) and `adopt: true`. Inherited, built-in and unmanaged rows are comments. Pure: rows
 * in, text out. The job fragment (`--job`, the `Job*` classes) is fragment.ts, unchanged.
 */
import { KINDS } from "../engine/kinds";
import { manageableType, atOwnScope } from "../engine/managed";
import { SCOPES, type Parent, type ScopeName, scopeOfApi } from "../engine/scopes";
import { resolveTarget } from "../engine/targets";
import type { VariableRow } from "../qovery/wire";
import { type Fragment, literal, programLines } from "./fragment";
import { UniqueNames, configNameFor, resourceNameFor } from "./names";

/** One parent's list (`GET /variable?parent_id&scope`), as the API answered it. */
export interface ParentRows {
    scope: ScopeName;
    /** Lower case. */
    id: string;
    /** A service's name: names its resources and config apart from the other parents'. */
    name?: string;
    rows: readonly VariableRow[];
}

export interface ScopedInput {
    /** The command line, for the header (`discover --environment <id> --services`). */
    command: string;
    /** The parent the command names first, then (with `--services`) its services. */
    parents: readonly ParentRows[];
}

type Cls = "Secret" | "EnvironmentVariable";
const ORDER = ["VALUE", "FILE", "ALIAS", "OVERRIDE"];
type Target = { id: string; key: string };

const targetOf = (row: VariableRow, field: "aliased_variable" | "overridden_variable"): Target | undefined =>
    (row as Record<string, unknown>)[field] as Target | undefined;

/**
 * The target as the engine will find it: by key when resolving that key from this parent gives
 * this very row (targets.ts: one non-derived row of the kind, reachable from the parent), else by id.
 */
function targetProp(
    kindName: keyof typeof KINDS,
    parent: Parent,
    rows: readonly VariableRow[],
    target: Target,
): [string, string] {
    const kind = KINDS[kindName];
    const t = kind.target!;
    try {
        if (resolveTarget(kind, parent, kind.channel.select(rows), target.key) === target.id) {
            return [t.byKey, literal(target.key)];
        }
    } catch {
        // Ambiguous or unreachable by key: the id says which.
    }
    return [t.byId, literal(target.id)];
}

export function scopedFragmentFor(input: ScopedInput): Fragment {
    const resources = new UniqueNames("-");
    const configs = new UniqueNames("");
    const idents = new UniqueNames("");
    const config: Fragment["config"] = [];
    const declared: Record<string, number> = {};
    const consts: string[] = [];
    const body: string[] = [];
    const comments: string[] = [];
    const several = input.parents.length > 1;
    /** The rows some parent of this fragment holds as its own: its services see them, but they are not inherited candidates. */
    const ownIds = new Set<string>();
    let commented = 0;

    for (const [index, p] of input.parents.entries()) {
        const scope = SCOPES[p.scope];
        const parent: Parent = { scope, id: p.id };
        // The first parent's names are bare; a service's carry its name, so that names stay apart.
        const label = index === 0 ? "" : (p.name ?? p.scope);
        const prefix = label === "" ? "" : `${resourceNameFor(label)}-`;
        const ident = idents.take(label === "" ? scope.field : `${configNameFor(label)}${upper(scope.field)}`);
        consts.push(`const ${ident} = ${literal(p.id)};`);
        const where = `${scope.noun} ${p.id}${p.name ? ` (${literal(p.name)})` : ""}`;
        const parentBody: string[] = [];
        // Comments name their parent only when the program has several.
        const tag = several ? `${where}: ` : "";

        const declare = (cls: string, name: string, props: [string, string][], note?: string) => {
            declared[cls] = (declared[cls] ?? 0) + 1;
            if (note) parentBody.push(`// ${note}`);
            parentBody.push(`new qovery.${cls}(${literal(resources.take(prefix + name))}, {`);
            for (const [k, v] of [[scope.field, ident], ...props, ["adopt", "true"]] as [string, string][]) {
                parentBody.push(`    ${k}: ${v},`);
            }
            parentBody.push("});", "");
        };
        const describe = (row: VariableRow): [string, string][] =>
            row.description ? [["description", literal(row.description)]] : [];
        const secretConfig = (key: string, why: string) => {
            const name = configs.take(configNameFor(`${label} ${key}`));
            config.push({
                name,
                secret: true,
                command: `pulumi config set --secret ${name}`,
                why: `${why} of ${where}`,
            });
            return `cfg.requireSecret(${literal(name)})`;
        };

        for (const secret of [true, false]) {
            const cls: Cls = secret ? "Secret" : "EnvironmentVariable";
            const thing = secret ? "secret" : "variable";
            const rows = p.rows.filter((r) => (r as { is_secret?: unknown }).is_secret === secret);
            const own = rows
                .filter((r) => atOwnScope(r, scope.api))
                .sort((a, b) => ORDER.indexOf(a.variable_type ?? "VALUE") - ORDER.indexOf(b.variable_type ?? "VALUE"));
            for (const row of own) {
                ownIds.add(row.id);
                const type = manageableType(row, scope.api);
                const value = (row as { value?: string | null }).value;
                const name = resourceNameFor(row.key);
                const aliased = targetOf(row, "aliased_variable");
                const overridden = targetOf(row, "overridden_variable");
                if (type === "VALUE" || type === "FILE") {
                    const props: [string, string][] = [
                        ["key", literal(row.key)],
                        [
                            "value",
                            secret
                                ? secretConfig(row.key, `the value of the secret ${literal(row.key)}`)
                                : literal(value ?? ""),
                        ],
                        ...describe(row),
                    ];
                    let note: string | undefined;
                    if (type === "FILE") {
                        const mountPath = (row as { mount_path?: string | null }).mount_path;
                        if (mountPath) {
                            props.push(["mountPath", literal(mountPath)]);
                        } else {
                            // /variable returns a file's mount path; an answer without one is read from config, as --job does.
                            const c = configs.take(`${configNameFor(`${label} ${row.key}`)}MountPath`);
                            config.push({
                                name: c,
                                secret: false,
                                command: `pulumi config set ${c} <the mount path the Qovery console shows for ${row.key}>`,
                                why: `the mount path of the file ${literal(row.key)} of ${where} (Qovery did not return it)`,
                            });
                            props.push(["mountPath", `cfg.require(${literal(c)})`]);
                            note = `A file whose mount path Qovery did not return: set "${c}" to the one the console shows.`;
                        }
                        if (row.enable_interpolation_in_file === true)
                            props.push(["enableInterpolationInFile", "true"]);
                    }
                    declare(cls, name, props, note);
                } else if (type === "ALIAS" && aliased) {
                    declare(`${cls}Alias`, name, [
                        targetProp(`${cls}Alias`, parent, p.rows, aliased),
                        ["key", literal(row.key)],
                        ...describe(row),
                    ]);
                } else if (type === "OVERRIDE" && overridden) {
                    declare(`${cls}Override`, `${name}-override`, [
                        targetProp(`${cls}Override`, parent, p.rows, overridden),
                        [
                            "value",
                            secret
                                ? secretConfig(row.key, `the value of the override of the secret ${literal(row.key)}`)
                                : literal(value ?? ""),
                        ],
                        ...describe(row),
                    ]);
                } else {
                    const owner = row.owned_by ? `, owned by ${row.owned_by}` : "";
                    comments.push(
                        `//   ${tag}${row.variable_type ?? "VALUE"} ${thing} ${literal(row.key)} (id ${row.id}${owner}): not a kind this library manages; left alone.`,
                    );
                    commented++;
                }
            }
        }
        if (several) {
            body.push(`// ---- ${where} ----`, "");
        }
        body.push(...(parentBody.length > 0 ? parentBody : [`// (${where} has nothing of its own to declare)`, ""]));

        // Inherited rows: candidates for aliases and overrides, but not those listed above as a
        // parent's own (an environment's, which its services also see).
        for (const row of p.rows.filter((r) => !atOwnScope(r, scope.api) && !ownIds.has(r.id))) {
            const secret = (row as { is_secret?: unknown }).is_secret === true;
            const cls = secret ? "Secret" : "EnvironmentVariable";
            const from = scopeOfApi(row.scope);
            const type = row.variable_type ?? "VALUE";
            const a = secret ? "a" : "an";
            const how = [`${a} ${cls}Alias (aliasedKey: ${literal(row.key)})`];
            if (from !== undefined && from.level < scope.level && (type === "VALUE" || type === "FILE")) {
                how.push(`${a} ${cls}Override (overriddenKey: ${literal(row.key)})`);
            }
            const usable = type !== "ALIAS" && type !== "OVERRIDE";
            comments.push(
                `//   ${tag}${row.scope ?? "?"} ${secret ? "secret" : "variable"} ${literal(row.key)} (id ${row.id}): inherited${usable ? `; ${how.join(" or ")}` : ` (an ${type.toLowerCase()}: no alias or override can target it)`}`,
            );
            commented++;
        }
    }

    const first = input.parents[0];
    const firstNoun = SCOPES[first.scope].noun;
    const lines = programLines({
        written: `${input.command}\`: the ${firstNoun}'s own secrets and variables${
            several ? `, and those of its ${input.parents.length - 1} service(s)` : ""
        },`,
        config,
        consts,
        body,
        commentsTitle: "// What each also sees or holds, not declared above:",
        comments,
    });
    // `cfg` unused when nothing is secret: still valid under --strict (no noUnusedLocals).
    return { source: lines.join("\n"), config, declared, commented };
}

const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
