/**
 * A JobDeployment's and a Deployment's inputs, `check` and `diff`: one code, two shapes
 * (`JOB_DEPLOYMENT`, `DEPLOYMENT`). Pure: no API call, so they run in preview.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { UNKNOWN } from "../engine/inputs";
import { TARGETS, TARGET_FIELDS } from "./targets";
import type { WatchedMember } from "./watched";

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
    watched?: WatchedMember[];
}

/** A Deployment's: JobDeployment's, with exactly one target input of targets.ts instead of `jobId`. */
export type DeploymentInputs = Omit<JobDeploymentInputs, "jobId"> & {
    applicationId?: string;
    containerId?: string;
    jobId?: string;
    helmId?: string;
    terraformId?: string;
    environmentId?: string;
};

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
    pendingRemovals?: WatchedMember[];
}

export const DEFAULT_TIMEOUT_SECONDS = 1_800;
/** A day: longer than any deployment, short enough that a typo (seconds given as ms) is caught. */
export const MAX_TIMEOUT_SECONDS = 86_400;

/**
 * What tells the two classes apart: JobDeployment has one target input, `jobId`, required;
 * Deployment has one per kind (targets.ts), exactly one of which must be set.
 */
export interface DeploymentShape {
    type: "JobDeployment" | "Deployment";
    targetFields: readonly string[];
}

export const JOB_DEPLOYMENT: DeploymentShape = { type: "JobDeployment", targetFields: ["jobId"] };
export const DEPLOYMENT: DeploymentShape = { type: "Deployment", targetFields: TARGET_FIELDS };

/** A target id: the spec's `format: uuid`, lower case so that case is no change. */
const targetIdSchema = (field: string): z.ZodType => {
    const noun = TARGETS.find((t) => t.field === field)?.noun ?? "service";
    return z.guid({ error: `must be a Qovery ${noun} id (a UUID)` }).transform((id) => id.toLowerCase());
};

const FIELDS: Record<string, { schema: z.ZodType; required?: boolean }> = {
    triggersHash: {
        schema: z.string({ error: "must be a string" }).regex(/^sha256:[0-9a-f]{64}$/, {
            error: "must be the hash the resource's class computes (sha256:<64 hex digits>)",
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

/** Whether an input is set: a value not known yet (preview) is set. */
const isSet = (v: unknown) => v !== undefined && v !== null;

export function checkDeploymentInputs(
    news: Record<string, unknown>,
    shape: DeploymentShape = JOB_DEPLOYMENT,
): pulumi.dynamic.CheckResult {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    const inputs: Record<string, unknown> = {};
    const fields: Record<string, { schema: z.ZodType; required?: boolean }> = {
        ...Object.fromEntries(
            shape.targetFields.map((f) => [
                f,
                { schema: targetIdSchema(f), required: shape.targetFields.length === 1 },
            ]),
        ),
        ...FIELDS,
    };
    const names = Object.keys(fields);
    for (const name of Object.keys(news)) {
        if (!PASSED.has(name) && !names.includes(name)) {
            // Qovery deploys services and environments, never a project as such.
            const why =
                name === "projectId" && shape === DEPLOYMENT
                    ? ": Qovery does not deploy a project; redeploy each of its environments (environmentId), one Deployment each"
                    : `; expected ${names.join(", ")}`;
            failures.push({ property: "", reason: `"${name}" is not a ${shape.type} property${why}` });
        }
    }
    if (shape.targetFields.length > 1) failures.push(...exactlyOneTarget(news, shape));
    if (typeof news.resourceUrn === "string") inputs.resourceUrn = news.resourceUrn;
    // Recorded by the class, not written by users: kept as given (unknown during a preview).
    if (Array.isArray(news.watched) || news.watched === UNKNOWN) inputs.watched = news.watched;
    for (const [name, field] of Object.entries(fields)) {
        const v = news[name];
        if (v === UNKNOWN) {
            inputs[name] = v;
            continue;
        }
        if (!isSet(v)) {
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

/** A Deployment names exactly one target: none, or several, is refused before any API call. */
function exactlyOneTarget(news: Record<string, unknown>, shape: DeploymentShape): pulumi.dynamic.CheckFailure[] {
    const given = shape.targetFields.filter((f) => isSet(news[f]));
    const all = shape.targetFields.join(", ");
    if (given.length === 1) return [];
    if (given.length === 0) {
        return [
            {
                property: "",
                reason: `A ${shape.type} needs exactly one of ${all}: the one service or environment it redeploys; none is set`,
            },
        ];
    }
    return [
        {
            property: "",
            reason: `A ${shape.type} needs exactly one of ${all}; ${given.join(" and ")} are set. Keep the one to redeploy; to redeploy several, declare one ${shape.type} each, or one of their environment (environmentId)`,
        },
    ];
}

export interface DeploymentDiff {
    changes: boolean;
    replaces: string[];
    changed: string[];
}

/**
 * Only a change of triggers redeploys (an update), and a change of target (job, or for a
 * Deployment any target input) replaces (a deployment of the new one; the old one is left as it is). `waitForCompletion` and `timeoutSeconds` say
 * how to deploy, not whether: changing them alone changes nothing. A value not known yet (during
 * preview) counts as a change.
 */
export function diffDeployment(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    shape: DeploymentShape = JOB_DEPLOYMENT,
): DeploymentDiff {
    const changed: string[] = [];
    const replaces: string[] = [];
    for (const name of [...shape.targetFields, "triggersHash"]) {
        const o = typeof olds[name] === "string" ? (olds[name] as string).toLowerCase() : olds[name];
        const n = typeof news[name] === "string" ? (news[name] as string).toLowerCase() : news[name];
        if (n === UNKNOWN || o !== n) {
            changed.push(name);
            if (name !== "triggersHash") replaces.push(name);
        }
    }
    return { changes: changed.length > 0, replaces, changed };
}
