// The route families the emulator serves. A new family: a module exporting a RouteFamily, listed here.
import type { RouteFamily } from "./family";
import { secretsFamily } from "./secrets";

export const ROUTE_FAMILIES: readonly RouteFamily[] = [secretsFamily];

export type { BodyRule, Operation, OperationRequest, RouteFamily } from "./family";
