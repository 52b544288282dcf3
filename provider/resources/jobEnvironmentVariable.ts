/**
 * The JobEnvironmentVariable resource: a plain (non-secret) environment variable of a Qovery job.
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

/** The arguments of a {@link JobEnvironmentVariable}. */
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

/**
 * A plain (non-secret) environment variable of a Qovery job. Its value is plain in the state,
 * as Qovery shows it to anyone who can read the job, unless the program passes a Pulumi secret,
 * which stays secret. Qovery returns the value, so `refresh` sees a change made in the console.
 *
 * ```ts
 * new JobEnvironmentVariable("log-level", { jobId, key: "LOG_LEVEL", value: "info" });
 * ```
 *
 * Two resources of the program with one key in one job are refused during preview, naming both.
 * Renamed in the program with the same key: use the `aliases` option.
 */
export class JobEnvironmentVariable extends JobVariableResource {
    /** The job's id, in lower case. */
    declare readonly jobId: pulumi.Output<string>;
    /** The variable name, as Qovery holds it. */
    declare readonly key: pulumi.Output<string>;
    /** What Qovery holds: a change made in the console shows at the next refresh. */
    declare readonly value: pulumi.Output<string>;
    /** Qovery's description; undefined when it has none. */
    declare readonly description: pulumi.Output<string | undefined>;
    /** Where the variable is mounted as a file, as Qovery holds it; undefined for a plain variable. */
    declare readonly mountPath: pulumi.Output<string | undefined>;
    /** Qovery's flag; undefined when neither the program nor Qovery's answer set it. */
    declare readonly enableInterpolationInFile: pulumi.Output<boolean | undefined>;
    /** Set when Qovery reports this variable as an alias of another (see JobEnvironmentVariableAlias). */
    declare readonly aliasedVariable: pulumi.Output<TargetVariable | undefined>;
    /** Set when Qovery reports this variable as an override of another (see JobEnvironmentVariableOverride). */
    declare readonly overriddenVariable: pulumi.Output<TargetVariable | undefined>;

    /**
     * Whether `obj` is a JobEnvironmentVariable: true only for resources of this type (not for any other
     * dynamic resource), even across copies of the library.
     */
    public static override isInstance(obj: unknown): obj is JobEnvironmentVariable {
        return isResourceOfType(obj, "JobEnvironmentVariable");
    }

    /**
     * @param name The resource's name in the program (unique among JobEnvironmentVariables).
     * @param args `jobId`, `key`, `value` are required.
     * @param opts Pulumi's resource options; `aliases` keeps the resource across a rename.
     */
    constructor(name: string, args: JobEnvironmentVariableArgs, opts?: pulumi.CustomResourceOptions) {
        requireProperties(args, ["jobId", "key", "value"], opts);
        super(
            kindProvider("jobEnvironmentVariable"),
            name,
            // No secret wrapping: a plain variable stays plain unless the program passed a
            // secret, which the engine keeps secret in inputs and outputs alike.
            withRunHints({
                ...args,
                ...recordedInputs("JobEnvironmentVariable", name, opts),
                ...outputSlots([...ROW_OUTPUTS, "aliasedVariable", "overriddenVariable"]),
            }),
            withSecretOutputs("JobEnvironmentVariable", opts),
            "qovery",
            "JobEnvironmentVariable",
        );
        claimKey(this, "JobEnvironmentVariable", name, args.jobId, args.key);
    }
}
