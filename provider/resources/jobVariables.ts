/**
 * JobVariables: a job's secrets and plain variables given as maps, and with `redeployOnChange`
 * one JobDeployment that redeploys the job when any of them changes.
 */
import * as pulumi from "@pulumi/pulumi";
import { triggersHash } from "../deploy/triggers";
import { requireProperties } from "./common";
import { JobDeployment } from "./jobDeployment";
import { JobEnvironmentVariable, type JobEnvironmentVariableArgs } from "./jobEnvironmentVariable";
import { JobSecret, type JobSecretArgs } from "./jobSecret";

/** An entry's settings besides its value; the key is the map's key. */
export interface JobVariableEntry {
    value: pulumi.Input<string>;
    description?: pulumi.Input<string>;
    /** Absolute path where it is mounted as a file. */
    mountPath?: pulumi.Input<string>;
    enableInterpolationInFile?: pulumi.Input<boolean>;
}

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
        const adopt = args.adopt === undefined ? {} : { adopt: args.adopt };
        const childArgs = (key: string, entry: pulumi.Input<string> | JobVariableEntry) => ({
            jobId: args.jobId,
            key,
            ...(isEntry(entry) ? entry : { value: entry }),
            ...adopt,
        });
        // Children are named after their keys: reordering the maps changes nothing.
        this.secrets = {};
        for (const key of Object.keys(args.secrets ?? {}).sort()) {
            this.secrets[key] = new JobSecret(
                `${name}-secret-${key}`,
                childArgs(key, args.secrets![key]) as JobSecretArgs,
                parent,
            );
        }
        this.environmentVariables = {};
        for (const key of Object.keys(args.environmentVariables ?? {}).sort()) {
            this.environmentVariables[key] = new JobEnvironmentVariable(
                `${name}-variable-${key}`,
                childArgs(key, args.environmentVariables![key]) as JobEnvironmentVariableArgs,
                parent,
            );
        }
        // Each child's id, `updatedAt` and a hash of its value and settings, in key order: a changed,
        // added, removed or replaced one is a change, also when Qovery does not bump `updated_at`.
        // A secret's hash is a secret (so the triggers' hash is one): a bare hash of a short value
        // could be guessed. A plain variable's is secret when its value is.
        const contentOf = (key: string, entry: pulumi.Input<string> | JobVariableEntry, secret: boolean) => {
            const a = childArgs(key, entry);
            const hash = pulumi
                .all([a.value, a.description, a.mountPath, a.enableInterpolationInFile])
                .apply((v) => triggersHash(v));
            return secret ? pulumi.secret(hash) : hash;
        };
        this.deployment = args.redeployOnChange
            ? new JobDeployment(
                  `${name}-redeploy`,
                  {
                      jobId: args.jobId,
                      triggers: [
                          ...Object.entries(this.secrets).map(([k, s]) => [
                              "secret",
                              k,
                              s.id,
                              s.updatedAt,
                              contentOf(k, args.secrets![k], true),
                          ]),
                          ...Object.entries(this.environmentVariables).map(([k, v]) => [
                              "variable",
                              k,
                              v.id,
                              v.updatedAt,
                              contentOf(k, args.environmentVariables![k], false),
                          ]),
                      ],
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

function isEntry(v: pulumi.Input<string> | JobVariableEntry): v is JobVariableEntry {
    return typeof v === "object" && v !== null && !pulumi.Output.isInstance(v) && !(v instanceof Promise);
}
