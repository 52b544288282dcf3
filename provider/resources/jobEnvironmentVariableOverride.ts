/**
 * The JobEnvironmentVariableOverride resource: an override at job level of a environment variable of a higher scope (project or
 * environment): same key, the job's own value.
 */
import * as pulumi from "@pulumi/pulumi";
import { kindProvider } from "../provider";
import { ROW_OUTPUTS, type TargetVariable, outputSlots, recordedInputs } from "./common";

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

export class JobEnvironmentVariableOverride extends pulumi.dynamic.Resource {
    declare readonly jobId: pulumi.Output<string>;
    declare readonly overriddenKey: pulumi.Output<string | undefined>;
    declare readonly overriddenVariableId: pulumi.Output<string | undefined>;
    /** The override's key: its target's. */
    declare readonly key: pulumi.Output<string>;
    declare readonly value: pulumi.Output<string>;
    declare readonly description: pulumi.Output<string | undefined>;
    declare readonly mountPath: pulumi.Output<string | undefined>;
    declare readonly enableInterpolationInFile: pulumi.Output<boolean | undefined>;
    /** The overridden environment variable, as Qovery describes it (its id, key, scope...). */
    declare readonly overriddenVariable: pulumi.Output<TargetVariable>;

    /** When Qovery created it (ISO 8601). */
    declare readonly createdAt: pulumi.Output<string>;
    declare readonly updatedAt: pulumi.Output<string | undefined>;
    /** `JOB`: it belongs to the job. */
    declare readonly scope: pulumi.Output<string>;
    /** `OVERRIDE`. */
    declare readonly variableType: pulumi.Output<string>;
    declare readonly serviceId: pulumi.Output<string | undefined>;
    declare readonly serviceName: pulumi.Output<string | undefined>;
    declare readonly serviceType: pulumi.Output<string | undefined>;
    declare readonly ownedBy: pulumi.Output<string | undefined>;

    constructor(name: string, args: JobEnvironmentVariableOverrideArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            kindProvider("jobEnvironmentVariableOverride"),
            name,
            {
                ...args,
                ...recordedInputs("JobEnvironmentVariableOverride", name, opts),
                ...outputSlots([...ROW_OUTPUTS, "key", "mountPath", "enableInterpolationInFile", "overriddenVariable"]),
            },
            opts,
            "qovery",
            "JobEnvironmentVariableOverride",
        );
    }
}
