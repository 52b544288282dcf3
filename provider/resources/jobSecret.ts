/**
 * The JobSecret resource: a secret of a Qovery job, managed by Pulumi.
 */
import * as pulumi from "@pulumi/pulumi";
import { withRunHints } from "./registration";
import { JobVariableResource } from "./jobVariableResource";
import { providerFor } from "../provider";
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

/** The arguments of a {@link JobSecret}. */
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

/**
 * A secret of a Qovery job: `pulumi up` creates, edits and deletes it through Qovery's API.
 *
 * The value is a Pulumi secret in the state's inputs and outputs whatever the program passed;
 * Qovery never returns it, so a change made in the console is not seen by `refresh`.
 * Two resources of the program with one key in one job are refused during preview, naming both.
 *
 * ```ts
 * const dbPassword = new JobSecret("db-password", {
 *     jobId: "00000000-0000-4000-8000-000000000000",
 *     key: "DB_PASSWORD",
 *     value: cfg.requireSecret("dbPassword"),
 * });
 * ```
 *
 * Renaming the resource in the program while keeping its key: give it the `aliases` option
 * with its old name, or Pulumi creates the new one before deleting the old and Qovery answers 409.
 */
export class JobSecret extends JobVariableResource {
    /** The job's id, in lower case. */
    declare readonly jobId: pulumi.Output<string>;
    /** The variable name, as Qovery holds it (a rename in the console shows at the next refresh). */
    declare readonly key: pulumi.Output<string>;
    /** The value the program gave (a Pulumi secret): Qovery never returns a secret's value. */
    declare readonly value: pulumi.Output<string>;
    /** Qovery's description; undefined when it has none (an empty description counts as none). */
    declare readonly description: pulumi.Output<string | undefined>;
    /** The mount path the program gave (Qovery never returns it); undefined for a plain secret. */
    declare readonly mountPath: pulumi.Output<string | undefined>;
    /** Qovery's flag; undefined when neither the program nor Qovery's answer set it. */
    declare readonly enableInterpolationInFile: pulumi.Output<boolean | undefined>;
    /** Set when Qovery reports this secret as an alias of another (a JobSecretAlias is the way to make one). */
    declare readonly aliasedSecret: pulumi.Output<TargetVariable | undefined>;
    /** Set when Qovery reports this secret as an override of another (see JobSecretOverride). */
    declare readonly overriddenSecret: pulumi.Output<TargetVariable | undefined>;

    /**
     * Whether `obj` is a JobSecret: true only for resources of this type (not for any other
     * dynamic resource), even across copies of the library.
     */
    public static override isInstance(obj: unknown): obj is JobSecret {
        return isResourceOfType(obj, "JobSecret");
    }

    /**
     * @param name The resource's name in the program (unique among JobSecrets).
     * @param args `jobId`, `key` and `value` are required.
     * @param opts Pulumi's resource options; `aliases` keeps the secret across a rename.
     */
    constructor(name: string, args: JobSecretArgs, opts?: pulumi.CustomResourceOptions) {
        requireProperties(args, ["jobId", "key", "value"], opts);
        super(
            providerFor(require.resolve("../hooks")),
            name,
            withRunHints({
                ...args,
                // Wrapped whatever the caller passed: the engine encrypts an output in state only
                // when the input of the same name is secret.
                value: pulumi.secret(args.value),
                ...outputSlots([...ROW_OUTPUTS, "aliasedSecret", "overriddenSecret"]),
                ...recordedInputs("JobSecret", name, opts),
            }),
            withSecretOutputs("JobSecret", opts),
            "qovery",
            "JobSecret",
        );
        claimKey(this, "JobSecret", name, args.jobId, args.key);
    }
}
