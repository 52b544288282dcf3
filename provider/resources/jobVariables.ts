/**
 * JobVariables: a job's secrets and plain variables given as maps, and with `redeployOnChange`
 * one JobDeployment that redeploys the job when any of them changes.
 */
import * as pulumi from "@pulumi/pulumi";
import { requireProperties } from "./common";
import { JobDeployment } from "./jobDeployment";
import { JobEnvironmentVariable, type JobEnvironmentVariableArgs } from "./jobEnvironmentVariable";
import { JobSecret, type JobSecretArgs } from "./jobSecret";
import { type VariableEntry, childTriggers, childrenOf, entryArgs } from "./variableMaps";

/** An entry's settings besides its value; the key is the map's key. */
export type JobVariableEntry = VariableEntry;

export interface JobVariablesArgs {
    /** The Qovery job (a UUID). */
    jobId: pulumi.Input<string>;
    /** Secrets by key: a value (always stored as a secret), or a value with settings. */
    secrets?: Record<string, pulumi.Input<string> | JobVariableEntry>;
    /** Plain environment variables by key: a value, or a value with settings. */
    environmentVariables?: Record<string, pulumi.Input<string> | JobVariableEntry>;
    /** Redeploy the job once after any of them is created, changed or replaced. Default false. */
    redeployOnChange?: boolean;
    /** Passed to the JobDeployment (defaults: wait, 1800 s). */
    deployment?: { waitForCompletion?: pulumi.Input<boolean>; timeoutSeconds?: pulumi.Input<number> };
    /**
     * Passed to every child: take over an existing secret or variable with the same key instead
     * of failing on it (see `adopt` on JobSecret and JobEnvironmentVariable).
     */
    adopt?: pulumi.Input<boolean>;
}

const JOB_VARIABLES_TYPE = "qovery:index:JobVariables";

/**
 * A job's secrets and plain environment variables given as maps: one JobSecret or
 * JobEnvironmentVariable per entry, and, with `redeployOnChange`, one JobDeployment that
 * redeploys the job when any of them changes.
 */
export class JobVariables extends pulumi.ComponentResource {
    /** The secrets, by key. */
    readonly secrets: Record<string, JobSecret>;
    /** The plain variables, by key. */
    readonly environmentVariables: Record<string, JobEnvironmentVariable>;
    /** The redeploy, with `redeployOnChange`. */
    readonly deployment: JobDeployment | undefined;

    /** Whether `obj` is a JobVariables component (of any copy of the library). */
    public static override isInstance(obj: unknown): obj is JobVariables {
        return (
            obj !== undefined && obj !== null && (obj as { __pulumiType?: unknown }).__pulumiType === JOB_VARIABLES_TYPE
        );
    }

    /**
     * @param name The component's name; its children are named `<name>-secret-<KEY>`,
     *   `<name>-variable-<KEY>` and `<name>-redeploy`.
     * @param args `jobId` is required.
     * @param opts Pulumi's component options.
     */
    constructor(name: string, args: JobVariablesArgs, opts?: pulumi.ComponentResourceOptions) {
        requireProperties(args, ["jobId"], opts);
        super(JOB_VARIABLES_TYPE, name, {}, opts);
        const parent = { parent: this };
        const childArgs = (key: string, entry: pulumi.Input<string> | JobVariableEntry) => ({
            jobId: args.jobId,
            ...entryArgs(key, entry, args.adopt),
        });
        ({ secrets: this.secrets, environmentVariables: this.environmentVariables } = childrenOf(name, args, {
            secret: (child, key, entry) => new JobSecret(child, childArgs(key, entry) as JobSecretArgs, parent),
            variable: (child, key, entry) =>
                new JobEnvironmentVariable(child, childArgs(key, entry) as JobEnvironmentVariableArgs, parent),
        }));
        this.deployment = args.redeployOnChange
            ? new JobDeployment(
                  `${name}-redeploy`,
                  {
                      jobId: args.jobId,
                      triggers: childTriggers(
                          this.secrets,
                          this.environmentVariables,
                          args.secrets,
                          args.environmentVariables,
                      ),
                      ...args.deployment,
                  },
                  parent,
              )
            : undefined;
        this.registerOutputs({
            secrets: this.secrets,
            environmentVariables: this.environmentVariables,
            deployment: this.deployment,
        });
    }
}
