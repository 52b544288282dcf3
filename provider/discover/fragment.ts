/**
 * The TypeScript program fragment `discover` writes: every JOB-scoped secret, plain variable
 * (files included), alias and override of a job, each declared with `adopt: true`; inherited
 * and built-in ones as comments, candidates for aliases and overrides. Pure: rows in, text out.
 */
import type { VariableApi, VariableRow } from "../qovery/wire";
import { manageableType } from "../engine/managed";
import { UniqueNames, configNameFor, resourceNameFor } from "./names";

export interface JobRows {
    jobId: string;
    secrets: readonly VariableRow[];
    variables: readonly VariableRow[];
}

export interface Fragment {
    /** The program text: compiles with `tsc --strict` where pulumi-qovery-secrets is installed. */
    source: string;
    /** The stack config the program reads, each with the command that sets it. */
    config: { name: string; secret: boolean; command: string; why: string }[];
    /** How many resources it declares, by class. */
    declared: Record<string, number>;
    /** How many rows it lists as comments only (inherited, built-in, kinds this library does not manage). */
    commented: number;
}

/** A string as a TypeScript literal, safe on one line (U+2028/U+2029 end a line in a comment). */
export function literal(s: string): string {
    return JSON.stringify(s)
        .replace(/\u2028/g, "\\u2028")
        .replace(/\u2029/g, "\\u2029");
}

const atJob = (r: VariableRow) => r.scope === "JOB";

type Parent = { id: string; key: string; scope?: string | null };
function parentOf(row: VariableRow): Parent | undefined {
    const r = row as Record<string, unknown>;
    return (r.aliased_secret ?? r.overridden_secret ?? r.aliased_variable ?? r.overridden_variable) as
        Parent | undefined;
}

