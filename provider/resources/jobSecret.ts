/**
 * The JobSecret resource: a secret of a Qovery job, managed by Pulumi.
 */
import * as pulumi from "@pulumi/pulumi";
import { providerFor } from "../provider";
import { ROW_OUTPUTS, type TargetVariable, outputSlots, recordedInputs } from "./common";

export interface JobSecretArgs {
    /** The Qovery job (a UUID). Changing it replaces the secret. */
    jobId: pulumi.Input<string>;
    /** The variable name, case sensitive. Changed in place. */
    key: pulumi.Input<string>;
    /** The secret value; may be empty. Always stored as a Pulumi secret. */
    value: pulumi.Input<string>;
    /** At most 255 characters. */
    description?: pulumi.Input<string>;
    /** Absolute path where the secret is mounted as a file: makes it a file secret. Changing it replaces the secret. */
    mountPath?: pulumi.Input<string>;
    /** Whether `{{VARIABLE}}` references inside a file secret are interpolated. */
    enableInterpolationInFile?: pulumi.Input<boolean>;
    /**
     * Take over what already exists instead of creating: when the job already has a JOB-scoped secret with this key (a file secret if `mountPath` is set, a plain one if not),
     * `create` writes the program's values to it with one edit (the value always: Qovery never returns a secret's value) and manages its id; when
     * it has none, the secret is created as usual. Refused, with what exists and what to do, when the
     * key belongs to another scope, another kind or target, or another resource of the program.
     * Only `create` reads it: changing it later is no change. See README "Bring an existing job under Pulumi".
     */
    adopt?: pulumi.Input<boolean>;
}

export class JobSecret extends pulumi.dynamic.Resource {
    declare readonly jobId: pulumi.Output<string>;
    declare readonly key: pulumi.Output<string>;
    declare readonly value: pulumi.Output<string>;
    declare readonly description: pulumi.Output<string | undefined>;
    declare readonly mountPath: pulumi.Output<string | undefined>;
    declare readonly enableInterpolationInFile: pulumi.Output<boolean | undefined>;
    /** When Qovery created the secret (ISO 8601). */
    declare readonly createdAt: pulumi.Output<string>;
    declare readonly updatedAt: pulumi.Output<string | undefined>;
    /** `JOB` for a job's own secrets; undefined when Qovery's answer did not say. */
    declare readonly scope: pulumi.Output<string | undefined>;
    /** `VALUE`, or `FILE` for a file secret; undefined when Qovery's answer did not say. */
    declare readonly variableType: pulumi.Output<string | undefined>;
    declare readonly serviceId: pulumi.Output<string | undefined>;
    declare readonly serviceName: pulumi.Output<string | undefined>;
    declare readonly serviceType: pulumi.Output<string | undefined>;
    declare readonly ownedBy: pulumi.Output<string | undefined>;
    /** Set when Qovery reports this secret as an alias of another (a JobSecretAlias is the way to make one). */
    declare readonly aliasedSecret: pulumi.Output<TargetVariable | undefined>;
    /** Set when Qovery reports this secret as an override of another (see JobSecretOverride). */
    declare readonly overriddenSecret: pulumi.Output<TargetVariable | undefined>;

    constructor(name: string, args: JobSecretArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            providerFor(require.resolve("../hooks")),
            name,
            {
                ...args,
                // Wrapped whatever the caller passed: the engine encrypts an output in state only
                // when the input of the same name is secret.
                value: pulumi.secret(args.value),
                ...outputSlots([...ROW_OUTPUTS, "aliasedSecret", "overriddenSecret"]),
                ...recordedInputs("JobSecret", name, opts),
            },
            {
                ...opts,
                additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "value"],
            },
            "qovery",
            "JobSecret",
        );
    }
}
