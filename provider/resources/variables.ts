/**
 * Variables: the secrets and plain variables of one project, environment or service given as
 * maps, and with `redeployOnChange` one Deployment that redeploys the environment or the
 * service when any of them changes.
 */
import * as pulumi from "@pulumi/pulumi";
import { SCOPES, type ScopeSpec } from "../engine/scopes";
import { requireProperties } from "./common";
import { Deployment, type DeploymentArgs } from "./deployment";
import { EnvironmentVariable, type EnvironmentVariableArgs } from "./environmentVariable";
import type { ScopeArgs } from "./scope";
import { Secret, type SecretArgs } from "./secret";
import { type EntryInput, childTriggers, childrenOf, entryArgs } from "./variableMaps";

export type { VariableEntry } from "./variableMaps";

/** Exactly one scope input (as on {@link Secret}), and the maps. */
export interface VariablesArgs extends ScopeArgs {
    /** Secrets by key: a value (always stored as a secret), or a value with settings. */
    secrets?: Record<string, EntryInput>;
    /** Plain environment variables by key: a value, or a value with settings. */
    environmentVariables?: Record<string, EntryInput>;
    /**
     * Redeploy, once, after any of them is created, changed or replaced: the service, or at
     * environment scope the whole environment. Refused at project scope (a project is not
     * deployed). Default false.
     */
    redeployOnChange?: boolean;
    /** Passed to the Deployment (defaults: wait, 1800 s). */
    deployment?: { waitForCompletion?: pulumi.Input<boolean>; timeoutSeconds?: pulumi.Input<number> };
    /** Passed to every child: take over an existing secret or variable with the same key (see `adopt` on Secret). */
    adopt?: pulumi.Input<boolean>;
}

const VARIABLES_TYPE = "qovery:index:Variables";

/**
 * The secrets and plain environment variables of one project, environment or service given as
 * maps: one Secret or EnvironmentVariable per entry, and, with `redeployOnChange`, one
 * Deployment of what they belong to.
 *
 * ```ts
 * new Variables("api", {
 *     applicationId: app.id,
 *     secrets: { DB_PASSWORD: cfg.requireSecret("dbPassword") },
 *     environmentVariables: { LOG_LEVEL: "info" },
 *     redeployOnChange: true,
 * });
 * ```
 */
export class Variables extends pulumi.ComponentResource {
    /** The secrets, by key. */
    readonly secrets: Record<string, Secret>;
    /** The plain variables, by key. */
    readonly environmentVariables: Record<string, EnvironmentVariable>;
    /** The redeploy, with `redeployOnChange`. */
    readonly deployment: Deployment | undefined;

    /** Whether `obj` is a Variables component (of any copy of the library). */
    public static override isInstance(obj: unknown): obj is Variables {
        return obj !== undefined && obj !== null && (obj as { __pulumiType?: unknown }).__pulumiType === VARIABLES_TYPE;
    }

    /**
     * @param name The component's name; its children are named `<name>-secret-<KEY>`,
     *   `<name>-variable-<KEY>` and `<name>-redeploy`.
     * @param args Exactly one scope input.
     * @param opts Pulumi's component options.
     */
    constructor(name: string, args: VariablesArgs, opts?: pulumi.ComponentResourceOptions) {
        requireProperties(args, [], opts);
        super(VARIABLES_TYPE, name, {}, opts);
        // Refused while the program runs, so during preview, before any API call.
        const scopes = Object.values<ScopeSpec>(SCOPES).filter(
            (s) => (args as Record<string, unknown>)[s.field] !== undefined,
        );
        if (scopes.length !== 1) {
            const all = Object.values(SCOPES)
                .map((s) => `"${s.field}"`)
                .join(", ");
            throw new pulumi.ResourceError(
                scopes.length === 0
                    ? `Variables "${name}": one of ${all} is required: where the variables live`
                    : `Variables "${name}": set exactly one of ${all}, not ${scopes.map((s) => `"${s.field}"`).join(" and ")}: declare one Variables per scope`,
                this,
            );
        }
        const scope = scopes[0];
        const parentId = (args as Record<string, pulumi.Input<string>>)[scope.field];
        if (args.redeployOnChange && scope.redeploy === undefined) {
            throw new pulumi.ResourceError(
                `Variables "${name}": "redeployOnChange" is refused at ${scope.noun} scope: a ${scope.noun} is not deployed, its environments' services are. Remove it, and redeploy each environment that uses these variables with a Deployment ({ environmentId, triggers: [...] }), or set "redeployOnChange" on a Variables of the environment or the service`,
                this,
            );
        }
        const parent = { parent: this };
        const childArgs = (key: string, entry: EntryInput) => ({
            [scope.field]: parentId,
            ...entryArgs(key, entry, args.adopt),
        });
        ({ secrets: this.secrets, environmentVariables: this.environmentVariables } = childrenOf(name, args, {
            secret: (child, key, entry) => new Secret(child, childArgs(key, entry) as SecretArgs, parent),
            variable: (child, key, entry) =>
                new EnvironmentVariable(child, childArgs(key, entry) as EnvironmentVariableArgs, parent),
        }));
        this.deployment = args.redeployOnChange
            ? new Deployment(
                  `${name}-redeploy`,
                  {
                      // The scope's input is the Deployment's own for the same target (environmentId, applicationId...).
                      [scope.field]: parentId,
                      triggers: childTriggers(
                          this.secrets,
                          this.environmentVariables,
                          args.secrets,
                          args.environmentVariables,
                      ),
                      ...args.deployment,
                  } as DeploymentArgs,
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
