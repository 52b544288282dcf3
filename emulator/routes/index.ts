// The route families the emulator serves. A new family: a module exporting a RouteFamily, listed here.
import { contractForFamilies, type OpenApiContract } from "../openapi";
import type { RouteFamily } from "./family";
import { deploymentsFamily, environmentDeploymentsFamily, serviceDeploymentsFamily } from "./deployments";
import { importFamily } from "./imports";
import { secretsFamily } from "./secrets";
import { unifiedFamily } from "./unified";
import { variablesFamily } from "./variables";

export const ROUTE_FAMILIES: readonly RouteFamily[] = [
    secretsFamily,
    variablesFamily,
    deploymentsFamily,
    unifiedFamily,
    serviceDeploymentsFamily,
    environmentDeploymentsFamily,
    importFamily,
];

export type { BodyRule, Operation, OperationRequest, RouteFamily, SubjectKind } from "./family";

/** The spec extracts of every family, united: what the emulator validates against (and contract tests use). */
export function emulatorContract(): OpenApiContract {
    return contractForFamilies(ROUTE_FAMILIES);
}
