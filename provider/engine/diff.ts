/**
 * What a change of inputs does to a resource. Pure: no API call, so it runs in preview.
 *
 * Only the kind's inputs are compared, never `__provider`: a new version of this library
 * must not show every resource as changed.
 */
import type { Kind, Props } from "./kind";
import { type InputName, type JobSecretInputs, UNKNOWN } from "./inputs";
import { KINDS } from "./kinds";

export interface KindDiff {
    changes: boolean;
    replaces: string[];
    deleteBeforeReplace: boolean;
    /** The inputs that differ, in the kind's order (for messages and tests). */
    changed: string[];
}

/** JobSecret's diff, by its input names. */
export interface SecretDiff extends KindDiff {
    changed: InputName[];
}

/** JobSecret's change table: `update` is carried by PUT (SecretEditRequest), `replace` is not. */
export const CHANGE_KIND = Object.fromEntries(
    Object.entries(KINDS.JobSecret.fields).map(([name, f]) => [name, f.change]),
) as Record<InputName, "update" | "replace">;

type Comparable = string | boolean | null;

/**
 * Normalizes "not set" so that `undefined`, `null` and `""` do not produce a permanent diff
 * for optional inputs (a known trap of Qovery's description field).
 */
function normalized(name: string, v: unknown): Comparable {
    if (v === undefined || v === null) return null;
    if ((name === "description" || name === "mountPath") && v === "") return null;
    return v as Comparable;
}

function differs(name: string, olds: Props, news: Props): boolean {
    if (news[name] === UNKNOWN) return true; // not known during preview: assume it changes
    return normalized(name, olds[name]) !== normalized(name, news[name]);
}

/**
 * An alias's or override's target changed? Compared as what it names, not how: naming the
 * same target by id instead of key (or back) is no change. `olds` are outputs, which hold
 * the target as Qovery described it at the last create, update or refresh.
 */
function targetChanged(kind: Kind, olds: Props, news: Props): string[] {
    const t = kind.target!;
    const parent = (olds[t.output] ?? {}) as { id?: unknown; key?: unknown };
    for (const [name, resolved] of [
        [t.byKey, parent.key],
        [t.byId, parent.id],
    ] as const) {
        const v = news[name];
        if (v === undefined || v === null) continue;
        if (v === UNKNOWN) return [name];
        const was = olds[name] ?? resolved;
        return v === was ? [] : [name];
    }
    // Neither is set (check refuses that): compare as plain inputs.
    return [t.byKey, t.byId].filter((n) => differs(n, olds, news));
}

export function diffProps(kind: Kind, olds: Props, news: Props): KindDiff {
    const target = kind.target;
    const targetNames = target ? [target.byKey, target.byId] : [];
    const changedTarget = target ? targetChanged(kind, olds, news) : [];
    const changed = Object.keys(kind.fields).filter((n) =>
        targetNames.includes(n) ? changedTarget.includes(n) : differs(n, olds, news),
    );
    const replaces = changed.filter((n) => kind.fields[n].change === "replace");
    return {
        changes: changed.length > 0,
        replaces,
        deleteBeforeReplace: replaces.length > 0 && replacementMayCollide(kind, olds, news),
        changed,
    };
}

/**
 * Pulumi creates the replacement before deleting the old resource, unless told otherwise.
 * Qovery refuses a second variable with the same key in the same job (409), and a second
 * override of one variable, so when the new resource could land on the old one's key in the
 * old one's job, delete first. An override named by id has a key we cannot know in preview.
 */
function replacementMayCollide(kind: Kind, olds: Props, news: Props): boolean {
    // The same parent, or one not known yet: any parent input unknown, or all as they were.
    const sameParent = kind.parentFields.every((f) => news[f] === UNKNOWN || news[f] === olds[f]);
    const newKey = kind.occupiedKey(news);
    const sameKey = newKey === undefined || newKey === null || newKey === UNKNOWN || newKey === olds.key;
    return sameParent && sameKey;
}

/** JobSecret's diff (the 0.1.0 entry point). */
export function diffInputs(olds: Partial<JobSecretInputs>, news: Partial<JobSecretInputs>): SecretDiff {
    return diffProps(KINDS.JobSecret, olds, news) as SecretDiff;
}
