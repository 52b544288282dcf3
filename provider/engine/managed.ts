/**
 * Which rows of a job's list this library may manage at all: the job's own (`JOB`-scoped) plain
 * values and files, aliases and overrides, owned by Qovery. Everything else a job's list can
 * hold is someone else's and is never adopted, recovered, edited or deleted: built-in
 * variables, secret-manager references (`EXTERNAL_SECRET`, `FILE_EXTERNAL_SECRET`, which
 * Qovery makes through its `/variable` API with a secret manager access), and rows whose
 * `owned_by` names another entity (the spec: "Entity that created/own the variable (i.e:
 * Qovery, Doppler)"). Every list filter of the engine (kind.ts `owns`, adopt.ts, the lost-create
 * recovery) and `discover` go through `manageableType`.
 */
import type { VariableRow } from "../qovery/wire";

/** The `variable_type`s this library manages; a row without one is a plain value (older answers). */
export type ManagedType = "VALUE" | "FILE" | "ALIAS" | "OVERRIDE";
const MANAGED_TYPES: ReadonlySet<string> = new Set<ManagedType>(["VALUE", "FILE", "ALIAS", "OVERRIDE"]);

/** The owner Qovery gives what it makes itself; compared without case (the spec's example writes "Qovery"). */
const QOVERY_OWNER = "QOVERY";

/**
 * Whether a row is the parent's own (`scope`: the parent's API scope, JOB for the job classes)
 * rather than inherited. A row without a scope is the parent's own (older answers of the job API).
 */
export const atOwnScope = (row: VariableRow, scope: string = "JOB") =>
    row.scope === scope || row.scope === null || row.scope === undefined;

/** The job classes' case of {@link atOwnScope}. */
export const atJobScope = (row: VariableRow) => atOwnScope(row, "JOB");

/** Whether Qovery itself owns the row: no `owned_by` (older answers) or Qovery's. */
export function ownedByQovery(row: VariableRow): boolean {
    const owner = row.owned_by;
    return owner === null || owner === undefined || owner === "" || owner.toUpperCase() === QOVERY_OWNER;
}

/** The row's type when this library may manage the row, else undefined. */
export function manageableType(row: VariableRow, scope: string = "JOB"): ManagedType | undefined {
    const type = row.variable_type ?? "VALUE";
    if (!atOwnScope(row, scope) || !ownedByQovery(row) || !MANAGED_TYPES.has(type)) return undefined;
    return type as ManagedType;
}

/**
 * Why a JOB-scoped row is not this library's to manage, for messages (type and owner named);
 * undefined when it is manageable or not the job's own (inherited rows have their own advice).
 */
export function unmanagedReason(row: VariableRow, scope: string = "JOB"): string | undefined {
    if (!atOwnScope(row, scope) || manageableType(row, scope) !== undefined) return undefined;
    const type = row.variable_type ?? "VALUE";
    const owner = row.owned_by ?? "Qovery";
    if (!ownedByQovery(row)) {
        return `it is owned by ${owner} (variable_type ${type}), not by Qovery: that integration manages it, and this library never takes over, edits or deletes it`;
    }
    if (type === "EXTERNAL_SECRET" || type === "FILE_EXTERNAL_SECRET") {
        return `it is a reference to a secret manager (variable_type ${type}, owned by ${owner}): this library manages literal values only, and never takes over, edits or deletes it`;
    }
    return `its variable_type is ${type} (owned by ${owner}), a kind this library does not manage: it never takes over, edits or deletes it`;
}
