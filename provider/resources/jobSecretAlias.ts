/**
 * The JobSecretAlias resource: an alias at job level of a secret the job sees (built-in, project,
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

/** The arguments of a {@link JobSecretAlias}. */
export interface JobSecretAliasArgs {
    /** The Qovery job (a UUID). Changing it replaces the alias. */
    jobId: pulumi.Input<string>;
    /**
     * The secret to alias, by key, as the job sees it (e.g. a built-in
     * `QOVERY_POSTGRESQL_Z1234_DATABASE_URL`). Exactly one of `aliasedKey` and `aliasedSecretId`.
     * Changing the target replaces the alias.
     */
    aliasedKey?: pulumi.Input<string>;
    /** The secret to alias, by its Qovery id. Exactly one of `aliasedKey` and `aliasedSecretId`. */
    aliasedSecretId?: pulumi.Input<string>;
    /** The alias's own name in the job. Changed in place. */
    key: pulumi.Input<string>;
    /** At most 255 characters. Changed in place. */
    description?: pulumi.Input<string>;
    /**
     * Take over what already exists instead of creating: when the job already has a JOB-scoped secret alias with this key and the same target,
     * `create` writes the program's values to it with one edit (the value always: Qovery never returns a secret's value) and manages its id; when
     * it has none, the alias is created as usual. Refused, with what exists and what to do, when the
     * key belongs to another scope, another kind or target, or another resource of the program.
     * Only `create` reads it: changing it later is no change. See README "Bring an existing job under Pulumi".
     */
    adopt?: pulumi.Input<boolean>;
}

/**
 * An alias at job level of a secret the job sees (built-in, project, environment or the job's
 * own), under a key of the job's choosing; its value is its target's. Name the target by key
 * (`aliasedKey`) or by id (`aliasedSecretId`).
 *
 * ```ts
 * new JobSecretAlias("database-url", { jobId, aliasedKey: "QOVERY_POSTGRESQL_Z1234_DATABASE_URL", key: "DATABASE_URL" });
 * ```
 *
 * Its key must be free in the job: two resources of the program with one key in one job are
 * refused during preview, naming both. Renamed in the program with the same key: use `aliases`.
 */
export class JobSecretAlias extends JobVariableResource {
    /** The job's id, in lower case. */
    declare readonly jobId: pulumi.Output<string>;
    /** The target's key as the program gave it; undefined when the target was named by id. */
    declare readonly aliasedKey: pulumi.Output<string | undefined>;
    /** The target's id as the program gave it; undefined when the target was named by key. */
    declare readonly aliasedSecretId: pulumi.Output<string | undefined>;
    /** The alias's own key, as Qovery holds it. */
    declare readonly key: pulumi.Output<string>;
    /** Qovery's description; undefined when it has none. */
    declare readonly description: pulumi.Output<string | undefined>;
    /** Qovery's flag for the alias; undefined when its answer did not say. */
    declare readonly enableInterpolationInFile: pulumi.Output<boolean | undefined>;
    /** The aliased secret, as Qovery describes it (its id, key, scope...); undefined only if Qovery's answers never described it. */
    declare readonly aliasedSecret: pulumi.Output<TargetVariable | undefined>;

    /**
     * Whether `obj` is a JobSecretAlias: true only for resources of this type (not for any other
     * dynamic resource), even across copies of the library.
     */
    public static override isInstance(obj: unknown): obj is JobSecretAlias {
        return isResourceOfType(obj, "JobSecretAlias");
    }

    /**
     * @param name The resource's name in the program (unique among JobSecretAliases).
     * @param args `jobId`, `key` are required; and exactly one way to name the target.
     * @param opts Pulumi's resource options; `aliases` keeps the resource across a rename.
     */
    constructor(name: string, args: JobSecretAliasArgs, opts?: pulumi.CustomResourceOptions) {
        requireProperties(args, ["jobId", "key"], opts);
        super(
            kindProvider("jobSecretAlias"),
            name,
            withRunHints({
                ...args,
                ...recordedInputs("JobSecretAlias", name, opts),
                ...outputSlots([...ROW_OUTPUTS, "enableInterpolationInFile", "aliasedSecret"]),
            }),
            withSecretOutputs("JobSecretAlias", opts),
            "qovery",
            "JobSecretAlias",
        );
        claimKey(this, "JobSecretAlias", name, args.jobId, args.key);
    }
}
