/**
 * Coalesced creates. Pulumi runs independent creates side by side (at most `--parallel` at
 * once), each a hook call of this one provider process. Those of plain variables of one
 * service that arrive together are sent as one `POST /variable/import`, then one list of the
 * service maps each key to its row, and each create returns its own row, as if it had been
 * made alone: 2 requests for a batch instead of one per variable.
 *
 * Only what an import can carry goes through it: a key and a value (secret or not) at the
 * service's own scope, over `/variable`. Anything else (a description, a mount path, the
 * interpolation flag, an alias or override, an environment's or project's variable, `adopt`,
 * the job classes' own endpoints) keeps its single call, and so does a batch of one.
 *
 * The guarantees of a single create hold:
 * - a variable the import did not report as imported gets its own create, so its error is the
 *   one a single create gives (a 409 explained, a 400 naming the property);
 * - an import whose answer is lost follows the lost-create rule: the service's list tells, and
 *   only a row created after the import began (by the server's clock) is taken; a key with no
 *   row gets its own create; a list that cannot be read leaves each create pending;
 * - the values are redacted from any error (the client knows every value of the request).
 */
import type { QoveryClient } from "../qovery/client";
import { CreateOutcomePendingError, isOutcomeUnknown } from "../qovery/errors";
import { safeMessage } from "../qovery/messages";
import type { ApiScope, VariableRow } from "../qovery/wire";
import type { Kind, Props } from "./kind";
import { CLOCK_SLACK_MS } from "./lostCreate";
import { atOwnScope } from "./managed";
import { bulkCreateEnabled, hiddenValues, writing } from "./runtime";
import { type Parent, parentKey } from "./scopes";

/**
 * The least time a batch waits for the next create of its service after the last one arrived. Longer
 * than the time the program takes to register one resource (tens of milliseconds), so that the
 * creates of a loop over a service's variables meet; when the engine runs as many creates as
 * `--parallel` allows, all of them waiting here, nothing else arrives and the batch goes.
 */
export const BATCH_QUIET_MS = 100;
/** How long a batch waits at most after its first create (at the least quiet time). */
export const BATCH_MAX_WAIT_MS = 2_000;
/** The most variables one import carries. */
export const BATCH_MAX_SIZE = 100;

/**
 * The pace at which creates reach this process: an average of the gaps between two arrivals
 * (gaps over 2 s are pauses, not pace). Pulumi writes its checkpoint before and after each
 * step, one write at a time, so on a large state creates arrive one write apart; a batch must
 * wait a few such gaps, or it would hold one create each.
 */
let lastArrival: number | undefined;
let averageGapMs: number | undefined;
function noteArrival(now: number): void {
    if (lastArrival !== undefined) {
        const gap = now - lastArrival;
        if (gap < 2_000) averageGapMs = averageGapMs === undefined ? gap : 0.8 * averageGapMs + 0.2 * gap;
    }
    lastArrival = now;
}

/**
 * The quiet time and the longest wait in force: QOVERY_BULK_WINDOW_MS when set (a test that must
 * see every create meet), else three average gaps, at least BATCH_QUIET_MS and at most 2 s; the
 * longest wait is forty quiet times, between BATCH_MAX_WAIT_MS and 30 s. When the engine runs
 * as many creates as `--parallel` allows, all of them waiting here, nothing else arrives, and
 * the batch goes one quiet time after the last.
 */
function windows(): { quiet: number; max: number } {
    const raw = Number(process.env.QOVERY_BULK_WINDOW_MS);
    const quiet =
        Number.isInteger(raw) && raw > 0 && raw <= 60_000
            ? raw
            : Math.min(2_000, Math.max(BATCH_QUIET_MS, 3 * (averageGapMs ?? 0)));
    return { quiet, max: Math.min(30_000, Math.max(BATCH_MAX_WAIT_MS, 40 * quiet)) };
}

/** What a create that joins a batch waits for. */
interface Member {
    kind: Kind;
    inputs: Props;
    /** The create done alone (lifecycle's `createOnce`): for what the import did not make. */
    single: () => Promise<VariableRow>;
    resolve(row: VariableRow): void;
    reject(err: unknown): void;
}

interface Batch {
    parent: Parent;
    api: QoveryClient;
    members: Member[];
    firstAt: number;
    timer: NodeJS.Timeout;
}

const open = new Map<string, Batch>();

/** Whether a create can join a batch: a plain key and value at a service's own scope, over /variable. */
export function importable(kind: Kind, parent: Parent, inputs: Props): boolean {
    return (
        kind.channel.name === "variable" &&
        kind.target === undefined &&
        parent.scope.level === 2 &&
        typeof inputs.key === "string" &&
        typeof inputs.value === "string" &&
        inputs.adopt !== true &&
        [inputs.description, inputs.mountPath, inputs.enableInterpolationInFile].every(
            (v) => v === undefined || v === null,
        ) &&
        bulkCreateEnabled()
    );
}

/**
 * Creates the variable in a batch of its service when it can join one, else alone. The row
 * returned is the variable's own, whichever way it was made.
 */
