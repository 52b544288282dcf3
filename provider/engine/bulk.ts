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
 *
 * A batch goes when no more creates can join it (consider, below, from what pace.ts knows of the
 * engine), or when nothing happens in this process for a while: it never waits on a fixed time.
 */
import type { QoveryClient } from "../qovery/client";
import { CreateOutcomePendingError, isOutcomeUnknown } from "../qovery/errors";
import { safeMessage } from "../qovery/messages";
import type { ApiScope, VariableRow } from "../qovery/wire";
import type { Kind, Props } from "./kind";
import { CLOCK_SLACK_MS } from "./lostCreate";
import { atOwnScope } from "./managed";
import { bulkCreateEnabled, hiddenValues, writing } from "./runtime";
import {
    complete,
    engineParallel,
    forgetPace,
    noteArrived,
    noteAwaited,
    onlyKeyAndValue,
    runningSteps,
    whenStepEnds,
} from "./pace";
import { type Parent, parentKey } from "./scopes";

/**
 * The least quiet time: how long nothing may happen in this process (no check, no create
 * arriving, no step ending) before every batch goes. Longer than a pause of the engine between
 * two steps (a checkpoint write, a garbage collection).
 */
export const BATCH_QUIET_MS = 300;
/** The longest quiet time, however slow the engine's pace. */
export const BATCH_MAX_QUIET_MS = 2_000;
/** How long a batch waits at most after its first create, whatever happens meanwhile. */
export const BATCH_MAX_WAIT_MS = 30_000;
/** The most variables one import carries. */
export const BATCH_MAX_SIZE = 100;

/**
 * The pace of the engine as this process sees it: an average of the gaps between two events
 * (a check, a create arriving, a step ending; gaps over 2 s are pauses, not pace). While the
 * engine writes its checkpoints (one write at a time, before and after each step), creates
 * arrive spaced out, but each step that ends lets the engine check the next resource: events
 * keep coming. When none comes for several gaps, the engine waits for something else (another
 * provider's steps, a create held here that another one depends on): the batches go.
 */
let lastEvent: number | undefined;
let averageGapMs: number | undefined;
let quietTimer: NodeJS.Timeout | undefined;

function quietMs(): number {
    const raw = Number(process.env.QOVERY_BULK_WINDOW_MS);
    if (Number.isInteger(raw) && raw > 0 && raw <= 60_000) return raw;
    return Math.min(BATCH_MAX_QUIET_MS, Math.max(BATCH_QUIET_MS, 5 * (averageGapMs ?? 0)));
}

/** Something happened: the quiet time starts again. */
function noteEvent(): void {
    const now = Date.now();
    if (lastEvent !== undefined) {
        const gap = now - lastEvent;
        if (gap < 2_000) averageGapMs = averageGapMs === undefined ? gap : 0.8 * averageGapMs + 0.2 * gap;
    }
    lastEvent = now;
    if (quietTimer !== undefined) clearTimeout(quietTimer);
    quietTimer =
        open.size === 0
            ? undefined
            : setTimeout(() => {
                  quietTimer = undefined;
                  for (const at of [...open.keys()]) go(at);
              }, quietMs());
}
whenStepEnds(() => noteEvent());

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
    /** The longest wait (BATCH_MAX_WAIT_MS). */
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
        onlyKeyAndValue(inputs) &&
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
    const at = parentKey(parent);
    noteArrived(at);
    return new Promise<VariableRow>((resolve, reject) => {
        const member: Member = { kind, inputs, single, resolve, reject };
        const batch = open.get(at);
        if (batch === undefined) {
            open.set(at, { parent, api, members: [member], timer: setTimeout(() => go(at), BATCH_MAX_WAIT_MS) });
        } else {
            batch.members.push(member);
            if (batch.members.length >= BATCH_MAX_SIZE) go(at);
        }
        noteEvent();
        consider();
    });
}

/**
 * A check of a resource (lifecycle's `check`): the creates the engine will run that a batch can
 * carry, per parent (pace.ts). `olds` is empty for a new resource.
 */
export function noteCheck(kind: Kind, olds: unknown, news: Props): void {
    const parent = kind.parentOf(news);
    if (parent === undefined) return;
    const isNew = typeof olds !== "object" || olds === null || Object.keys(olds).length === 0;
    try {
        if (isNew && importable(kind, parent, news)) noteAwaited(parentKey(parent));
    } catch {
        // A bad qovery:bulkCreate: check reports it; nothing is counted.
    }
    noteEvent();
    consider();
}

/**
 * Sends the batches no more creates can join, without waiting for their timers:
 * - a service's batch, once the engine has checked every variable the program declared in the
 *   service and every create among them has arrived;
 * - the largest batch, when all the steps the engine runs are creates waiting in batches and
 *   they are as many as its parallelism: nothing else can arrive before one of them returns.
 */
function consider(): void {
    for (const at of [...open.keys()]) if (complete(at)) go(at);
    const p = engineParallel();
    let held = 0;
    let largest: string | undefined;
    for (const [at, b] of open) {
        held += b.members.length;
        if (largest === undefined || b.members.length > open.get(largest)!.members.length) largest = at;
    }
    if (p !== undefined && largest !== undefined && held >= p && held >= runningSteps()) go(largest);
}

/** Sends the parent's open batch. */
function go(at: string): void {
    const batch = open.get(at);
    if (batch === undefined) return;
    clearTimeout(batch.timer);
    open.delete(at);
    // Whatever happens, no create may wait for ever: an unexpected failure is each member's.
    send(batch).catch((err: unknown) => {
        for (const m of batch.members) m.reject(err);
    });
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
    if (quietTimer !== undefined) clearTimeout(quietTimer);
    quietTimer = undefined;
    lastEvent = undefined;
    averageGapMs = undefined;
    forgetPace();
}
