/**
 * What the provider process shares between every resource of the run, whatever its kind:
 * the settings `configure` read, the rate gate, and one list cache per (job, API).
 *
 * Every hooks module (one per kind) loads this one module, so they share it.
 */
import { QoveryClient, type RetryNotice } from "../qovery/client";
import { JobListCache } from "../qovery/listCache";
import { RateGate } from "../qovery/rateGate";
import {
    type RawSettings,
    resolveApiUrl,
    resolveBulkCreate,
    resolveSettings,
    settingsFromConfig,
    settingsFromEnv,
} from "../qovery/settings";
import type { VariableRow } from "../qovery/wire";
import type { Listed } from "./channel";
import type { Kind } from "./kind";
import type { Parent } from "./scopes";

/** Stack config read by `configure`, once per provider process (and per kind: the same config). */
let stackSettings: RawSettings = {};

const newGate = () => new RateGate({ log: (m) => console.error(`pulumi-qovery-secrets: ${m}`) });
let gate = newGate();

/** For tests that play several runs in one process: a new run starts with no rate-limit pause. */
export function forgetRateLimits(): void {
    gate = newGate();
}

/**
 * The lists read in this process, by channel, API and parent (channel.ts `listKey`): a refresh
 * lists each parent once, for every class together (one `/variable` list serves secrets and
 * plain variables alike).
 */
export const lists = new JobListCache<VariableRow>();

export function configureFrom(config: { get(key: string): string | undefined }): void {
    stackSettings = settingsFromConfig(config);
}

/**
 * What is wrong with the settings that need no token (the API URL), for `check` during preview;
 * undefined when nothing is.
 */
export function settingsProblem(): string | undefined {
    try {
        resolveApiUrl(stackSettings, settingsFromEnv(process.env));
        return undefined;
    } catch (err) {
        return err instanceof Error ? err.message : String(err);
    }
}

/**
 * Every secret-bearing value this process has handled, of every kind. A message about one
 * resource may quote another's value (an error for a job's list is shared by all its
 * resources): each error is cleaned of all of them.
 */
const valuesSeen = new Set<string>();

/** Records these values and returns every value seen so far, for an error to be cleaned of. */
export function hiddenValues(...current: unknown[]): string[] {
    for (const v of current) if (typeof v === "string" && v !== "") valuesSeen.add(v);
    return [...valuesSeen];
}

/** Forgets the values seen, as a new provider process would start (for tests that play several runs in one process). */
export function forgetValuesSeen(): void {
    valuesSeen.clear();
}

/** Whether creates are coalesced into imports (bulk.ts): `qovery:bulkCreate`, else QOVERY_BULK_CREATE, default true. */
export function bulkCreateEnabled(): boolean {
    return resolveBulkCreate(stackSettings, settingsFromEnv(process.env));
}

/** Where the token in use comes from, for advice on a failed refresh or delete. */
export function tokenSource(): "config" | "environment" {
    return stackSettings.apiToken?.trim() ? "config" : "environment";
}

/** Builds a client from the settings in force now (stack config, then environment). */
export function client(): QoveryClient {
    return new QoveryClient({
        ...resolveSettings(stackSettings, settingsFromEnv(process.env)),
        gate,
        onRetry: logRetry,
    });
}

function logRetry(n: RetryNotice): void {
    // stderr of the provider process reaches the engine's log; never a value or token here.
    console.error(
        `pulumi-qovery-secrets: ${n.method} ${n.path} failed (${n.reason}); retry ${n.attempt} in ${n.delayMs} ms`,
    );
}

/** The parent's rows of the kind's API, from a list shared with every other reader of the process. */
export async function listOf(kind: Kind, parent: Parent, qovery: QoveryClient = client()): Promise<VariableRow[]> {
    const { channel } = kind;
    const rows = await lists.get(channel.listKey(parent), async () => (await channel.fetch(qovery, parent)).rows);
    return channel.select(rows);
}

/** The same, listed now rather than taken from the run's cache. */
export function freshListOf(kind: Kind, parent: Parent, qovery: QoveryClient = client()): Promise<VariableRow[]> {
    forgetLists(parent);
    return listOf(kind, parent, qovery);
}

/** The parent's rows of the kind's API, listed now, with the server's clock when it answered. */
export async function listNow(kind: Kind, parent: Parent, qovery: QoveryClient): Promise<Listed> {
    const listed = await kind.channel.fetch(qovery, parent);
    return { rows: kind.channel.select(listed.rows), serverDate: listed.serverDate };
}

/**
 * Forgets the lists a write at `parent` may change: a service's own lists (of both channels),
 * or every list for a write at an environment or a project, which every service below sees.
 */
export function forgetLists(parent: Parent): void {
    const id = parent.id.toLowerCase();
    lists.invalidateWhere((key) => parent.scope.level < 2 || key.endsWith(`:${id}`));
}

/** Runs a write at a parent, forgetting the cached lists it changes before and after. */
export async function writing<T>(parent: Parent, write: () => Promise<T>): Promise<T> {
    forgetLists(parent);
    try {
        return await write();
    } finally {
        forgetLists(parent);
    }
}
