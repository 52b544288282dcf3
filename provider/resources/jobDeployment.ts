/**
 * The JobDeployment resource: redeploys a Qovery job when its triggers change, so that changed
 * secrets and variables take effect.
 */
import * as pulumi from "@pulumi/pulumi";
import { withRunHints } from "./registration";
import { DEFAULT_TIMEOUT_SECONDS } from "../deploy/inputs";
import { hashedTriggers } from "../deploy/triggers";
import { kindProvider } from "../provider";
import { isResourceOfType, outputSlots, recordedInputs, requireProperties } from "./common";
import { watchedMembers } from "./watchedMembers";

export interface JobDeploymentArgs {
    /** The Qovery job (a UUID). Changing it deploys the new job; the old one is left as it is. */
    jobId: pulumi.Input<string>;
    /**
     * Any values: a change of any of them requests one redeploy (typically the `updatedAt` of the
     * job's secrets and variables). Only a hash of them is stored, secret when any of them is.
     * A value not known during preview shows as a change.
     */
    triggers?: pulumi.Input<pulumi.Input<unknown>[]>;
    /** Whether `pulumi up` waits for the deployment to end, and fails if it fails. Default true. */
    waitForCompletion?: pulumi.Input<boolean>;
    /** How long to wait for a deployment in progress and for this one, in seconds (1 to 86400). Default 1800. */
    timeoutSeconds?: pulumi.Input<number>;
}

/**
 * Requests one redeploy of a Qovery job (`POST /job/{jobId}/redeploy`) when created and each
 * time its `triggers` change; deleting it does nothing to the job. A deployment already in
 * progress is waited for first.
 */
export class JobDeployment extends pulumi.dynamic.Resource {
    /** The Qovery job that is redeployed. */
    declare readonly jobId: pulumi.Output<string>;
    /** `sha256:<hex>` of the triggers: what the next `pulumi up` compares. */
    declare readonly triggersHash: pulumi.Output<string>;
    /** Whether `pulumi up` waited for the deployment to end (the argument, or its default true). */
    declare readonly waitForCompletion: pulumi.Output<boolean>;
    /** The time allowed for a deployment, in seconds (the argument, or its default 1800). */
    declare readonly timeoutSeconds: pulumi.Output<number>;
    /** Qovery's id of the last deployment request this resource made (when Qovery returns one). */
    declare readonly deploymentRequestId: pulumi.Output<string | undefined>;
    /** The job's state when the resource was done: `DEPLOYED` after waiting, `DEPLOYMENT_QUEUED`... without. */
    declare readonly state: pulumi.Output<string>;
    /** `UP_TO_DATE`, `OUT_OF_DATE` or `NEVER_DEPLOYED`, at that moment. */
    declare readonly serviceDeploymentStatus: pulumi.Output<string>;
    /** When the last redeploy was requested (ISO 8601). */
    declare readonly requestedAt: pulumi.Output<string>;

    /**
     * Whether `obj` is a JobDeployment: true only for resources of this type (not for any other
     * dynamic resource), even across copies of the library.
     */
    public static override isInstance(obj: unknown): obj is JobDeployment {
        return isResourceOfType(obj, "JobDeployment");
    }

    /**
     * @param name The resource's name in the program (unique among JobDeployments).
     * @param args `jobId` is required; without `triggers` the job is redeployed once, when created.
     * @param opts Pulumi's resource options.
     */
    constructor(name: string, args: JobDeploymentArgs, opts?: pulumi.CustomResourceOptions) {
        requireProperties(args, ["jobId"], opts);
        super(
            kindProvider("jobDeployment"),
            name,
            withRunHints({
                jobId: args.jobId,
                // Hashed in the program: the triggers never reach the provider or the state, and a
                // secret trigger makes the hash a secret (apply keeps secretness).
                triggersHash: hashedTriggers(args.triggers),
                // Which of the library's variables the triggers reference: the provider redeploys
                // after the delete of one that leaves them (a removal), not before.
                // `__`: hidden from previews (../engine/internalProperties.ts).
                __watched: watchedMembers(args.triggers),
                waitForCompletion: args.waitForCompletion ?? true,
                timeoutSeconds: args.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
                ...recordedInputs("JobDeployment", name, opts),
                ...outputSlots(["deploymentRequestId", "state", "serviceDeploymentStatus", "requestedAt"]),
            }),
            opts,
            "qovery",
            "JobDeployment",
        );
    }
}
