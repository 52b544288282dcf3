/**
 * What a change of inputs does to a job secret. Pure: no API call, so it runs in preview.
 *
 * Only the inputs below are compared, never `__provider`: a new version of this library
 * must not show every secret as changed.
 */
import { type InputName, type JobSecretInputs, UNKNOWN } from "./inputs";

/** How each input is applied: `update` is carried by PUT (SecretEditRequest), `replace` is not. */
export const CHANGE_KIND: Record<InputName, "update" | "replace"> = {
    jobId: "replace", // a secret cannot move to another job
    key: "update", // SecretEditRequest carries `key`
    value: "update",
    description: "update",
    mountPath: "replace", // SecretEditRequest has no `mount_path`
    enableInterpolationInFile: "update",
};

export interface SecretDiff {
    changes: boolean;
    replaces: string[];
    deleteBeforeReplace: boolean;
    /** The inputs that differ, in a stable order (for messages and tests). */
    changed: InputName[];
}

type Comparable = string | boolean | null;

/**
 * Normalizes "not set" so that `undefined`, `null` and `""` do not produce a permanent diff
 * for optional inputs (a known trap of Qovery's description field).
 */
function normalized(name: InputName, v: unknown): Comparable {
    if (v === undefined || v === null) return null;
    if ((name === "description" || name === "mountPath") && v === "") return null;
    return v as Comparable;
}

function differs(
    name: InputName,
    olds: Partial<Record<InputName, unknown>>,
    news: Partial<Record<InputName, unknown>>,
) {
    if (news[name] === UNKNOWN) return true; // not known during preview: assume it changes
    return normalized(name, olds[name]) !== normalized(name, news[name]);
}

export function diffInputs(olds: Partial<JobSecretInputs>, news: Partial<JobSecretInputs>): SecretDiff {
    const names = Object.keys(CHANGE_KIND) as InputName[];
    const changed = names.filter((n) => differs(n, olds, news));
    const replaces = changed.filter((n) => CHANGE_KIND[n] === "replace");
    return {
        changes: changed.length > 0,
        replaces,
        deleteBeforeReplace: replaces.length > 0 && replacementMayCollide(olds, news),
        changed,
    };
}

/**
 * Pulumi creates the replacement before deleting the old secret, unless told otherwise.
 * Qovery refuses a second secret with the same key in the same job (409), so when the new
 * secret could land on the old one's key in the old one's job, delete first.
 */
function replacementMayCollide(olds: Partial<JobSecretInputs>, news: Partial<JobSecretInputs>): boolean {
    const sameJob = news.jobId === UNKNOWN || news.jobId === olds.jobId;
    const sameKey = news.key === UNKNOWN || news.key === olds.key;
    return sameJob && sameKey;
}