export function fragmentFor(job: JobRows): Fragment {
    const resources = new UniqueNames("-");
    const configs = new UniqueNames("");
    const config: Fragment["config"] = [];
    const declared: Record<string, number> = {};
    const body: string[] = [];
    const comments: string[] = [];

    const declare = (cls: string, name: string, props: [string, string][], note?: string) => {
        declared[cls] = (declared[cls] ?? 0) + 1;
        if (note) body.push(`// ${note}`);
        body.push(`new qovery.${cls}(${literal(resources.take(name))}, {`);
        for (const [k, v] of [["jobId", "jobId"], ...props, ["adopt", "true"]] as [string, string][]) {
            body.push(`    ${k}: ${v},`);
        }
        body.push("});", "");
    };
    const describe = (row: VariableRow): [string, string][] =>
        row.description ? [["description", literal(row.description)]] : [];
    const secretConfig = (key: string, why: string) => {
        const name = configs.take(configNameFor(key));
        config.push({ name, secret: true, command: `pulumi config set --secret ${name}`, why });
        return `cfg.requireSecret(${literal(name)})`;
    };

    for (const api of ["secret", "environmentVariable"] as VariableApi[]) {
        const rows = api === "secret" ? job.secrets : job.variables;
        const base = api === "secret" ? "JobSecret" : "JobEnvironmentVariable";
        const thing = api === "secret" ? "secret" : "variable";
        /** A target by key when the key names exactly one targetable row of the list, else by id. */
        const target = (byKey: string, byId: string, parent: Parent): [string, string] => {
            const same = rows.filter(
                (r) => r.key === parent.key && !["ALIAS", "OVERRIDE"].includes(r.variable_type ?? ""),
            );
            return same.length === 1 ? [byKey, literal(parent.key)] : [byId, literal(parent.id)];
        };
        const own = rows.filter(atJob);
        const order = ["VALUE", "FILE", "ALIAS", "OVERRIDE"];
        const sorted = [...own].sort(
            (a, b) => order.indexOf(a.variable_type ?? "VALUE") - order.indexOf(b.variable_type ?? "VALUE"),
        );
        for (const row of sorted) {
            // Secret-manager references, built-ins and rows another entity owns are left alone.
            const type = manageableType(row) ?? "UNMANAGED";
            const parent = parentOf(row);
            const name = resourceNameFor(row.key);
            const value = (row as { value?: string | null }).value;
            if (type === "VALUE" || type === "FILE") {
                const props: [string, string][] = [["key", literal(row.key)]];
                if (api === "secret") {
                    props.push(["value", secretConfig(row.key, `the value of the secret ${literal(row.key)}`)]);
                } else {
                    props.push(["value", literal(value ?? "")]);
                }
                props.push(...describe(row));
                let note: string | undefined;
                if (type === "FILE") {
                    const mountPath = (row as { mount_path?: string | null }).mount_path;
                    if (api === "environmentVariable" && mountPath) {
                        props.push(["mountPath", literal(mountPath)]);
                    } else {
                        // Qovery's secret list never returns a mount path.
                        const c = configs.take(`${configNameFor(row.key)}MountPath`);
                        config.push({
                            name: c,
                            secret: false,
                            command: `pulumi config set ${c} <the mount path the Qovery console shows for ${row.key}>`,
                            why: `the mount path of the secret file ${literal(row.key)} (Qovery does not return it)`,
                        });
                        props.push(["mountPath", `cfg.require(${literal(c)})`]);
                        note = `A secret file: Qovery does not return its mount path; set "${c}" to the one the console shows.`;
                    }
                    if (row.enable_interpolation_in_file === true) props.push(["enableInterpolationInFile", "true"]);
                }
                declare(base, name, props, note);
            } else if (type === "ALIAS" && parent) {
                declare(`${base}Alias`, name, [
                    target("aliasedKey", api === "secret" ? "aliasedSecretId" : "aliasedVariableId", parent),
                    ["key", literal(row.key)],
                    ...describe(row),
                ]);
            } else if (type === "OVERRIDE" && parent) {
                declare(`${base}Override`, `${name}-override`, [
                    target("overriddenKey", api === "secret" ? "overriddenSecretId" : "overriddenVariableId", parent),
                    [
                        "value",
                        api === "secret"
                            ? secretConfig(row.key, `the value of the override of the secret ${literal(row.key)}`)
                            : literal(value ?? ""),
                    ],
                    ...describe(row),
                ]);
            } else {
                const owner = row.owned_by ? `, owned by ${row.owned_by}` : "";
                comments.push(
                    `//   ${row.variable_type ?? "VALUE"} ${thing} ${literal(row.key)} (id ${row.id}${owner}): not a kind this library manages; left alone.`,
                );
            }
        }
        for (const row of rows.filter((r) => !atJob(r))) {
            const overridable =
                (row.scope === "PROJECT" || row.scope === "ENVIRONMENT") && (row.variable_type ?? "VALUE") === "VALUE";
            const how = [`a ${base}Alias (aliasedKey: ${literal(row.key)})`];
            if (overridable) how.push(`a ${base}Override (overriddenKey: ${literal(row.key)})`);
            comments.push(
                `//   ${row.scope ?? "?"} ${thing} ${literal(row.key)} (id ${row.id}): inherited; ${how.join(" or ")}`,
            );
        }
    }

    const lines = programLines({
        written: `discover --job ${job.jobId}\`: the job's own secrets and variables,`,
        config,
        consts: [`const jobId = ${literal(job.jobId)};`],
        body,
        commentsTitle: "// What the job also sees, not declared above:",
        comments,
    });
    // `cfg` unused when the job has no secret: still valid under --strict (no noUnusedLocals).
    return { source: lines.join("\n"), config, declared, commented: comments.length };
}

/**
 * The text of a written program: what wrote it, the config commands for its secret values, the
 * imports, its constants, the declarations, then what it does not declare.
 */
export function programLines(p: {
    /** The end of the first line, after "Written by `pulumi-qovery-secrets ". */
    written: string;
    config: readonly { command: string }[];
    consts: readonly string[];
    body: readonly string[];
    commentsTitle: string;
    comments: readonly string[];
}): string[] {
    const header = [
        `// Written by \`pulumi-qovery-secrets ${p.written}`,
        "// each declared with `adopt: true`, so that `pulumi up` takes them over (their ids stay) instead of",
        "// creating them. Nothing else changes: the program's values are written to what exists.",
    ];
    if (p.config.length > 0) {
        header.push(
            "//",
            "// Qovery never returns a secret's value: set each one in the stack config before `pulumi up`:",
        );
        for (const c of p.config) header.push(`//   ${c.command}`);
    }
    const lines = [
        ...header,
        'import * as pulumi from "@pulumi/pulumi";',
        'import * as qovery from "pulumi-qovery-secrets";',
        "",
        "const cfg = new pulumi.Config();",
        ...p.consts,
        "",
        ...p.body,
    ];
    if (p.comments.length > 0) lines.push(p.commentsTitle, ...p.comments, "");
    return lines;
}
