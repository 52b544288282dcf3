#!/usr/bin/env node
/**
 * The `pulumi-qovery-secrets` command. One subcommand: `discover`, which writes the program
 * that brings what exists in Qovery under Pulumi: a job's variables over the job's endpoints
 * (the `Job*` classes, ../discover/fragment.ts), or a project's, an environment's or a service's
 * over `/variable` (the classes of every scope, ../discover/scoped.ts), with `--services` an
 * environment's and every service's of it.
 *
 * Loads no Pulumi SDK: it only reads Qovery's API. The token is read from QOVERY_API_TOKEN,
 * never from the command line (process arguments are visible to other users and kept in shell
 * history), and never printed.
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { type Fragment, fragmentFor } from "../discover/fragment";
import { type ParentRows, scopedFragmentFor } from "../discover/scoped";
import { SCOPES, type ScopeName } from "../engine/scopes";
import { QoveryClient } from "../qovery/client";
import { type Service, listAllEnvironmentServices } from "../qovery/services";
import {
    ApiError,
    AuthenticationError,
    NetworkError,
    NotFoundError,
    PermissionError,
    QoveryError,
    TimeoutError,
} from "../qovery/errors";
import { redact } from "../qovery/messages";
import { resolveSettings, settingsFromEnv } from "../qovery/settings";

export const USAGE = `Usage: pulumi-qovery-secrets discover --job <jobId> [--out <file>]
       pulumi-qovery-secrets discover --project|--environment|--application|--container|--helm|--terraform <id> [--out <file>]
       pulumi-qovery-secrets discover --environment <id> --services [--out <file>]

Lists the variables that a Qovery project, environment or service holds as its own (secrets,
plain variables, files, aliases and overrides), and writes a TypeScript program that declares
each of them with \`adopt: true\`, so that \`pulumi up\` takes them over instead of creating them.
Inherited and built-in variables are listed as comments, as candidates for aliases and
overrides. Prints the \`pulumi config set --secret\` commands to run: Qovery never returns a
secret's value.

--job uses the job's own endpoints and the Job* classes (JobSecret, ...); every other option
uses Qovery's /variable API and the classes of every scope (Secret, EnvironmentVariable, their
aliases and overrides).

Options:
  --job <jobId>            a job (a UUID), with the Job* classes
  --project <id>           a project's own variables
  --environment <id>       an environment's own variables
  --application <id>       an application's own variables
  --container <id>         a container's own variables
  --helm <id>              a helm service's own variables
  --terraform <id>         a terraform service's own variables
  --services               with --environment: also every service's own variables (applications,
                           containers, jobs, helm and terraform services of the environment)
  --out <file>             write the program to this file instead of standard output
  -h, --help               show this help

Environment:
  QOVERY_API_TOKEN    the API token (required; never accepted as an argument)
  QOVERY_API_URL      the API's URL (default https://api.qovery.com)
  QOVERY_AUTH_SCHEME  Token or Bearer (default: from the token's shape)
`;

/** The options naming what to discover, each a scope of the table (--job: the job classes). */
const SCOPE_OPTIONS = ["job", "project", "environment", "application", "container", "helm", "terraform"] as const;
type ScopeOption = (typeof SCOPE_OPTIONS)[number] & ScopeName;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A failure the user can fix: printed as is, exit code given. */
class UsageError extends Error {
    constructor(
        message: string,
        readonly code = 2,
    ) {
        super(message);
    }
}

export interface Io {
    env: NodeJS.ProcessEnv;
    stdout: (s: string) => void;
    stderr: (s: string) => void;
}

/** Runs the command; resolves to the exit code. Never throws, never prints the token. */
export async function main(argv: string[], io: Io): Promise<number> {
    const token = io.env.QOVERY_API_TOKEN;
    const say = (write: (s: string) => void, s: string) => write(redact(s, [token]));
    try {
        return await run(
            argv,
            io,
            (s) => say(io.stdout, s),
            (s) => say(io.stderr, s),
        );
    } catch (err) {
        const code = err instanceof UsageError ? err.code : 1;
        say(io.stderr, `pulumi-qovery-secrets: ${(err as Error).message}\n`);
        return code;
    }
}

