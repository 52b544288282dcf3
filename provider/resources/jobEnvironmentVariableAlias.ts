/**
 * The JobEnvironmentVariableAlias resource: an alias at job level of a environment variable the job sees (built-in, project,
 * environment or the job's own), under a key of the job's choosing. Its value is its target's.
 */
import * as pulumi from "@pulumi/pulumi";
import { kindProvider } from "../provider";
import { ROW_OUTPUTS, type TargetVariable, outputSlots, recordedInputs } from "./common";

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

export class JobEnvironmentVariableAlias extends pulumi.dynamic.Resource {
    declare readonly jobId: pulumi.Output<string>;
    declare readonly aliasedKey: pulumi.Output<string | undefined>;
    declare readonly aliasedVariableId: pulumi.Output<string | undefined>;
    declare readonly key: pulumi.Output<string>;
    declare readonly description: pulumi.Output<string | undefined>;
    /** The target's value, as Qovery returns it. */
    declare readonly value: pulumi.Output<string | undefined>;
    declare readonly mountPath: pulumi.Output<string | undefined>;
    declare readonly enableInterpolationInFile: pulumi.Output<boolean | undefined>;
    /** The aliased environment variable, as Qovery describes it (its id, key, scope...). */
    declare readonly aliasedVariable: pulumi.Output<TargetVariable>;

    /** When Qovery created it (ISO 8601). */
    declare readonly createdAt: pulumi.Output<string>;
    declare readonly updatedAt: pulumi.Output<string | undefined>;
    /** `JOB`: it belongs to the job. */
    declare readonly scope: pulumi.Output<string>;
    /** `ALIAS`. */
    declare readonly variableType: pulumi.Output<string>;
    declare readonly serviceId: pulumi.Output<string | undefined>;
    declare readonly serviceName: pulumi.Output<string | undefined>;
    declare readonly serviceType: pulumi.Output<string | undefined>;
    declare readonly ownedBy: pulumi.Output<string | undefined>;

    constructor(name: string, args: JobEnvironmentVariableAliasArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            kindProvider("jobEnvironmentVariableAlias"),
            name,
            {
                ...args,
                ...recordedInputs("JobEnvironmentVariableAlias", name, opts),
                ...outputSlots([...ROW_OUTPUTS, "value", "mountPath", "enableInterpolationInFile", "aliasedVariable"]),
            },
            opts,
            "qovery",
            "JobEnvironmentVariableAlias",
        );
    }
}
