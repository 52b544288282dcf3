/**
 * The JobSecretOverride resource: an override at job level of a secret of a higher scope (project or
 * environment): same key, the job's own value.
 */
import * as pulumi from "@pulumi/pulumi";
import { withRunHints } from "./registration";
import { JobVariableResource } from "./jobVariableResource";
import { kindProvider } from "../provider";
import {
    ROW_OUTPUTS,
    type TargetVariable,
    isResourceOfType,
    outputSlots,
    withSecretOutputs,
    recordedInputs,
    requireProperties,
} from "./common";
import { claimKey, claimOverriddenId } from "./validation";

/** The arguments of a {@link JobSecretOverride}. */
export interface JobSecretOverrideArgs {
    /** The Qovery job (a UUID). Changing it replaces the override. */
    jobId: pulumi.Input<string>;
    /**
     * The secret to override, by key, as the job sees it. Exactly one of `overriddenKey` and
     * `overriddenSecretId`. Changing the target replaces the override.
     */
    overriddenKey?: pulumi.Input<string>;
    /** The secret to override, by its Qovery id. Exactly one of `overriddenKey` and `overriddenSecretId`. */
    overriddenSecretId?: pulumi.Input<string>;
    /** The job's value; may be empty. Always stored as a Pulumi secret. Changed in place. */
    value: pulumi.Input<string>;
    /** At most 255 characters. Changed in place. */
    description?: pulumi.Input<string>;
    /**
     * Take over what already exists instead of creating: when the job already has a JOB-scoped secret override of the same target,
     * `create` writes the program's values to it with one edit (the value always: Qovery never returns a secret's value) and manages its id; when
     * it has none, the override is created as usual. Refused, with what exists and what to do, when the
     * key belongs to another scope, another kind or target, or another resource of the program.
     * Only `create` reads it: changing it later is no change. See README "Bring an existing job under Pulumi".
     */
    adopt?: pulumi.Input<boolean>;
}

/**
 * An override at job level of a secret of a higher scope (project or environment): the same
 * key, the job's own value. Name the target by key (`overriddenKey`) or by id
 * (`overriddenSecretId`). The value is a Pulumi secret in the state whatever the program passed.
 *
 * ```ts
 * new JobSecretOverride("stripe-key", { jobId, overriddenKey: "STRIPE_KEY", value: cfg.requireSecret("stripeKey") });
 * ```
 *
 * Two resources of the program with one key in one job (an override by key counts with its
 * target's key) are refused during preview, naming both.
 */
export class JobSecretOverride extends JobVariableResource {
    /** The job's id, in lower case. */
    declare readonly jobId: pulumi.Output<string>;
    /** The target's key as the program gave it; undefined when the target was named by id. */
    declare readonly overriddenKey: pulumi.Output<string | undefined>;
    /** The target's id as the program gave it; undefined when the target was named by key. */
    declare readonly overriddenSecretId: pulumi.Output<string | undefined>;
    /** The override's key: its target's, as Qovery reports it. */
    declare readonly key: pulumi.Output<string>;
    /** The value the program gave (a Pulumi secret): Qovery never returns a secret's value. */
    declare readonly value: pulumi.Output<string>;
    /** Qovery's description; undefined when it has none. */
    declare readonly description: pulumi.Output<string | undefined>;
    /** Qovery's flag; undefined when its answer did not say. */
    declare readonly enableInterpolationInFile: pulumi.Output<boolean | undefined>;
    /** The overridden secret, as Qovery describes it (its id, key, scope...); undefined only if Qovery's answers never described it. */
    declare readonly overriddenSecret: pulumi.Output<TargetVariable | undefined>;

    /**
     * Whether `obj` is a JobSecretOverride: true only for resources of this type (not for any other
     * dynamic resource), even across copies of the library.
     */
    public static override isInstance(obj: unknown): obj is JobSecretOverride {
        return isResourceOfType(obj, "JobSecretOverride");
    }

    /**
     * @param name The resource's name in the program (unique among JobSecretOverrides).
     * @param args `jobId`, `value` are required; and exactly one way to name the target.
     * @param opts Pulumi's resource options; `aliases` keeps the resource across a rename.
     */
    constructor(name: string, args: JobSecretOverrideArgs, opts?: pulumi.CustomResourceOptions) {
        requireProperties(args, ["jobId", "value"], opts);
        super(
            kindProvider("jobSecretOverride"),
            name,
            withRunHints({
                ...args,
                // Wrapped whatever the caller passed, as JobSecret's value.
                value: pulumi.secret(args.value),
                ...recordedInputs("JobSecretOverride", name, opts),
                ...outputSlots([...ROW_OUTPUTS, "key", "enableInterpolationInFile", "overriddenSecret"]),
            }),
            withSecretOutputs("JobSecretOverride", opts),
            "qovery",
            "JobSecretOverride",
        );
        claimKey(this, "JobSecretOverride", name, args.jobId, args.overriddenKey);
        claimOverriddenId(this, "JobSecretOverride", name, args.jobId, args.overriddenSecretId);
    }
}
