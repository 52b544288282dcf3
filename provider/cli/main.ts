#!/usr/bin/env node
/**
 * The `pulumi-qovery-secrets` command. One subcommand: `discover`, which writes the program
 * that brings an existing job under Pulumi (see ../discover/fragment.ts).
 *
 * Loads no Pulumi SDK: it only reads Qovery's API. The token is read from QOVERY_API_TOKEN,
 * never from the command line (process arguments are visible to other users and kept in shell
 * history), and never printed.
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { fragmentFor } from "../discover/fragment";
import { QoveryClient } from "../qovery/client";
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

Lists a Qovery job's own secrets, plain variables (files included), aliases and overrides, and
writes a TypeScript program that declares each of them with \`adopt: true\`, so that \`pulumi up\`
takes them over instead of creating them. Inherited and built-in variables are listed as
comments, as candidates for aliases and overrides. Prints the \`pulumi config set --secret\`
commands to run: Qovery never returns a secret's value.

Options:
  --job <jobId>   the Qovery job (a UUID)
  --out <file>    write the program to this file instead of standard output
  -h, --help      show this help

Environment:
  QOVERY_API_TOKEN    the API token (required; never accepted as an argument)
  QOVERY_API_URL      the API's URL (default https://api.qovery.com)
  QOVERY_AUTH_SCHEME  Token or Bearer (default: from the token's shape)
`;

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
    let values: { job?: string; out?: string; help?: boolean };
    try {
        ({ values } = parseArgs({
            args: rest,
            options: { job: { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" } },
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
    const jobId = values.job;
    if (!jobId) throw new UsageError(`--job <jobId> is required\n\n${USAGE}`);
    if (!UUID.test(jobId)) throw new UsageError(`--job must be a Qovery job id (a UUID), got ${JSON.stringify(jobId)}`);
    if (!io.env.QOVERY_API_TOKEN?.trim()) {
        throw new UsageError(
            "QOVERY_API_TOKEN is not set: export the API token in the environment (it is never accepted as an argument)",
        );
    }

    const settings = resolveSettings({}, settingsFromEnv(io.env));
    // Fewer retries than the provider: a person is waiting, and an unreachable API says so at once.
    const api = new QoveryClient({ ...settings, retry: { maxRetries: 1, baseDelayMs: 300 } });
    let secrets, variables;
    try {
        [secrets, variables] = await Promise.all([
            api.listJobVariablesWithDate("secret", jobId.toLowerCase()),
            api.listJobVariablesWithDate("environmentVariable", jobId.toLowerCase()),
        ]);
    } catch (e) {
        throw new UsageError(explain(e, settings.baseUrl, jobId), 1);
    }
    const fragment = fragmentFor({ jobId: jobId.toLowerCase(), secrets: secrets.rows, variables: variables.rows });
    const total = Object.values(fragment.declared).reduce((a, b) => a + b, 0);
    const summary = [
        `Job ${jobId}: ${total} declared with \`adopt: true\`${
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

function explain(e: unknown, url: string, jobId: string): string {
    if (e instanceof AuthenticationError) {
        return `the token in QOVERY_API_TOKEN was not accepted by ${url} (401): check the token, and QOVERY_AUTH_SCHEME if it is a JWT or an API token of the other shape`;
    }
    if (e instanceof PermissionError) {
        return `${url} answered 403 for job ${jobId}: the token may not see this job (or the job does not exist): check the token's role and the job id`;
    }
    if (e instanceof NotFoundError) return `no job ${jobId} at ${url} (404): check --job`;
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
