/**
 * The JobSecret resource: a secret of a Qovery job, managed by Pulumi.
 */
import * as pulumi from "@pulumi/pulumi";
import { providerFor } from "../provider";

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
}

const TYPE = "pulumi-nodejs:dynamic/qovery:JobSecret";

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

    constructor(name: string, args: JobSecretArgs, opts?: pulumi.CustomResourceOptions) {
        // The hooks are never told the resource's URN; recorded so that an error about a secret
        // that cannot be refreshed or deleted can give the exact `pulumi state delete` command.
        const resourceUrn = pulumi.createUrn(name, TYPE, opts?.parent);
        super(
            providerFor(require.resolve("../hooks")),
            name,
            {
                ...args,
                // Wrapped whatever the caller passed: the engine encrypts an output in state only
                // when the input of the same name is secret.
                value: pulumi.secret(args.value),
                createdAt: undefined,
                updatedAt: undefined,
                scope: undefined,
                variableType: undefined,
                serviceId: undefined,
                serviceName: undefined,
                serviceType: undefined,
                ownedBy: undefined,
                resourceUrn,
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