async function run(argv: string[], io: Io, out: (s: string) => void, err: (s: string) => void): Promise<number> {
    const [command, ...rest] = argv;
    if (command === undefined || command === "-h" || command === "--help" || command === "help") {
        out(USAGE);
        return command === undefined ? 2 : 0;
    }
    if (command !== "discover") throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
    if (rest.some((a) => /^--?(api-?)?token(=|$)/i.test(a))) {
        throw new UsageError(
            "the token is not accepted on the command line (process arguments are visible to other users and kept in shell history): set QOVERY_API_TOKEN in the environment",
        );
    }
    let values: Partial<Record<ScopeOption | "out", string>> & { help?: boolean; services?: boolean };
    try {
        ({ values } = parseArgs({
            args: rest,
            options: {
                ...Object.fromEntries(SCOPE_OPTIONS.map((o) => [o, { type: "string" as const }])),
                services: { type: "boolean" },
                out: { type: "string" },
                help: { type: "boolean", short: "h" },
            },
            strict: true,
            allowPositionals: false,
        }));
    } catch (e) {
        throw new UsageError(`${(e as Error).message}\n\n${USAGE}`);
    }
    if (values.help) {
        out(USAGE);
        return 0;
    }
    const given = SCOPE_OPTIONS.filter((o) => values[o] !== undefined);
    if (given.length !== 1) {
        throw new UsageError(
            `${given.length === 0 ? "one of" : "only one of"} ${SCOPE_OPTIONS.map((o) => `--${o}`).join(", ")} is required${
                given.length > 1
                    ? ` (got ${given.map((o) => `--${o}`).join(" and ")}): run discover once per parent`
                    : ""
            }\n\n${USAGE}`,
        );
    }
    const option = given[0];
    const noun = SCOPES[option].noun;
    const id = values[option]!;
    if (!UUID.test(id)) {
        throw new UsageError(`--${option} must be a Qovery ${noun} id (a UUID), got ${JSON.stringify(id)}`);
    }
    if (values.services && option !== "environment") {
        throw new UsageError(
            `--services lists an environment's services: use it with --environment <id>, not --${option}`,
        );
    }
    if (!io.env.QOVERY_API_TOKEN?.trim()) {
        throw new UsageError(
            "QOVERY_API_TOKEN is not set: export the API token in the environment (it is never accepted as an argument)",
        );
    }

    const settings = resolveSettings({}, settingsFromEnv(io.env));
    // Fewer retries than the provider: a person is waiting, and an unreachable API says so at once.
    const api = new QoveryClient({ ...settings, retry: { maxRetries: 1, baseDelayMs: 300 } });
    const subject: Subject = { noun, id, flag: option };
    const { fragment, title } =
        option === "job"
            ? await discoverJob(api, id, settings.baseUrl)
            : await discoverScoped(api, option, id.toLowerCase(), values.services === true, settings.baseUrl, subject);
    const total = Object.values(fragment.declared).reduce((a, b) => a + b, 0);
    const summary = [
        `${title}: ${total} declared with \`adopt: true\`${
            total
                ? ` (${Object.entries(fragment.declared)
                      .map(([c, n]) => `${n} ${c}`)
                      .join(", ")})`
                : ""
        }; ${fragment.commented} listed as comments.`,
    ];
    if (fragment.config.length > 0) {
        summary.push("", "Set these in the stack config before `pulumi up` (Qovery never returns a secret's value):");
        for (const c of fragment.config) summary.push(`  ${c.command}`);
    }
    summary.push("");
    if (values.out) {
        fs.writeFileSync(values.out, fragment.source);
        out(`Wrote ${values.out}.\n${summary.join("\n")}\n`);
    } else {
        out(fragment.source);
        err(`${summary.join("\n")}\n`);
    }
    return 0;
}

/** The job's two lists over its own endpoints, written with the Job* classes (as before every scope existed). */
async function discoverJob(
    api: QoveryClient,
    jobId: string,
    url: string,
): Promise<{ fragment: Fragment; title: string }> {
    let secrets, variables;
    try {
        [secrets, variables] = await Promise.all([
            api.listJobVariablesWithDate("secret", jobId.toLowerCase()),
            api.listJobVariablesWithDate("environmentVariable", jobId.toLowerCase()),
        ]);
    } catch (e) {
        throw new UsageError(explain(e, url, { noun: "job", id: jobId, flag: "job" }), 1);
    }
    return {
        fragment: fragmentFor({ jobId: jobId.toLowerCase(), secrets: secrets.rows, variables: variables.rows }),
        title: `Job ${jobId}`,
    };
}

