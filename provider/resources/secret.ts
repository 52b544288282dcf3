/**
 * The Secret resource: a secret of any scope (project, environment or service), over Qovery's
 * `/variable` API. Its value is a Pulumi secret, never returned by Qovery.
 */
import type * as pulumi from "@pulumi/pulumi";
import { isResourceOfType, requireProperties } from "./common";
import { type ScopeArgs, ScopedVariableResource, claimScopedKey } from "./scope";

/** The arguments of a {@link Secret}: exactly one scope input, and the secret itself. */
export interface SecretArgs extends ScopeArgs {
    /** The secret's key in its parent. Changed in place. */
    key: pulumi.Input<string>;
    /** The value. Kept as a Pulumi secret whatever is passed; Qovery never returns it. Changed in place. */
    value: pulumi.Input<string>;
    /** At most 255 characters. Changed in place. */
    description?: pulumi.Input<string>;
    /** Makes it a file mounted at this absolute path. Changing it replaces the secret (Qovery's edit request has no mount path). */
    mountPath?: pulumi.Input<string>;
    /** Whether Qovery interpolates variables inside the file. Changed in place. */
    enableInterpolationInFile?: pulumi.Input<boolean>;
    /**
     * Take over the parent's own secret of this key if it exists (one edit writes the program's
     * values; its id is kept) instead of creating one. Only `create` reads it. See docs/resources/Secret.md.
     */
    adopt?: pulumi.Input<boolean>;
}

/**
 * A secret of a project, an environment or a service (application, container, job, helm,
 * terraform), over `/variable`. A project's or an environment's is seen by everything below it.
 *
 * ```ts
 * new Secret("db-password", { environmentId: env.id, key: "DB_PASSWORD", value: cfg.requireSecret("dbPassword") });
 * ```
 *
 * Its key must be free in its parent across secrets and variables: two resources of the program
 * with one key in one parent are refused during preview, naming both.
 */
export class Secret extends ScopedVariableResource {
    /** The key, as Qovery holds it. */
    declare readonly key: pulumi.Output<string>;
    /** The value (a Pulumi secret), as the program last wrote it. */
    declare readonly value: pulumi.Output<string>;
    /** Qovery's description; undefined when it has none. */
    declare readonly description: pulumi.Output<string | undefined>;
    /** The file's mount path; undefined for a plain secret. */
    declare readonly mountPath: pulumi.Output<string | undefined>;
    /** Whether Qovery interpolates inside the file; undefined unless the program set it. */
    declare readonly enableInterpolationInFile: pulumi.Output<boolean | undefined>;

    /** Whether `obj` is a Secret of this library, even across copies of it. */
    public static override isInstance(obj: unknown): obj is Secret {
        return isResourceOfType(obj, "Secret");
    }

    /**
     * @param name The resource's name in the program (unique among Secrets).
     * @param args `key`, `value` and one scope input are required.
     * @param opts Pulumi's resource options; `aliases` keeps the secret across a rename.
     */
    constructor(name: string, args: SecretArgs, opts?: pulumi.CustomResourceOptions) {
        requireProperties(args, ["key", "value"], opts);
        super("Secret", name, { ...args }, opts, [], ["value"]);
        claimScopedKey(this, "Secret", name, args, args.key);
    }
}
