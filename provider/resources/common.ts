import * as pulumi from "@pulumi/pulumi";

/**
 * What the resource classes share: the output properties every row of Qovery's job lists has.
 */
/**
 * A dynamic resource exposes an output only if its name is among the registered properties:
 * every output the provider fills is registered as `undefined`.
 */
export function outputSlots(names: readonly string[]): Record<string, undefined> {
    return Object.fromEntries(names.map((n) => [n, undefined]));
}

/** The outputs of every row of the job's secret and environment variable lists. */
export const ROW_OUTPUTS = [
    "createdAt",
    "updatedAt",
    "scope",
    "variableType",
    "serviceId",
    "serviceName",
    "serviceType",
    "ownedBy",
] as const;

/**
 * The outputs each class keeps as Pulumi secrets in state, whatever the program passed: values
 * (a secret's, or an alias's, which is its target's) and every target object, which can carry
 * its target's value and cannot tell whether the program gave that value as a secret.
 */
export const SECRET_OUTPUTS = {
    JobSecret: ["value", "aliasedSecret", "overriddenSecret"],
    JobSecretAlias: ["aliasedSecret"],
    JobSecretOverride: ["value", "overriddenSecret"],
    JobEnvironmentVariable: ["aliasedVariable", "overriddenVariable"],
    JobEnvironmentVariableAlias: ["value", "aliasedVariable"],
    JobEnvironmentVariableOverride: ["overriddenVariable"],
    Secret: ["value"],
    SecretAlias: ["aliasedSecret"],
    SecretOverride: ["value", "overriddenSecret"],
    EnvironmentVariable: [],
    EnvironmentVariableAlias: ["value", "aliasedVariable"],
    EnvironmentVariableOverride: ["overriddenVariable"],
} as const satisfies Record<string, readonly string[]>;

/** The resource options with the class's secret outputs added to the program's own. */
export function withSecretOutputs(
    type: keyof typeof SECRET_OUTPUTS,
    opts: pulumi.CustomResourceOptions | undefined,
): pulumi.CustomResourceOptions {
    return {
        ...opts,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...SECRET_OUTPUTS[type]],
    };
}

/** The variable an alias or override points at, as Qovery describes it. */
export interface TargetVariable {
    id: string;
    key: string;
    /** `BUILT_IN`, `PROJECT`, `ENVIRONMENT`, `JOB`... */
    scope?: string;
    /** `VALUE`, `FILE`, `BUILT_IN`... */
    variableType?: string;
    mountPath?: string;
    /** Environment variables only: Qovery never returns a secret's value. */
    value?: string;
    description?: string;
    enableInterpolationInFile?: boolean;
}

/**
 * Turns off stack traces while a resource registers, returning the limit to put back. Pulumi's SDK
 * records `new Error().stack` on each promise it makes for each of a resource's properties, for
 * its promise-leak report only; under ts-node (which TypeScript programs run with) each of those
 * stacks is source-mapped frame by frame, the largest part of a constructor's cost. The
 * resource's own source position is unaffected: the SDK captures it with a limit of its own.
 */
export function withoutPromiseStacks(): number {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    return limit;
}

/**
 * The properties a class records itself, besides the program's arguments. The hooks are never
 * told the resource's URN: recorded so that an error about a resource that cannot be refreshed
 * or deleted can give the exact `pulumi state delete` command (check passes it, diff ignores it).
 */
export function recordedInputs(
    type: string,
    name: string,
    opts: pulumi.CustomResourceOptions | undefined,
): { __resourceUrn: Promise<string> | string } {
    if (opts?.parent === undefined) {
        // A resource without a parent is the stack's child: its URN is known now, as
        // pulumi.createUrn would build it, without the Outputs and promises it costs per resource.
        return {
            __resourceUrn: `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::pulumi-nodejs:dynamic/qovery:${type}::${name}`,
        };
    }
    const urn = pulumi.createUrn(name, `pulumi-nodejs:dynamic/qovery:${type}`, opts.parent);
    // A promise, not the Output: the Output depends on the parent, and Pulumi expands a dependency
    // on a component into all its children, a deadlock as soon as one child depends on another
    // (JobVariables' JobDeployment on its secrets). A URN is known even in preview.
    // `__`: Pulumi's display hides such keys, so a preview never lists it as an argument.
    return { __resourceUrn: new Promise((resolve) => urn.apply(resolve)) };
}

/**
 * The check generated Pulumi SDKs make for JavaScript callers, who have no compiler to name a
 * missing argument: `Missing required property 'jobId'` instead of a TypeError deep inside.
 * Skipped when looking up an existing resource (`opts.urn`), as they skip it.
 */
export function requireProperties(
    args: object | undefined,
    names: readonly string[],
    opts: pulumi.CustomResourceOptions | undefined,
): void {
    if (opts?.urn) return;
    for (const name of names) {
        if (!args || (args as Record<string, unknown>)[name] === undefined) {
            throw new Error(`Missing required property '${name}'`);
        }
    }
}

/** The Pulumi type token of a class of this library, e.g. `pulumi-nodejs:dynamic/qovery:JobSecret`. */
export function typeToken(type: string): string {
    return `pulumi-nodejs:dynamic/qovery:${type}`;
}

/**
 * Whether `obj` is a resource of the class whose type is `type`, by its Pulumi type token (as
 * generated SDKs check `__pulumiType`): true across copies of the library, false for any other
 * dynamic resource.
 */
export function isResourceOfType(obj: unknown, type: string): boolean {
    if (obj === undefined || obj === null) return false;
    return (obj as { __pulumiType?: unknown }).__pulumiType === typeToken(type);
}