/**
 * One list per parent over `/variable`: the parent's, and with `--services` the environment's
 * services (five lists by kind) and each service's.
 */
async function discoverScoped(
    api: QoveryClient,
    scope: ScopeName,
    id: string,
    services: boolean,
    url: string,
    subject: Subject,
): Promise<{ fragment: Fragment; title: string }> {
    const listOf = async (s: ScopeName, parentId: string, name: string | undefined, who: Subject) => {
        try {
            const rows = (await api.listVariablesWithDate(SCOPES[s].api, parentId)).rows;
            return { scope: s, id: parentId, name, rows } satisfies ParentRows;
        } catch (e) {
            throw new UsageError(explain(e, url, who), 1);
        }
    };
    // The parent first: a 404 then names it; only an environment that answered has its services listed.
    const own = await listOf(scope, id, undefined, subject);
    let found: Service[] = [];
    if (services) {
        try {
            found = await listAllEnvironmentServices(api, id);
        } catch (e) {
            throw new UsageError(explainServices(e, url, subject), 1);
        }
    }
    const theirs = await Promise.all(
        found.map((s) =>
            listOf(s.kind, s.id, s.name, {
                noun: SCOPES[s.kind].noun,
                id: s.id,
                flag: "services",
                listedBy: `environment ${id}`,
            }),
        ),
    );
    const command = `discover --${scope} ${id}${services ? " --services" : ""}`;
    const noun = SCOPES[scope].noun;
    return {
        fragment: scopedFragmentFor({ command, parents: [own, ...theirs] }),
        title: `${noun.charAt(0).toUpperCase()}${noun.slice(1)} ${id}${services ? ` and its ${found.length} service(s)` : ""}`,
    };
}

/** What a failed call was about, for its message. */
interface Subject {
    noun: string;
    id: string;
    /** The option that named it. */
    flag: string;
    /** Set when the id came from a list rather than from the command line. */
    listedBy?: string;
}

/** A failed list of the environment's services, whose own list has just answered. */
function explainServices(e: unknown, url: string, subject: Subject): string {
    const what = `listing the services of environment ${subject.id}`;
    if (e instanceof NotFoundError) {
        return `${what}: GET ${e.path} answered 404 at ${url}, though the environment's variables were listed: this API does not list that kind of service. Run discover without --services, and once per service with --application, --container, --job, --helm or --terraform`;
    }
    return `${what}: ${explain(e, url, subject)}`;
}

function explain(e: unknown, url: string, subject: Subject): string {
    const { noun, id, flag, listedBy } = subject;
    if (e instanceof AuthenticationError) {
        return `the token in QOVERY_API_TOKEN was not accepted by ${url} (401): check the token, and QOVERY_AUTH_SCHEME if it is a JWT or an API token of the other shape`;
    }
    if (e instanceof PermissionError) {
        return `${url} answered 403 for ${noun} ${id}: the token may not see this ${noun} (or the ${noun} does not exist): check the token's role and the ${noun} id`;
    }
    if (e instanceof NotFoundError) {
        return listedBy
            ? `no ${noun} ${id} at ${url} (404), though ${listedBy} listed it: it may have been deleted meanwhile; run discover again`
            : `no ${noun} ${id} at ${url} (404): check --${flag}`;
    }
    if (e instanceof NetworkError || e instanceof TimeoutError) {
        return `could not reach the Qovery API at ${url}: ${e.message}. Check QOVERY_API_URL and the network`;
    }
    if (e instanceof ApiError || e instanceof QoveryError) return e.message;
    return `unexpected error: ${(e as Error)?.message ?? String(e)}`;
}

if (require.main === module) {
    main(process.argv.slice(2), {
        env: process.env,
        stdout: (s) => process.stdout.write(s),
        stderr: (s) => process.stderr.write(s),
    }).then((code) => {
        process.exitCode = code;
    });
}
