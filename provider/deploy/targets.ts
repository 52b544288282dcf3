/**
 * What a Deployment can redeploy, as the program names it: one entry per kind, the input that
 * names it, and how messages call it. The wire side (path segment, status endpoint and schema)
 * is ../qovery/deploymentWire.ts; what "in progress", "done" and "failed" mean is one reading of
 * the status for every kind (status.ts). Pure.
 */
import type { DeployKind } from "../qovery/deploymentWire";

export interface TargetSpec {
    kind: DeployKind;
    /** The input naming it: `applicationId`. */
    field: string;
    /** What messages call it: "application", "helm service". */
    noun: string;
}

/** In the order messages list the inputs. */
export const TARGETS: readonly TargetSpec[] = [
    { kind: "APPLICATION", field: "applicationId", noun: "application" },
    { kind: "CONTAINER", field: "containerId", noun: "container" },
    { kind: "JOB", field: "jobId", noun: "job" },
    { kind: "HELM", field: "helmId", noun: "helm service" },
    { kind: "TERRAFORM", field: "terraformId", noun: "terraform service" },
    { kind: "ENVIRONMENT", field: "environmentId", noun: "environment" },
];

export const TARGET_FIELDS: readonly string[] = TARGETS.map((t) => t.field);

/** One redeploy target: the kind and the id. */
export interface Target {
    kind: DeployKind;
    id: string;
}

export function specOf(kind: DeployKind): TargetSpec {
    return TARGETS.find((t) => t.kind === kind)!;
}

/** "Qovery job 1b2c…", for messages. */
export function describeTarget(target: Target): string {
    return `Qovery ${specOf(target.kind).noun} ${target.id}`;
}

/** The target the inputs name (the first target input that is a string; check made it the only one). */
export function targetOf(inputs: Record<string, unknown>): Target {
    const spec = TARGETS.find((t) => typeof inputs[t.field] === "string");
    if (spec === undefined) throw new Error(`No target id among ${TARGET_FIELDS.join(", ")}`);
    return { kind: spec.kind, id: inputs[spec.field] as string };
}
