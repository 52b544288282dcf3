/**
 * The EnvironmentVariableOverride resource: an environment's or a service's own value for a plain variable of a
 * higher scope (a project's or an environment's), under the same key.
 */
import type * as pulumi from "@pulumi/pulumi";
import { type TargetVariable, isResourceOfType, requireProperties } from "./common";
import { type ScopeArgs, ScopedVariableResource, claimScopedKey, claimScopedOverride } from "./scope";

/** The arguments of a {@link EnvironmentVariableOverride}: the scope input names the environment or service that overrides. */
export interface EnvironmentVariableOverrideArgs extends ScopeArgs {
    /** The variable to override, by key, as the parent sees it. Exactly one of `overriddenKey` and `overriddenVariableId`. Changing it replaces. */
    overriddenKey?: pulumi.Input<string>;
    /** The variable to override, by its Qovery id. Exactly one of `overriddenKey` and `overriddenVariableId`. */
    overriddenVariableId?: pulumi.Input<string>;
    /** The value in this parent. Plain, unless the program passes a Pulumi secret. Changed in place. */
    value: pulumi.Input<string>;
    /** At most 255 characters. Changed in place. */
    description?: pulumi.Input<string>;
    /** Take over the parent's own override of this target if it exists. Only `create` reads it. */
    adopt?: pulumi.Input<boolean>;
}

/**
 * A value for a plain variable of a higher scope, in an environment or a service; its key is its
 * target's. An override in a project is refused during preview (nothing is above a project).
 *
 * ```ts
 * new EnvironmentVariableOverride("log-level-staging", { environmentId, overriddenKey: "LOG_LEVEL", value: "debug" });
 * ```
 */
export class EnvironmentVariableOverride extends ScopedVariableResource {
    /** The target's key as the program gave it; undefined when named by id. */
    declare readonly overriddenKey: pulumi.Output<string | undefined>;
    /** The target's id as the program gave it; undefined when named by key. */
    declare readonly overriddenVariableId: pulumi.Output<string | undefined>;
    /** The key, which is its target's, as Qovery holds it. */
    declare readonly key: pulumi.Output<string>;
    /** The value, as Qovery holds it. */
    declare readonly value: pulumi.Output<string>;
    /** Qovery's description; undefined when it has none. */
    declare readonly description: pulumi.Output<string | undefined>;
    /** The overridden variable as Qovery describes it (id, key, scope...), a Pulumi secret. */
    declare readonly overriddenVariable: pulumi.Output<TargetVariable | undefined>;

    /** Whether `obj` is a EnvironmentVariableOverride of this library, even across copies of it. */
    public static override isInstance(obj: unknown): obj is EnvironmentVariableOverride {
        return isResourceOfType(obj, "EnvironmentVariableOverride");
    }

    /**
     * @param name The resource's name in the program (unique among EnvironmentVariableOverrides).
     * @param args `value` and one scope input are required; and exactly one way to name the target.
     * @param opts Pulumi's resource options.
     */
    constructor(name: string, args: EnvironmentVariableOverrideArgs, opts?: pulumi.CustomResourceOptions) {
        requireProperties(args, ["value"], opts);
        super("EnvironmentVariableOverride", name, { ...args }, opts, ["key", "overriddenVariable"]);
        claimScopedKey(this, "EnvironmentVariableOverride", name, args, args.overriddenKey);
        claimScopedOverride(this, "EnvironmentVariableOverride", name, args, args.overriddenVariableId);
    }
}