export function createCoalesced(
    kind: Kind,
    api: QoveryClient,
    parent: Parent,
    inputs: Props,
    single: () => Promise<VariableRow>,
): Promise<VariableRow> {
    if (!importable(kind, parent, inputs)) return single();
    noteArrival(Date.now());
    return new Promise<VariableRow>((resolve, reject) => {
        const at = parentKey(parent);
        const member: Member = { kind, inputs, single, resolve, reject };
        const batch = open.get(at);
        if (batch === undefined) {
            const fresh: Batch = {
                parent,
                api,
                members: [member],
                firstAt: Date.now(),
                timer: schedule(at, windows().quiet),
            };
            open.set(at, fresh);
            return;
        }
        batch.members.push(member);
        clearTimeout(batch.timer);
        const waited = Date.now() - batch.firstAt;
        const { quiet, max } = windows();
        batch.timer =
            batch.members.length >= BATCH_MAX_SIZE || waited >= max
                ? schedule(at, 0)
                : schedule(at, Math.min(quiet, max - waited));
    });
}

function schedule(at: string, ms: number): NodeJS.Timeout {
    return setTimeout(() => {
        const batch = open.get(at);
        if (batch === undefined) return;
        open.delete(at);
        // Whatever happens, no create may wait for ever: an unexpected failure is each member's.
        send(batch).catch((err: unknown) => {
            for (const m of batch.members) m.reject(err);
        });
    }, ms);
}

/** Two variables of one key in one batch: the second goes alone (and meets the first's 409, as it would). */
function splitDuplicates(members: Member[]): { batched: Member[]; alone: Member[] } {
    const seen = new Set<string>();
    const batched: Member[] = [];
    const alone: Member[] = [];
    for (const m of members) {
        const key = m.inputs.key as string;
        (seen.has(key) ? alone : batched).push(m);
        seen.add(key);
    }
    return { batched, alone };
}

async function send(batch: Batch): Promise<void> {
    const { parent, api } = batch;
    const { batched, alone } = splitDuplicates(batch.members);
    const aloneToo = (m: Member) => m.single().then(m.resolve, m.reject);
    if (batched.length < 2) {
        await Promise.all([...batched, ...alone].map(aloneToo));
        return;
    }
    const scope = parent.scope.api as ApiScope;
    const began = performance.now();
    const body = {
        overwrite: false,
        vars: batched.map((m) => ({
            name: m.inputs.key as string,
            value: m.inputs.value as string,
            scope,
            is_secret: m.kind.api === "secret",
        })),
    };
    let imported: Set<string> | "unknown";
    try {
        const answer = await writing(parent, () => api.importVariables(parent.id, scope, body));
        imported = new Set(
            answer.imported.successful_imported_variables.map((v) => `${v.is_secret ? "s" : "v"}:${v.name}`),
        );
    } catch (err) {
        if (!isOutcomeUnknown(err)) {
            // Refused as a whole (a 400 on one entry, a 403...): each gets its own create, and its own error.
            await Promise.all([...batched, ...alone].map(aloneToo));
            return;
        }
        imported = "unknown";
    }
    // One list maps the keys to their rows (and, for a lost answer, tells what was made).
    let rows: VariableRow[];
    let serverDate: number | undefined;
    try {
        // The list as the API answers it: secrets and plain variables alike (a batch may hold both).
        const listed = await batched[0].kind.channel.fetch(api, parent);
        rows = listed.rows;
        serverDate = listed.serverDate;
    } catch (err) {
        const why = `the ${parent.scope.noun}'s list, which tells what the import made, could not be read (${safeMessage((err as Error).message, hiddenValues())})`;
        for (const m of batched) {
            if (imported !== "unknown" && !imported.has(tag(m))) void aloneToo(m);
            else m.reject(new CreateOutcomePendingError(why, err));
        }
        await Promise.all(alone.map(aloneToo));
        return;
    }
    const since = serverDate === undefined ? undefined : serverDate - (performance.now() - began) - CLOCK_SLACK_MS;
    await Promise.all([
        ...batched.map(async (m) => {
            const row = rows.find(
                (r) =>
                    r.key === m.inputs.key &&
                    (r as { is_secret?: boolean }).is_secret === (m.kind.api === "secret") &&
                    atOwnScope(r, scope) &&
                    m.kind.owns(r, scope),
            );
            if (imported !== "unknown") {
                // Reported imported and listed: ours (nothing else could make a new row of a key that was free).
                if (imported.has(tag(m)) && row !== undefined) return m.resolve(row);
                return aloneToo(m);
            }
            // The answer was lost: a row is ours only if it was created after the import began.
            if (row === undefined) return aloneToo(m);
            if (since === undefined) {
                return m.reject(
                    new CreateOutcomePendingError(
                        `the answer to the import was lost, and the ${parent.scope.noun} now has a variable with this key (id ${row.id}), but ${api.baseUrl} sent no Date header to compare its creation time with`,
                    ),
                );
            }
            if (Date.parse(row.created_at) >= since) return m.resolve(row);
            return aloneToo(m); // older: not this run's; the single create meets the 409 and explains it
        }),
        ...alone.map(aloneToo),
    ]);
}

const tag = (m: Member) => `${m.kind.api === "secret" ? "s" : "v"}:${m.inputs.key as string}`;

/** For tests: forget any batch still open, as a new provider process would. */
export function forgetBatches(): void {
    for (const b of open.values()) clearTimeout(b.timer);
    open.clear();
    lastArrival = undefined;
    averageGapMs = undefined;
}
