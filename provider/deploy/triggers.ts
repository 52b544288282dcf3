/**
 * The triggers of a JobDeployment, reduced to a hash. Pure.
 *
 * Only the hash reaches the provider and the state: triggers may be anything (timestamps,
 * versions, secrets), and a redeploy needs only to know whether they changed. When a trigger
 * is a Pulumi secret, the hash is computed inside `apply` and stays a secret too, so the state
 * holds it as ciphertext; the hash alone would still let a low-entropy secret be guessed.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";

/** JSON with object keys sorted, so that key order is no change. `undefined` is `null`. */
export function canonicalJson(v: unknown): string {
    if (v === undefined || v === null) return "null";
    if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
    if (typeof v === "object") {
        const entries = Object.entries(v as Record<string, unknown>)
            .filter(([, x]) => x !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(",")}}`;
    }
    if (typeof v === "bigint") return JSON.stringify(v.toString());
    return JSON.stringify(v) ?? "null";
}

export function triggersHash(triggers: readonly unknown[]): string {
    return `sha256:${createHash("sha256").update(canonicalJson(triggers)).digest("hex")}`;
}

/** The hash of the program's triggers, as the resource's input: unknown while any trigger is, secret when any is. */
export function hashedTriggers(triggers: pulumi.Input<pulumi.Input<unknown>[]> | undefined): pulumi.Output<string> {
    return pulumi.output(triggers ?? []).apply((t) => triggersHash(t));
}
