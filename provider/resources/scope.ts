/**
 * What the classes of every scope share: where the variable lives (exactly one of the scope
 * table's inputs), the outputs every row of `GET /variable` has, and the construction of the
 * resource. A class adds its own arguments and outputs; a new scope is an entry of the scope
 * table (../engine/scopes.ts) and one input here.
 */
import * as pulumi from "@pulumi/pulumi";
import { SCOPES } from "../engine/scopes";
import { kindProvider } from "../provider";
import { ROW_OUTPUTS, outputSlots, recordedInputs, withSecretOutputs, withoutPromiseStacks } from "./common";
import { withRunHints } from "./registration";
import { claimKey, claimOverriddenId } from "./validation";

/** Where the variable lives: exactly one of these (refused during preview otherwise). Changing it replaces the resource. */
export interface ScopeArgs {
    /** A project's: seen by every environment and service of the project. */
    projectId?: pulumi.Input<string>;
    /** An environment's: seen by every service of the environment. */
    environmentId?: pulumi.Input<string>;
    /** An application's own. */
    applicationId?: pulumi.Input<string>;
    /** A container's own. */
    containerId?: pulumi.Input<string>;
    /** A job's own, over `/variable` (the `Job*` classes use the job's own endpoints). */
    jobId?: pulumi.Input<string>;
    /** A helm service's own. */
    helmId?: pulumi.Input<string>;
    /** A terraform service's own. */
    terraformId?: pulumi.Input<string>;
}

/** The class names of every scope, each the key of its kind in the kind table and of its secret outputs. */
export type ScopedType =
    | "Secret"
    | "SecretAlias"
    | "SecretOverride"
    | "EnvironmentVariable"
    | "EnvironmentVariableAlias"
    | "EnvironmentVariableOverride";

/**
 * What every variable of every scope has: the fields Qovery returns for each row of
 * `GET /variable`, and the scope inputs. The six classes extend it.
 */
export abstract class ScopedVariableResource extends pulumi.dynamic.Resource {
    /** The project's id when the variable is a project's, in lower case. */
    declare readonly projectId: pulumi.Output<string | undefined>;
    /** The environment's id when the variable is an environment's, in lower case. */
    declare readonly environmentId: pulumi.Output<string | undefined>;
    /** The application's id when the variable is an application's, in lower case. */
    declare readonly applicationId: pulumi.Output<string | undefined>;
    /** The container's id when the variable is a container's, in lower case. */
    declare readonly containerId: pulumi.Output<string | undefined>;
    /** The job's id when the variable is a job's, in lower case. */
    declare readonly jobId: pulumi.Output<string | undefined>;
    /** The helm service's id when the variable is a helm service's, in lower case. */
    declare readonly helmId: pulumi.Output<string | undefined>;
    /** The terraform service's id when the variable is a terraform service's, in lower case. */
    declare readonly terraformId: pulumi.Output<string | undefined>;
    /** When Qovery created it (ISO 8601). */
    declare readonly createdAt: pulumi.Output<string>;
    /** When Qovery last changed it (ISO 8601); undefined when Qovery's answer has none. */
    declare readonly updatedAt: pulumi.Output<string | undefined>;
    /** Where it lives for Qovery: `PROJECT`, `ENVIRONMENT`, `APPLICATION`, `CONTAINER`, `JOB`, `HELM` or `TERRAFORM`. */
    declare readonly scope: pulumi.Output<string | undefined>;
    /** Qovery's type for it: `VALUE`, `FILE` (a mount path), `ALIAS` or `OVERRIDE`. */
    declare readonly variableType: pulumi.Output<string | undefined>;
    /** Whether Qovery keeps it as a secret (its value is never returned). */
    declare readonly isSecret: pulumi.Output<boolean | undefined>;
    /** The service it belongs to, when Qovery's answer names one. */
    declare readonly serviceId: pulumi.Output<string | undefined>;
    /** That service's name, when Qovery's answer names one. */
    declare readonly serviceName: pulumi.Output<string | undefined>;
    /** That service's type (`APPLICATION`, `CONTAINER`, ...), when Qovery's answer names one. */
    declare readonly serviceType: pulumi.Output<string | undefined>;
    /** Who owns it for Qovery (e.g. `QOVERY`); undefined when its answer did not say. */
    declare readonly ownedBy: pulumi.Output<string | undefined>;

    /**
     * @param type The class's name, which is its kind's.
     * @param outputs The class's own outputs beyond its arguments and the common ones.
     * @param hidden Arguments kept secret whatever the caller passed (a secret's value).
     */
    protected constructor(
        type: ScopedType,
        name: string,
        args: ScopeArgs & Record<string, unknown>,
        opts: pulumi.CustomResourceOptions | undefined,
        outputs: readonly string[],
        hidden: readonly string[] = [],
    ) {
        const limit = withoutPromiseStacks();
        try {
            const props: Record<string, unknown> = withRunHints(
                {
                    ...args,
                    ...Object.fromEntries(hidden.map((n) => [n, pulumi.secret(args[n] as pulumi.Input<string>)])),
                    ...recordedInputs(type, name, opts),
                    ...outputSlots([...ROW_OUTPUTS, "isSecret", ...outputs]),
                },
                // Only a plain variable's create can join a batch (an alias's or override's never does).
                type === "Secret" || type === "EnvironmentVariable" ? args : undefined,
            );
            super(
                kindProvider(type.charAt(0).toLowerCase() + type.slice(1)),
                name,
                props,
                withSecretOutputs(type, opts),
                "qovery",
                type,
            );
        } finally {
            Error.stackTraceLimit = limit;
        }
    }
}

/**
 * The parent the arguments name, for the program-wide key check: the first scope input set
 * (check refuses more than one), and what it names.
 */
function parentArg(args: ScopeArgs): { id: pulumi.Input<string>; noun: string } | undefined {
    for (const scope of Object.values(SCOPES)) {
        const id = (args as Record<string, pulumi.Input<string> | undefined>)[scope.field];
        if (id !== undefined) return { id, noun: scope.noun };
    }
    return undefined;
}

/** Records the key the resource holds in its parent: two resources of the program with one key in one parent fail the preview. */
export function claimScopedKey(
    resource: pulumi.Resource,
    type: ScopedType,
    name: string,
    args: ScopeArgs,
    key: pulumi.Input<string> | undefined,
): void {
    const parent = parentArg(args);
    if (parent !== undefined) claimKey(resource, type, name, parent.id, key, parent.noun);
}

/** Records the variable an override named by id overrides in its parent: one override per variable and parent. */
export function claimScopedOverride(
    resource: pulumi.Resource,
    type: ScopedType,
    name: string,
    args: ScopeArgs,
    targetId: pulumi.Input<string> | undefined,
): void {
    const parent = parentArg(args);
    if (parent !== undefined) claimOverriddenId(resource, type, name, parent.id, targetId, parent.noun);
}
