/**
 * The JobEnvironmentVariableOverride resource: an override at job level of a environment variable of a higher scope (project or
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

/** The arguments of a {@link JobEnvironmentVariableOverride}. */
export interface JobEnvironmentVariableOverrideArgs {
    /** The Qovery job (a UUID). Changing it replaces the override. */
    jobId: pulumi.Input<string>;
    /**
     * The environment variable to override, by key, as the job sees it. Exactly one of `overriddenKey` and
     * `overriddenVariableId`. Changing the target replaces the override.
     */
    overriddenKey?: pulumi.Input<string>;
    /** The environment variable to override, by its Qovery id. Exactly one of `overriddenKey` and `overriddenVariableId`. */
    overriddenVariableId?: pulumi.Input<string>;
    /** The job's value; may be empty. Plain in state unless the program passes a secret, which stays secret. Changed in place. */
    value: pulumi.Input<string>;
    /** At most 255 characters. Changed in place. */
    description?: pulumi.Input<string>;
    /**
     * Take over what already exists instead of creating: when the job already has a JOB-scoped environment variable override of the same target,
     * `create` writes the program's values to it with one edit and manages its id; when
     * it has none, the override is created as usual. Refused, with what exists and what to do, when the
     * key belongs to another scope, another kind or target, or another resource of the program.
     * Only `create` reads it: changing it later is no change. See README "Bring an existing job under Pulumi".
     */
    adopt?: pulumi.Input<boolean>;
}

/**
 * An override at job level of an environment variable of a higher scope (project or
 * environment): the same key, the job's own value. Name the target by key (`overriddenKey`) or
 * by id (`overriddenVariableId`). The value is plain in the state unless the program passes a
 * Pulumi secret, which stays secret.
 *
 * ```ts
 * new JobEnvironmentVariableOverride("log-level", { jobId, overriddenKey: "LOG_LEVEL", value: "debug" });
 * ```
 *
 * Two resources of the program with one key in one job (an override by key counts with its
 * target's key) are refused during preview, naming both.
 */
export class JobEnvironmentVariableOverride extends JobVariableResource {
    /** The job's id, in lower case. */
    declare readonly jobId: pulumi.Output<string>;
    /** The target's key as the program gave it; undefined when the target was named by id. */
    declare readonly overriddenKey: pulumi.Output<string | undefined>;
    /** The target's id as the program gave it; undefined when the target was named by key. */
    declare readonly overriddenVariableId: pulumi.Output<string | undefined>;
    /** The override's key: its target's, as Qovery reports it. */
    declare readonly key: pulumi.Output<string>;
    /** The job's value, as Qovery holds it. */
    declare readonly value: pulumi.Output<string>;
    /** Qovery's description; undefined when it has none. */
    declare readonly description: pulumi.Output<string | undefined>;
    /** The mount path, as Qovery returns it; undefined when it has none. */
    declare readonly mountPath: pulumi.Output<string | undefined>;
    /** Qovery's flag; undefined when its answer did not say. */
    declare readonly enableInterpolationInFile: pulumi.Output<boolean | undefined>;
    /**
     * The overridden variable, as Qovery describes it (its id, key, scope, value...); undefined only
     * if Qovery's answers never described it. A Pulumi secret: it carries its target's value.
     */
    declare readonly overriddenVariable: pulumi.Output<TargetVariable | undefined>;

    /**
     * Whether `obj` is a JobEnvironmentVariableOverride: true only for resources of this type (not for any other
     * dynamic resource), even across copies of the library.
     */
    public static override isInstance(obj: unknown): obj is JobEnvironmentVariableOverride {
        return isResourceOfType(obj, "JobEnvironmentVariableOverride");
    }

    /**
     * @param name The resource's name in the program (unique among JobEnvironmentVariableOverrides).
     * @param args `jobId`, `value` are required; and exactly one way to name the target.
     * @param opts Pulumi's resource options; `aliases` keeps the resource across a rename.
     */
    constructor(name: string, args: JobEnvironmentVariableOverrideArgs, opts?: pulumi.CustomResourceOptions) {
        requireProperties(args, ["jobId", "value"], opts);
        super(
            kindProvider("jobEnvironmentVariableOverride"),
            name,
            withRunHints({
                ...args,
                ...recordedInputs("JobEnvironmentVariableOverride", name, opts),
                ...outputSlots([...ROW_OUTPUTS, "key", "mountPath", "enableInterpolationInFile", "overriddenVariable"]),
            }),
            withSecretOutputs("JobEnvironmentVariableOverride", opts),
            "qovery",
            "JobEnvironmentVariableOverride",
        );
        claimKey(this, "JobEnvironmentVariableOverride", name, args.jobId, args.overriddenKey);
        claimOverriddenId(this, "JobEnvironmentVariableOverride", name, args.jobId, args.overriddenVariableId);
    }
}
