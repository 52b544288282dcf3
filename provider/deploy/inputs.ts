/**
 * A JobDeployment's inputs, `check` and `diff`. Pure: no API call, so they run in preview.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { fieldSchemas, UNKNOWN } from "../engine/inputs";

export interface JobDeploymentInputs {
    jobId: string;
    /** `sha256:<hex>` of the program's triggers (see triggers.ts): the triggers themselves are never stored. */
    triggersHash: string;
    waitForCompletion: boolean;
    timeoutSeconds: number;
    /** The resource's URN, recorded by the class for messages. */
    resourceUrn?: string;
    /**
     * The library's variable resources the triggers reference (URN, id, job), recorded by the
     * class: the provider redeploys after the delete of one that leaves them (../deploy/afterRemoval.ts).
     * Not compared by `diff`: only the triggers say whether to redeploy.
     */
    watched?: { urn: string; id: string; jobId: string }[];
}

export interface JobDeploymentOutputs extends JobDeploymentInputs {
    /** Qovery's id of the deployment request this resource made last. */
    deploymentRequestId?: string;
    /** The job's state when the resource was done with it (`DEPLOYED`, or `DEPLOYMENT_QUEUED` without waiting). */
    state: string;
    /** `UP_TO_DATE`, `OUT_OF_DATE` or `NEVER_DEPLOYED` at that moment. */
    serviceDeploymentStatus: string;
    /** When the redeploy was requested (ISO 8601, the API's clock when it tells it). */
    requestedAt: string;
    /** Watched members whose delete the last update left its redeploy to (or still awaits). */
    pendingRemovals?: { urn: string; id: string; jobId: string }[];
}

export const DEFAULT_TIMEOUT_SECONDS = 1_800;
/** A day: longer than any deployment, short enough that a typo (seconds given as ms) is caught. */
export const MAX_TIMEOUT_SECONDS = 86_400;

const FIELDS: Record<string, { schema: z.ZodType; required?: boolean }> = {
    jobId: { schema: fieldSchemas.jobId, required: true },
    triggersHash: {
        schema: z.string({ error: "must be a string" }).regex(/^sha256:[0-9a-f]{64}$/, {
            error: "must be the hash the JobDeployment class computes (sha256:<64 hex digits>)",
        }),
        required: true,
    },
    waitForCompletion: { schema: z.boolean({ error: "must be a boolean" }) },
    timeoutSeconds: {
        schema: z
            .number({ error: "must be a number of seconds" })
            .int({ error: "must be a whole number of seconds" })
            .min(1, { error: "must be at least 1" })
            .max(MAX_TIMEOUT_SECONDS, { error: `must be at most ${MAX_TIMEOUT_SECONDS} (a day)` }),
    },
};

const PASSED = new Set(["__provider", "resourceUrn", "watched"]);

export function checkDeploymentInputs(news: Record<string, unknown>): pulumi.dynamic.CheckResult {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    const inputs: Record<string, unknown> = {};
    const names = Object.keys(FIELDS);
    for (const name of Object.keys(news)) {
        if (!PASSED.has(name) && !names.includes(name)) {
            failures.push({
                property: "",
                reason: `"${name}" is not a JobDeployment property; expected ${names.join(", ")}`,
            });
        }
    }
    if (typeof news.resourceUrn === "string") inputs.resourceUrn = news.resourceUrn;
    // Recorded by the class, not written by users: kept as given (unknown during a preview).
    if (Array.isArray(news.watched) || news.watched === UNKNOWN) inputs.watched = news.watched;
    for (const [name, field] of Object.entries(FIELDS)) {
        const v = news[name];
        if (v === UNKNOWN) {
            inputs[name] = v;
            continue;
        }
        if (v === undefined || v === null) {
            if (field.required) failures.push({ property: name, reason: `"${name}" is required` });
            continue;
        }
        const parsed = field.schema.safeParse(v);
        // Never echo a hash: it may be derived from secrets (the engine prints failing values).
        if (!parsed.success) {
            failures.push(
                name === "triggersHash"
                    ? { property: "", reason: `"triggersHash" ${parsed.error.issues[0].message}` }
                    : { property: name, reason: `"${name}" ${parsed.error.issues[0].message}` },
            );
        } else inputs[name] = parsed.data;
    }
    inputs.waitForCompletion ??= true;
    inputs.timeoutSeconds ??= DEFAULT_TIMEOUT_SECONDS;
    return { inputs, failures };
}

export interface DeploymentDiff {
    changes: boolean;
    replaces: string[];
    changed: string[];
}

/**
 * Only a change of triggers redeploys (an update), and a change of job replaces (a deployment
 * of the new job; the old one is left as it is). `waitForCompletion` and `timeoutSeconds` say
 * how to deploy, not whether: changing them alone changes nothing. A value not known yet (during
 * preview) counts as a change.
 */
export function diffDeployment(olds: Record<string, unknown>, news: Record<string, unknown>): DeploymentDiff {
    const changed: string[] = [];
    const replaces: string[] = [];
    for (const name of ["jobId", "triggersHash"]) {
        const o = typeof olds[name] === "string" ? (olds[name] as string).toLowerCase() : olds[name];
        const n = typeof news[name] === "string" ? (news[name] as string).toLowerCase() : news[name];
        if (n === UNKNOWN || o !== n) {
            changed.push(name);
            if (name === "jobId") replaces.push(name);
        }
    }
    return { changes: changed.length > 0, replaces, changed };
}
