/**
 * A create whose outcome this run could not know (its answer lost, and the check impossible: a
 * 429 on the job's list, the network down, no `Date` header) stays in the Pulumi state as
 * *pending* instead of vanishing, so that the next run finds what it made.
 *
 * How it stays: the Node dynamic provider turns a create error that carries an `id` into an
 * `ErrorResourceInitFailed` (its `grpcResponseFromError`); the engine then records the resource
 * with that id, the error's `properties` as outputs (packed raw: never a value there), and the
 * `reasons` as init errors. The id is a marker (`pending-create-<uuid>`), never a Qovery id: the
 * lifecycle never sends it to Qovery.
 *
 * How it is resolved, with no user action:
 * - `up`: `diff` answers "replace, delete first" and remembers the pending record for the run;
 *   the delete of the marker sends nothing; the create then lists the job and takes over the
 *   row with the resource's key and target created after the first create began (by the
 *   server's clock), or creates it when the list shows none.
 * - `refresh`: the same look-up; a list proving none exists lets it leave the state.
 * - delete (removed from the program, `destroy`): the same look-up, and the row found is deleted.
 */
import { randomUUID } from "node:crypto";
import type { VariableRow } from "../qovery/wire";
import type { Kind, Props } from "./kind";
import { CLOCK_SLACK_MS, isRowOfCreate } from "./lostCreate";

const PREFIX = "pending-create-";

/** The output holding the pending record. */
export const PENDING_OUTPUT = "pendingCreate";

/** What the next run needs to find what the lost create made. Plain, no value: it is stored raw. */
export interface PendingCreate {
    /** When the first create began, by this machine's wall clock (ISO 8601). */
    startedAt: string;
    /** The id of the alias's or override's target, when it was known. */
    targetId?: string;
    /** Why the outcome could not be known (for messages). */
    reason: string;
}

export function isPendingId(id: string | undefined): boolean {
    return typeof id === "string" && id.startsWith(PREFIX);
}

export function newPendingId(): string {
    return `${PREFIX}${randomUUID()}`;
}

/** The pending record of a resource's outputs, if they are a pending create's. */
export function pendingOf(props: Props): PendingCreate | undefined {
    const p = props[PENDING_OUTPUT] as Partial<PendingCreate> | undefined;
    return typeof p?.startedAt === "string" ? (p as PendingCreate) : undefined;
}

/** The outputs without the pending record. */
export function withoutPending(props: Props): Props {
    const { [PENDING_OUTPUT]: _dropped, ...rest } = props;
    return rest;
}

/**
 * Outputs fit for an error that keeps a resource in the state (Pulumi's partial failure): the
 * dynamic provider packs them raw, with no secret marking, so every input the kind hides and the
 * target object (which carries the target's value) are left out. The next `up` updates such a
 * resource, with the program's values.
 */
export function rawSafe(kind: Kind, props: Props): Props {
    const unsafe = new Set<string>([...kind.hidden, ...(kind.target ? [kind.target.output] : [])]);
    return Object.fromEntries(Object.entries(props).filter(([name]) => !unsafe.has(name)));
}

/**
 * The error that keeps the resource in the state as pending: the shape the dynamic provider
 * reads (`id`, `properties`, `reasons`). The properties are the inputs the kind does not hide
 * (no value, whatever the program marked secret), `__provider` (the engine calls the next hooks
 * with these outputs, and the dynamic provider loads the hooks from it), and the record.
 */
export class PendingCreateError extends Error {
    override readonly name = "PendingCreateError";
    readonly id: string;
    readonly properties: Props;
    readonly reasons: string[];
    constructor(message: string, kind: Kind, inputs: Props, pending: PendingCreate) {
        super(message);
        this.id = newPendingId();
        this.properties = { ...rawSafe(kind, inputs), [PENDING_OUTPUT]: { ...pending } };
        // The engine shows the reasons, not the message, for an init error.
        this.reasons = [message];
    }
}

/**
 * The row that the pending create made, if the job's list shows it: the kind's own row, with
 * the key (or, by id, the target) the resource declares, created after the create began. The
 * beginning is converted to the server's clock through the list's `Date` header and the time
 * this machine says has passed since: the two machines' clocks need not agree.
 */
export function findPendingRow(
    kind: Kind,
    rows: readonly VariableRow[],
    inputs: Props,
    pending: PendingCreate,
    serverDate: number,
    nowMs: number = Date.now(),
): VariableRow | undefined {
    const since = serverDate - Math.max(0, nowMs - Date.parse(pending.startedAt)) - CLOCK_SLACK_MS;
    return rows.find(
        (row) => Date.parse(row.created_at) >= since && isRowOfCreate(kind, row, inputs, pending.targetId),
    );
}

/**
 * The pending records `diff` saw in this run, by resource: the replacement's create resolves
 * them. One provider process per run.
 */
const resolving = new Map<string, PendingCreate>();
/** The resources whose replacement's create took its record in this run: their marker's delete sends nothing. */
const resolved = new Set<string>();

/** A resource's identity across its hooks: its recorded URN, else its job, class and key. */
export function pendingSlot(kind: Kind, props: Props): string {
    return (props.resourceUrn as string | undefined) ?? `${parentSlot(kind, props)}:${kind.type}:${kind.label(props)}`;
}

export function markResolving(slot: string, pending: PendingCreate): void {
    resolving.set(slot, pending);
}

export function isResolving(slot: string): boolean {
    return resolving.has(slot);
}

/** The record to resolve at this create, once. */
export function takeResolving(slot: string): PendingCreate | undefined {
    const pending = resolving.get(slot);
    resolving.delete(slot);
    return pending;
}

/** The replacement's create resolved the record (took over the row, or created one). */
export function noteResolved(slot: string): void {
    resolved.add(slot);
}

export function wasResolved(slot: string): boolean {
    return resolved.has(slot);
}

/** For tests: a new provider process. */
export function forgetResolving(): void {
    resolving.clear();
    resolved.clear();
}

/** The parent part of a slot: the job id alone for the job classes (as states and runs before scopes). */
function parentSlot(kind: Kind, props: Props): string {
    const parent = kind.parentOf(props);
    if (parent === undefined) return "?";
    return kind.channel.name === "job" ? parent.id : `${parent.scope.api}:${parent.id}`;
}
