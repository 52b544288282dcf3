/**
 * What the map components share (JobVariables, Variables): entries given as a value or a value
 * with settings, and the triggers of their one deployment.
 */
import * as pulumi from "@pulumi/pulumi";
import { triggersHash } from "../deploy/triggers";

/** An entry's settings besides its value; the key is the map's key. */
export interface VariableEntry {
    value: pulumi.Input<string>;
    description?: pulumi.Input<string>;
    /** Absolute path where it is mounted as a file. */
    mountPath?: pulumi.Input<string>;
    enableInterpolationInFile?: pulumi.Input<boolean>;
}

export type EntryInput = pulumi.Input<string> | VariableEntry;

export function isEntry(v: EntryInput): v is VariableEntry {
    return typeof v === "object" && v !== null && !pulumi.Output.isInstance(v) && !(v instanceof Promise);
}

/** A child's arguments besides its parent: the key, the entry's settings, and `adopt`. */
export function entryArgs(key: string, entry: EntryInput, adopt: pulumi.Input<boolean> | undefined) {
    return {
        key,
        ...(isEntry(entry) ? entry : { value: entry }),
        ...(adopt === undefined ? {} : { adopt }),
    };
}

/** What a child exposes to the triggers. */
interface Child {
    id: pulumi.Output<string>;
    updatedAt: pulumi.Output<string | undefined>;
}

/**
 * Each child's id, `updatedAt` and a hash of its value and settings, in key order: a changed,
 * added, removed or replaced one is a change, also when Qovery does not bump `updated_at`.
 * A secret's hash is a secret (so the triggers' hash is one): a bare hash of a short value could
 * be guessed. A plain variable's is secret when its value is.
 */
export function childTriggers(
    secrets: Record<string, Child>,
    variables: Record<string, Child>,
    secretEntries: Record<string, EntryInput> | undefined,
    variableEntries: Record<string, EntryInput> | undefined,
): pulumi.Input<unknown>[] {
    const contentOf = (key: string, entry: EntryInput, secret: boolean) => {
        const a = entryArgs(key, entry, undefined) as VariableEntry;
        const hash = pulumi
            .all([a.value, a.description, a.mountPath, a.enableInterpolationInFile])
            .apply((v) => triggersHash(v));
        return secret ? pulumi.secret(hash) : hash;
    };
    return [
        ...Object.entries(secrets).map(([k, s]) => [
            "secret",
            k,
            s.id,
            s.updatedAt,
            contentOf(k, secretEntries![k], true),
        ]),
        ...Object.entries(variables).map(([k, v]) => [
            "variable",
            k,
            v.id,
            v.updatedAt,
            contentOf(k, variableEntries![k], false),
        ]),
    ];
}

/**
 * One child per entry of each map, named after its key (`<name>-secret-<KEY>`,
 * `<name>-variable-<KEY>`), so that reordering the maps changes nothing.
 */
export function childrenOf<S, V>(
    name: string,
    maps: { secrets?: Record<string, EntryInput>; environmentVariables?: Record<string, EntryInput> },
    make: {
        secret(childName: string, key: string, entry: EntryInput): S;
        variable(childName: string, key: string, entry: EntryInput): V;
    },
): { secrets: Record<string, S>; environmentVariables: Record<string, V> } {
    const secrets: Record<string, S> = {};
    for (const key of Object.keys(maps.secrets ?? {}).sort()) {
        secrets[key] = make.secret(`${name}-secret-${key}`, key, maps.secrets![key]);
    }
    const environmentVariables: Record<string, V> = {};
    for (const key of Object.keys(maps.environmentVariables ?? {}).sort()) {
        environmentVariables[key] = make.variable(`${name}-variable-${key}`, key, maps.environmentVariables![key]);
    }
    return { secrets, environmentVariables };
}
