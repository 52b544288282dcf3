/**
 * The EnvironmentVariable resource: a plain variable of any scope (project, environment or
 * service), over Qovery's `/variable` API. Qovery returns its value: a refresh shows drift.
 */
import type * as pulumi from "@pulumi/pulumi";
import { isResourceOfType, requireProperties } from "./common";
import { type ScopeArgs, ScopedVariableResource, claimScopedKey } from "./scope";

/** The arguments of an {@link EnvironmentVariable}: exactly one scope input, and the variable itself. */
export interface EnvironmentVariableArgs extends ScopeArgs {
    /** The variable's key in its parent. Changed in place. */
    key: pulumi.Input<string>;
    /** The value: plain, unless the program passes a Pulumi secret (then kept secret). Changed in place. */
    value: pulumi.Input<string>;
    /** At most 255 characters. Changed in place. */
    description?: pulumi.Input<string>;
    /** Makes it a file mounted at this absolute path. Changing it replaces the variable (Qovery's edit request has no mount path). */
    mountPath?: pulumi.Input<string>;
    /** Whether Qovery interpolates variables inside the file. Changed in place. */
    enableInterpolationInFile?: pulumi.Input<boolean>;
    /** Take over the parent's own variable of this key if it exists instead of creating one. Only `create` reads it. */
    adopt?: pulumi.Input<boolean>;
}

/**
 * A plain environment variable of a project, an environment or a service (application,
 * container, job, helm, terraform), over `/variable`.
 *
 * ```ts
 * new EnvironmentVariable("region", { projectId, key: "REGION", value: "eu-west-3" });
 * ```
 */
export class EnvironmentVariable extends ScopedVariableResource {
    /** The key, as Qovery holds it. */
    declare readonly key: pulumi.Output<string>;
    /** The value, as Qovery holds it. */
    declare readonly value: pulumi.Output<string>;
    /** Qovery's description; undefined when it has none. */
    declare readonly description: pulumi.Output<string | undefined>;
    /** The file's mount path; undefined for a plain variable. */
    declare readonly mountPath: pulumi.Output<string | undefined>;
    /** Whether Qovery interpolates inside the file; undefined unless the program set it. */
    declare readonly enableInterpolationInFile: pulumi.Output<boolean | undefined>;

    /** Whether `obj` is an EnvironmentVariable of this library, even across copies of it. */
    public static override isInstance(obj: unknown): obj is EnvironmentVariable {
        return isResourceOfType(obj, "EnvironmentVariable");
    }

    /**
     * @param name The resource's name in the program (unique among EnvironmentVariables).
     * @param args `key`, `value` and one scope input are required.
     * @param opts Pulumi's resource options; `aliases` keeps the variable across a rename.
     */
    constructor(name: string, args: EnvironmentVariableArgs, opts?: pulumi.CustomResourceOptions) {
        requireProperties(args, ["key", "value"], opts);
        super("EnvironmentVariable", name, { ...args }, opts, []);
        claimScopedKey(this, "EnvironmentVariable", name, args, args.key);
    }
}
