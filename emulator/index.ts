/**
 * `pulumi-qovery-secrets/emulator`: a local Qovery API emulator for tests of Pulumi programs
 * (docs/testing-offline.md). Loaded only from this path: the library itself (`pulumi-qovery-secrets`)
 * never imports it, so its dependencies (ajv, yaml) are not loaded by a program's `pulumi up`.
 */
export { startEmulator, DEFAULT_TOKEN, type EmulatorOptions, type RunningEmulator } from "./server";
export { EmulatorAdmin } from "./admin";
export {
    OpenApiContract,
    defaultSpecPath,
    contractForFamilies,
    jobSecretsContract,
    matchOperation,
    validateRequestBody,
    validateResponseBody,
    type OpenApiDocument,
    type OperationMatch,
    type PathMatch,
    type ValidationResult,
} from "./openapi";
export { emulatorContract, ROUTE_FAMILIES, type RouteFamily, type Operation } from "./routes";
export type * from "./types";
export { CHAOS_KINDS, SERVICE_KINDS } from "./types";
