/**
 * The Deployment resource: redeploys one Qovery service, of any kind, or a whole environment,
 * when its triggers change, so that changed secrets and variables take effect. JobDeployment's
 * behaviour and code (../deploy/lifecycle.ts), for every target of ../deploy/targets.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { withRunHints } from "./registration";
import { DEFAULT_TIMEOUT_SECONDS } from "../deploy/inputs";
import { TARGET_FIELDS } from "../deploy/targets";
import { hashedTriggers } from "../deploy/triggers";
import { kindProvider } from "../provider";
import { isResourceOfType, outputSlots, recordedInputs } from "./common";
import { watchedMembers } from "./watchedMembers";

/** Exactly one of the target ids names what is redeployed; a change of target deploys the new one. */
export interface DeploymentArgs {
    /** An application (a UUID): `POST /application/{id}/redeploy`. */
    applicationId?: pulumi.Input<string>;
    /** A container: `POST /container/{id}/redeploy`. */
    containerId?: pulumi.Input<string>;
    /** A job: `POST /job/{id}/redeploy` (what JobDeployment does). */
    jobId?: pulumi.Input<string>;
    /** A helm service: `POST /helm/{id}/redeploy`. */
    helmId?: pulumi.Input<string>;
    /** A terraform service: `POST /terraform/{id}/redeploy`. */
    terraformId?: pulumi.Input<string>;
    /** An environment, every service of it: `POST /environment/{id}/redeploy`. */
    environmentId?: pulumi.Input<string>;
    /**
     * Any values: a change of any of them requests one redeploy (typically the `updatedAt` of the
     * secrets and variables the target uses). Only a hash of them is stored, secret when any of
     * them is. A value not known during preview shows as a change.
     */
    triggers?: pulumi.Input<pulumi.Input<unknown>[]>;
    /** Whether `pulumi up` waits for the deployment to end, and fails if it fails. Default true. */
    waitForCompletion?: pulumi.Input<boolean>;
    /** How long to wait for a deployment in progress and for this one, in seconds (1 to 86400). Default 1800. */
    timeoutSeconds?: pulumi.Input<number>;
}

/**
 * Requests one redeploy of a Qovery application, container, job, helm service, terraform
 * service or environment when created and each time its `triggers` change; deleting it does
 * nothing to the target. A deployment already in progress (Qovery answers 409) is waited for
 * first. Setting none or more than one target id is refused at preview, before any API call.
 */
export class Deployment extends pulumi.dynamic.Resource {
    /** The application redeployed, when that is the target. */
    declare readonly applicationId: pulumi.Output<string | undefined>;
    /** The container redeployed, when that is the target. */
    declare readonly containerId: pulumi.Output<string | undefined>;
    /** The job redeployed, when that is the target. */
    declare readonly jobId: pulumi.Output<string | undefined>;
    /** The helm service redeployed, when that is the target. */
    declare readonly helmId: pulumi.Output<string | undefined>;
    /** The terraform service redeployed, when that is the target. */
    declare readonly terraformId: pulumi.Output<string | undefined>;
    /** The environment redeployed, when that is the target. */
    declare readonly environmentId: pulumi.Output<string | undefined>;
    /** What is redeployed, as Qovery names it: `APPLICATION`, `CONTAINER`, `JOB`, `HELM`, `TERRAFORM` or `ENVIRONMENT`. */
    declare readonly targetKind: pulumi.Output<string>;
    /** Its id: the one target id set. */
    declare readonly targetId: pulumi.Output<string>;
    /** `sha256:<hex>` of the triggers: what the next `pulumi up` compares. */
    declare readonly triggersHash: pulumi.Output<string>;
    /** Whether `pulumi up` waited for the deployment to end (the argument, or its default true). */
    declare readonly waitForCompletion: pulumi.Output<boolean>;
    /** The time allowed for a deployment, in seconds (the argument, or its default 1800). */
    declare readonly timeoutSeconds: pulumi.Output<number>;
    /** Qovery's id of the last deployment request this resource made (when Qovery returns one). */
    declare readonly deploymentRequestId: pulumi.Output<string | undefined>;
    /** The target's state when the resource was done: `DEPLOYED` after waiting, `DEPLOYMENT_QUEUED`... without. */
    declare readonly state: pulumi.Output<string>;
    /** `UP_TO_DATE`, `OUT_OF_DATE` or `NEVER_DEPLOYED` at that moment (an environment's status may not tell). */
    declare readonly serviceDeploymentStatus: pulumi.Output<string | undefined>;
    /** When the last redeploy was requested (ISO 8601). */
    declare readonly requestedAt: pulumi.Output<string>;

    /**
     * Whether `obj` is a Deployment: true only for resources of this type (not for a
     * JobDeployment, nor any other dynamic resource), even across copies of the library.
     */
    public static override isInstance(obj: unknown): obj is Deployment {
        return isResourceOfType(obj, "Deployment");
    }

    /**
     * @param name The resource's name in the program (unique among Deployments).
     * @param args Exactly one target id; without `triggers` the target is redeployed once, when created.
     * @param opts Pulumi's resource options.
     */
    constructor(name: string, args: DeploymentArgs, opts?: pulumi.CustomResourceOptions) {
        const targets = Object.fromEntries(TARGET_FIELDS.map((f) => [f, (args as Record<string, unknown>)?.[f]]));
        super(
            kindProvider("deployment"),
            name,
            withRunHints({
                // All six, set or not: the provider's check refuses none or several, naming them.
                ...targets,
                // Hashed in the program: the triggers never reach the provider or the state, and a
                // secret trigger makes the hash a secret (apply keeps secretness).
                triggersHash: hashedTriggers(args?.triggers),
                // Which of the library's variables the triggers reference: the provider redeploys
                // after the delete of one that leaves them (a removal), not before.
                // `__`: hidden from previews (../engine/internalProperties.ts).
                __watched: watchedMembers(args?.triggers),
                waitForCompletion: args?.waitForCompletion ?? true,
                timeoutSeconds: args?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
                ...recordedInputs("Deployment", name, opts),
                ...outputSlots([
                    "targetKind",
                    "targetId",
                    "deploymentRequestId",
                    "state",
                    "serviceDeploymentStatus",
                    "requestedAt",
                ]),
            }),
            opts,
            "qovery",
            "Deployment",
        );
    }
}
