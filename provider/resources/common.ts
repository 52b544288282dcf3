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
