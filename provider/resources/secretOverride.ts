/**
 * The SecretOverride resource: an environment's or a service's own value for a secret of a
 * higher scope (a project's or an environment's), under the same key.
 */
import type * as pulumi from "@pulumi/pulumi";
import { type TargetVariable, isResourceOfType, requireProperties } from "./common";
import { type ScopeArgs, ScopedVariableResource, claimScopedKey, claimScopedOverride } from "./scope";

/** The arguments of a {@link SecretOverride}: the scope input names the environment or service that overrides. */
export interface SecretOverrideArgs extends ScopeArgs {
    /** The secret to override, by key, as the parent sees it. Exactly one of `overriddenKey` and `overriddenSecretId`. Changing it replaces. */
    overriddenKey?: pulumi.Input<string>;
    /** The secret to override, by its Qovery id. Exactly one of `overriddenKey` and `overriddenSecretId`. */
    overriddenSecretId?: pulumi.Input<string>;
    /** The value in this parent. Kept as a Pulumi secret whatever is passed. Changed in place. */
    value: pulumi.Input<string>;
    /** At most 255 characters. Changed in place. */
    description?: pulumi.Input<string>;
    /** Take over the parent's own override of this target if it exists. Only `create` reads it. */
    adopt?: pulumi.Input<boolean>;
}

/**
 * A value for a secret of a higher scope, in an environment or a service; its key is its
 * target's. An override in a project is refused during preview (nothing is above a project).
 *
 * ```ts
 * new SecretOverride("db-password-staging", { environmentId, overriddenKey: "DB_PASSWORD", value: cfg.requireSecret("stagingDb") });
 * ```
 */
export class SecretOverride extends ScopedVariableResource {
    /** The target's key as the program gave it; undefined when named by id. */
    declare readonly overriddenKey: pulumi.Output<string | undefined>;
    /** The target's id as the program gave it; undefined when named by key. */
    declare readonly overriddenSecretId: pulumi.Output<string | undefined>;
    /** The key, which is its target's, as Qovery holds it. */
    declare readonly key: pulumi.Output<string>;
    /** The value (a Pulumi secret), as the program last wrote it. */
    declare readonly value: pulumi.Output<string>;
    /** Qovery's description; undefined when it has none. */
    declare readonly description: pulumi.Output<string | undefined>;
    /** The overridden secret as Qovery describes it (id, key, scope...), a Pulumi secret. */
    declare readonly overriddenSecret: pulumi.Output<TargetVariable | undefined>;

    /** Whether `obj` is a SecretOverride of this library, even across copies of it. */
    public static override isInstance(obj: unknown): obj is SecretOverride {
        return isResourceOfType(obj, "SecretOverride");
    }

    /**
     * @param name The resource's name in the program (unique among SecretOverrides).
     * @param args `value` and one scope input are required; and exactly one way to name the target.
     * @param opts Pulumi's resource options.
     */
    constructor(name: string, args: SecretOverrideArgs, opts?: pulumi.CustomResourceOptions) {
        requireProperties(args, ["value"], opts);
        super("SecretOverride", name, { ...args }, opts, ["key", "overriddenSecret"], ["value"]);
        claimScopedKey(this, "SecretOverride", name, args, args.overriddenKey);
        claimScopedOverride(this, "SecretOverride", name, args, args.overriddenSecretId);
    }
}
