/**
 * The EnvironmentVariableAlias resource: an alias, in a project, environment or service, of a plain variable it sees
 * (its own scope's, a higher one's, or a built-in), under a key of its choosing.
 */
import type * as pulumi from "@pulumi/pulumi";
import { type TargetVariable, isResourceOfType, requireProperties } from "./common";
import { type ScopeArgs, ScopedVariableResource, claimScopedKey } from "./scope";

/** The arguments of a {@link EnvironmentVariableAlias}. */
export interface EnvironmentVariableAliasArgs extends ScopeArgs {
    /**
     * The variable to alias, by key, as the alias's parent sees it (e.g. a built-in
     * `QOVERY_POSTGRESQL_Z1_HOST`). Exactly one of `aliasedKey` and `aliasedVariableId`.
     * Changing the target replaces the alias.
     */
    aliasedKey?: pulumi.Input<string>;
    /** The variable to alias, by its Qovery id. Exactly one of `aliasedKey` and `aliasedVariableId`. */
    aliasedVariableId?: pulumi.Input<string>;
    /** The alias's own key in its parent. Changed in place. */
    key: pulumi.Input<string>;
    /** At most 255 characters. Changed in place. */
    description?: pulumi.Input<string>;
    /** Take over the parent's own alias of this key and target if it exists. Only `create` reads it. */
    adopt?: pulumi.Input<boolean>;
}

/**
 * An alias of a plain variable its parent sees; its value is its target's. An alias of an alias is
 * refused (Qovery's rule), and an alias targets its own scope or a higher one.
 *
 * ```ts
 * new EnvironmentVariableAlias("db-url", { applicationId, aliasedKey: "QOVERY_POSTGRESQL_Z1_HOST", key: "DB_HOST" });
 * ```
 */
export class EnvironmentVariableAlias extends ScopedVariableResource {
    /** The target's key as the program gave it; undefined when named by id. */
    declare readonly aliasedKey: pulumi.Output<string | undefined>;
    /** The target's id as the program gave it; undefined when named by key. */
    declare readonly aliasedVariableId: pulumi.Output<string | undefined>;
    /** The alias's own key, as Qovery holds it. */
    declare readonly key: pulumi.Output<string>;
    /** Its value, which is its target's, as Qovery returns it (a Pulumi secret). */
    declare readonly value: pulumi.Output<string | undefined>;
    /** Qovery's description; undefined when it has none. */
    declare readonly description: pulumi.Output<string | undefined>;
    /** The aliased variable as Qovery describes it (id, key, scope, value...), a Pulumi secret. */
    declare readonly aliasedVariable: pulumi.Output<TargetVariable | undefined>;

    /** Whether `obj` is a EnvironmentVariableAlias of this library, even across copies of it. */
    public static override isInstance(obj: unknown): obj is EnvironmentVariableAlias {
        return isResourceOfType(obj, "EnvironmentVariableAlias");
    }

    /**
     * @param name The resource's name in the program (unique among EnvironmentVariableAliases).
     * @param args `key` and one scope input are required; and exactly one way to name the target.
     * @param opts Pulumi's resource options.
     */
    constructor(name: string, args: EnvironmentVariableAliasArgs, opts?: pulumi.CustomResourceOptions) {
        requireProperties(args, ["key"], opts);
        super("EnvironmentVariableAlias", name, { ...args }, opts, ["value", "aliasedVariable"]);
        claimScopedKey(this, "EnvironmentVariableAlias", name, args, args.key);
    }
}
