// Public surface of the Qovery API emulator (test tooling; not part of the published package).
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
export { CHAOS_KINDS } from "./types";
