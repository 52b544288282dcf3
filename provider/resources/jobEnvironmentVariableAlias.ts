/**
 * The JobEnvironmentVariableAlias resource: an alias at job level of a environment variable the job sees (built-in, project,
 * environment or the job's own), under a key of the job's choosing. Its value is its target's.
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
import { claimKey } from "./validation";

/** The arguments of a {@link JobEnvironmentVariableAlias}. */
export interface JobEnvironmentVariableAliasArgs {
    /** The Qovery job (a UUID). Changing it replaces the alias. */
    jobId: pulumi.Input<string>;
    /**
     * The environment variable to alias, by key, as the job sees it (e.g. a built-in
     * `QOVERY_POSTGRESQL_Z1234_DATABASE_URL`). Exactly one of `aliasedKey` and `aliasedVariableId`.
     * Changing the target replaces the alias.
     */
    aliasedKey?: pulumi.Input<string>;
    /** The environment variable to alias, by its Qovery id. Exactly one of `aliasedKey` and `aliasedVariableId`. */
    aliasedVariableId?: pulumi.Input<string>;
    /** The alias's own name in the job. Changed in place. */
    key: pulumi.Input<string>;
    /** At most 255 characters. Changed in place. */
    description?: pulumi.Input<string>;
    /**
     * Take over what already exists instead of creating: when the job already has a JOB-scoped environment variable alias with this key and the same target,
     * `create` writes the program's values to it with one edit and manages its id; when
     * it has none, the alias is created as usual. Refused, with what exists and what to do, when the
     * key belongs to another scope, another kind or target, or another resource of the program.
     * Only `create` reads it: changing it later is no change. See README "Bring an existing job under Pulumi".
     */
    adopt?: pulumi.Input<boolean>;
}

/**
 * An alias at job level of an environment variable the job sees (built-in, project, environment
 * or the job's own), under a key of the job's choosing; its value is its target's. Name the
 * target by key (`aliasedKey`) or by id (`aliasedVariableId`).
 *
 * ```ts
 * new JobEnvironmentVariableAlias("db-host", { jobId, aliasedKey: "QOVERY_POSTGRESQL_Z1234_HOST", key: "DB_HOST" });
 * ```
 *
 * Two resources of the program with one key in one job are refused during preview, naming both.
 */
export class JobEnvironmentVariableAlias extends JobVariableResource {
    /** The job's id, in lower case. */
    declare readonly jobId: pulumi.Output<string>;
    /** The target's key as the program gave it; undefined when the target was named by id. */
    declare readonly aliasedKey: pulumi.Output<string | undefined>;
    /** The target's id as the program gave it; undefined when the target was named by key. */
    declare readonly aliasedVariableId: pulumi.Output<string | undefined>;
    /** The alias's own key, as Qovery holds it. */
    declare readonly key: pulumi.Output<string>;
    /** Qovery's description; undefined when it has none. */
    declare readonly description: pulumi.Output<string | undefined>;
    /**
     * The target's value, as Qovery returns it; undefined when its answer has none. Always a
     * Pulumi secret: the target may be a variable whose value the program gave as a secret.
     */
    declare readonly value: pulumi.Output<string | undefined>;
    /** The target's mount path, as Qovery returns it; undefined when it has none. */
    declare readonly mountPath: pulumi.Output<string | undefined>;
    /** Qovery's flag; undefined when its answer did not say. */
    declare readonly enableInterpolationInFile: pulumi.Output<boolean | undefined>;
    /**
     * The aliased variable, as Qovery describes it (its id, key, scope, value...); undefined only
     * if Qovery's answers never described it. A Pulumi secret, as `value` is.
     */
    declare readonly aliasedVariable: pulumi.Output<TargetVariable | undefined>;

    /**
     * Whether `obj` is a JobEnvironmentVariableAlias: true only for resources of this type (not for any other
     * dynamic resource), even across copies of the library.
     */
    public static override isInstance(obj: unknown): obj is JobEnvironmentVariableAlias {
        return isResourceOfType(obj, "JobEnvironmentVariableAlias");
    }

    /**
     * @param name The resource's name in the program (unique among JobEnvironmentVariableAliases).
     * @param args `jobId`, `key` are required; and exactly one way to name the target.
     * @param opts Pulumi's resource options; `aliases` keeps the resource across a rename.
     */
    constructor(name: string, args: JobEnvironmentVariableAliasArgs, opts?: pulumi.CustomResourceOptions) {
        requireProperties(args, ["jobId", "key"], opts);
        super(
            kindProvider("jobEnvironmentVariableAlias"),
            name,
            withRunHints({
                ...args,
                ...recordedInputs("JobEnvironmentVariableAlias", name, opts),
                ...outputSlots([...ROW_OUTPUTS, "value", "mountPath", "enableInterpolationInFile", "aliasedVariable"]),
            }),
            withSecretOutputs("JobEnvironmentVariableAlias", opts),
            "qovery",
            "JobEnvironmentVariableAlias",
        );
        claimKey(this, "JobEnvironmentVariableAlias", name, args.jobId, args.key);
    }
}
