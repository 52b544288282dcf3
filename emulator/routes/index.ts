// The route families the emulator serves. A new family: a module exporting a RouteFamily, listed here.
import { contractForFamilies, type OpenApiContract } from "../openapi";
import type { RouteFamily } from "./family";
import { deploymentsFamily } from "./deployments";
import { secretsFamily } from "./secrets";
import { variablesFamily } from "./variables";

export const ROUTE_FAMILIES: readonly RouteFamily[] = [secretsFamily, variablesFamily, deploymentsFamily];

export type { BodyRule, Operation, OperationRequest, RouteFamily } from "./family";

/** The spec extracts of every family, united: what the emulator validates against (and contract tests use). */
export function emulatorContract(): OpenApiContract {
    return contractForFamilies(ROUTE_FAMILIES);
}
