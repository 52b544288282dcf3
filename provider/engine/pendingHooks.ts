/**
 * What `diff`, `read`, `update` and `delete` do with a resource the state holds as a pending
 * create (pending.ts). Kept apart from lifecycle.ts: each of those hooks hands a pending id
 * here in one line. The pending id is never sent to Qovery: every request here is a list of the
 * job, or the DELETE of a row the list showed.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { QoveryClient } from "../qovery/client";
import { AbsenceNotProvenError, CreateOutcomePendingError } from "../qovery/errors";
import { safeMessage } from "../qovery/messages";
import type { VariableRow } from "../qovery/wire";
import { isOthers, claimOf } from "./claims";
import type { Kind, Props } from "./kind";
import {
    PENDING_OUTPUT,
    type PendingCreate,
    findPendingRow,
    markResolving,
    pendingOf,
    pendingSlot,
    wasResolved,
} from "./pending";
import { hiddenValues, listNow, writing } from "./runtime";

/** What the lifecycle lends: its client, its error wrapping and its view of a row. */
export interface PendingDeps {
    kind: Kind;
    /** "secret", "environment variable alias"... */
    what: string;
    client(operation: "refresh" | "delete", id: string, props: Props): QoveryClient;
    failed(operation: "update", props: Props, id: string, err: unknown): Error;
    readOrDeleteError(operation: "refresh" | "delete", id: string, props: Props, err: unknown): Error;
    /** The resource's outputs and inputs for a row (lifecycle's outputsFor and currentInputsOf). */
    view(row: VariableRow, prior: Props): { outputs: Props; inputs: Props };
}

/**
 * The row an earlier run's lost create made, from a fresh list of the job; "none" when the list
 * proves there is none. Throws CreateOutcomePendingError when the list cannot tell.
 */
export async function lookForPending(
    kind: Kind,
    api: QoveryClient,
    props: Props,
    pending: PendingCreate,
    forDelete = false,
): Promise<VariableRow | "none"> {
    let listed: Awaited<ReturnType<typeof listNow>>;
    const parent = kind.parentOf(props)!;
    try {
        listed = await listNow(kind, parent, api);
    } catch (err) {
        throw new CreateOutcomePendingError(
            `the ${parent.scope.noun}'s list, which would tell, could not be read (${safeMessage((err as Error).message, hiddenValues())})`,
            err,
        );
    }
    if (listed.serverDate === undefined) {
        throw new CreateOutcomePendingError(
            `${api.baseUrl} sent no Date header, which is needed to tell a row made by that create from an older one`,
        );
    }
    // Another resource of this run may hold a row with the key: it is not this create's. Nor, for
    // a marker's delete, is a row that any resource of the run holds (a replacement of this
    // resource holds it under the same URN; a marker itself never holds a row).
    const rows = listed.rows.filter((r) => {
        const held = claimOf(kind.api, r.id);
        return forDelete ? held === undefined : !isOthers(held, props.resourceUrn as string | undefined);
    });
    return findPendingRow(kind, rows, props, pending, listed.serverDate) ?? "none";
}

export function pendingHooks(deps: PendingDeps) {
    const { kind, what } = deps;
    const recordOf = (id: string, props: Props, operation: "refresh" | "delete"): PendingCreate => {
        const pending = pendingOf(props);
        if (pending !== undefined) return pending;
        throw deps.readOrDeleteError(
            operation,
            id,
            props,
            new AbsenceNotProvenError(`the state holds the ${what} as a pending create but without its record`),
        );
    };

    return {
        /**
         * Replace, creating first: the create (same provider process) takes the record from here
         * and resolves it, and only then is the marker deleted, sending nothing. Creating first,
         * a run cut between the two steps still has the marker in the state.
         *
         * When the program moved the resource meanwhile (another job, key or target), the row the
         * lost create made is not what the program declares now: the create starts afresh, and
         * the marker's delete removes that row (it is no one's).
         */
        diff(olds: Props, news: Props): pulumi.dynamic.DiffResult {
            const pending = pendingOf(olds);
            const same = (name: string) =>
                String(olds[name] ?? "").toLowerCase() === String(news[name] ?? "").toLowerCase();
            const movedTo = kind.parentFields.filter((f) => !same(f));
            const target = kind.target ? [kind.target.byKey, kind.target.byId] : [];
            const unmoved = movedTo.length === 0 && same("key") && same("overriddenKey") && target.every(same);
            if (pending !== undefined && unmoved) markResolving(pendingSlot(kind, news), pending);
            return {
                changes: true,
                replaces: movedTo.length === 0 ? [PENDING_OUTPUT] : movedTo,
                deleteBeforeReplace: false,
            };
        },

        /** Refresh: the row the create made becomes the resource; a list proving none lets it go. */
        async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
            const pending = recordOf(id, props, "refresh");
            const api = deps.client("refresh", id, props);
            let found: VariableRow | "none";
            try {
                found = await lookForPending(kind, api, props, pending);
            } catch (err) {
                throw deps.readOrDeleteError("refresh", id, props, err);
            }
            if (found === "none") return { id: undefined, props: {} };
            const { outputs, inputs } = deps.view(found, props);
            return { id: found.id, props: outputs, inputs };
        },

        /** Never reached through `diff` (a pending resource is replaced); refuses rather than send the marker. */
        async update(id: string, props: Props): Promise<never> {
            throw deps.failed(
                "update",
                props,
                id,
                new AbsenceNotProvenError(
                    `the ${what} is a pending create (its first create's answer was lost) and cannot be edited: run \`pulumi refresh\` to resolve it first`,
                ),
            );
        },

        /**
         * The marker's delete before its replacement sends nothing. Otherwise (removed from the
         * program, `destroy`) the row the create made is deleted, when there is one; the list
         * must prove the rest.
         */
        async delete(id: string, props: Props): Promise<void> {
            if (wasResolved(pendingSlot(kind, props))) return;
            const pending = recordOf(id, props, "delete");
            const api = deps.client("delete", id, props);
            let found: VariableRow | "none";
            try {
                found = await lookForPending(kind, api, props, pending, true);
            } catch (err) {
                throw deps.readOrDeleteError("delete", id, props, err);
            }
            if (found === "none") return;
            const row = found;
            const parent = kind.parentOf(props)!;
            try {
                await writing(parent, () => kind.channel.remove(api, parent, row.id));
            } catch (err) {
                throw deps.readOrDeleteError("delete", id, props, err);
            }
        },
    };
}
