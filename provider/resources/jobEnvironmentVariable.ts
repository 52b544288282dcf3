/**
 * The JobEnvironmentVariable resource: a plain (non-secret) environment variable of a Qovery job.
 */
import * as pulumi from "@pulumi/pulumi";
import { kindProvider } from "../provider";
import { ROW_OUTPUTS, type TargetVariable, outputSlots, recordedInputs } from "./common";

export interface JobEnvironmentVariableArgs {
    /** The Qovery job (a UUID). Changing it replaces the variable. */
    jobId: pulumi.Input<string>;
    /** The variable name, case sensitive. Changed in place. */
    key: pulumi.Input<string>;
    /**
     * The value; may be empty. Plain in state, as Qovery shows it to anyone who can read the
     * job; a Pulumi secret passed here stays a secret in state. Changed in place.
     */
    value: pulumi.Input<string>;
    /** At most 255 characters. */
    description?: pulumi.Input<string>;
    /** Absolute path where the variable is mounted as a file. Changed in place (unlike a secret's). */
    mountPath?: pulumi.Input<string>;
    /** Whether `{{VARIABLE}}` references inside a file are interpolated. */
    enableInterpolationInFile?: pulumi.Input<boolean>;
    /**
     * Take over what already exists instead of creating: when the job already has a JOB-scoped plain environment variable (or file) with this key,
     * `create` writes the program's values to it with one edit and manages its id; when
     * it has none, the environment variable is created as usual. Refused, with what exists and what to do, when the
     * key belongs to another scope, another kind or target, or another resource of the program.
     * Only `create` reads it: changing it later is no change. See README "Bring an existing job under Pulumi".
     */
    adopt?: pulumi.Input<boolean>;
}

export class JobEnvironmentVariable extends pulumi.dynamic.Resource {
    declare readonly jobId: pulumi.Output<string>;
    declare readonly key: pulumi.Output<string>;
    /** What Qovery holds: a change made in the console shows at the next refresh. */
    declare readonly value: pulumi.Output<string>;
    declare readonly description: pulumi.Output<string | undefined>;
    declare readonly mountPath: pulumi.Output<string | undefined>;
    declare readonly enableInterpolationInFile: pulumi.Output<boolean | undefined>;
    /** Set when Qovery reports this variable as an alias of another (see JobEnvironmentVariableAlias). */
    declare readonly aliasedVariable: pulumi.Output<TargetVariable | undefined>;
    /** Set when Qovery reports this variable as an override of another (see JobEnvironmentVariableOverride). */
    declare readonly overriddenVariable: pulumi.Output<TargetVariable | undefined>;

    /** When Qovery created it (ISO 8601). */
    declare readonly createdAt: pulumi.Output<string>;
    declare readonly updatedAt: pulumi.Output<string | undefined>;
    /** `JOB`: it belongs to the job. */
    declare readonly scope: pulumi.Output<string>;
    /** `VALUE`, or `FILE` for a file. */
    declare readonly variableType: pulumi.Output<string>;
    declare readonly serviceId: pulumi.Output<string | undefined>;
    declare readonly serviceName: pulumi.Output<string | undefined>;
    declare readonly serviceType: pulumi.Output<string | undefined>;
    declare readonly ownedBy: pulumi.Output<string | undefined>;

    constructor(name: string, args: JobEnvironmentVariableArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            kindProvider("jobEnvironmentVariable"),
            name,
            // No secret wrapping: a plain variable stays plain unless the program passed a
            // secret, which the engine keeps secret in inputs and outputs alike.
            {
                ...args,
                ...recordedInputs("JobEnvironmentVariable", name, opts),
                ...outputSlots([...ROW_OUTPUTS, "aliasedVariable", "overriddenVariable"]),
            },
            opts,
            "qovery",
            "JobEnvironmentVariable",
        );
    }
}
