/**
 * What a create whose answer was lost would have made, shared by the recovery within the run
 * (lifecycle.ts) and the pending create's resolution in a later run (pending.ts).
 */
import type { VariableRow } from "../qovery/wire";
import type { Kind, Props } from "./kind";

/** Tolerance on "created after the create began": `Date` has 1 s resolution, and the two clocks drift. */
export const CLOCK_SLACK_MS = 2_000;

/**
 * Whether a row of the job's list has the shape that create would have made: the kind's own
 * row, pointing at `targetId` (an alias or override; undefined: the target is not known), with
 * the key the inputs declare (an override named by id has its target's key).
 */
export function isRowOfCreate(kind: Kind, row: VariableRow, inputs: Props, targetId: string | undefined): boolean {
    if (!kind.owns(row, kind.parentOf(inputs)?.scope.api)) return false;
    if (kind.target !== undefined && targetId !== undefined) {
        const parent = (row as Record<string, unknown>)[kind.target.wire] as { id?: string } | null | undefined;
        if (parent?.id !== targetId) return false;
    }
    const key = kind.occupiedKey(inputs);
    return typeof key !== "string" || row.key === key;
}
