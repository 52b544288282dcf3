export { JobSecret, type JobSecretArgs } from "./resources/jobSecret";
export { JobSecretAlias, type JobSecretAliasArgs } from "./resources/jobSecretAlias";
export { JobSecretOverride, type JobSecretOverrideArgs } from "./resources/jobSecretOverride";
export { JobEnvironmentVariable, type JobEnvironmentVariableArgs } from "./resources/jobEnvironmentVariable";
export {
    JobEnvironmentVariableAlias,
    type JobEnvironmentVariableAliasArgs,
} from "./resources/jobEnvironmentVariableAlias";
export {
    JobEnvironmentVariableOverride,
    type JobEnvironmentVariableOverrideArgs,
} from "./resources/jobEnvironmentVariableOverride";
export type { TargetVariable } from "./resources/common";
export { Secret, type SecretArgs } from "./resources/secret";
export { SecretAlias, type SecretAliasArgs } from "./resources/secretAlias";
export { SecretOverride, type SecretOverrideArgs } from "./resources/secretOverride";
export { EnvironmentVariable, type EnvironmentVariableArgs } from "./resources/environmentVariable";
export { EnvironmentVariableAlias, type EnvironmentVariableAliasArgs } from "./resources/environmentVariableAlias";
export {
    EnvironmentVariableOverride,
    type EnvironmentVariableOverrideArgs,
} from "./resources/environmentVariableOverride";
export type { ScopeArgs } from "./resources/scope";
export { Variables, type VariablesArgs, type VariableEntry } from "./resources/variables";
export { JobDeployment, type JobDeploymentArgs } from "./resources/jobDeployment";
export { Deployment, type DeploymentArgs } from "./resources/deployment";
export { JobVariables, type JobVariablesArgs, type JobVariableEntry } from "./resources/jobVariables";
export { DeploymentError } from "./deploy/errors";
export {
    ResourceValidationError,
    findDuplicateKeys,
    resetResourceValidation,
    validateResources,
    type DuplicateKey,
    type KeyClaim,
} from "./resources/validation";
export {
    AdoptionRefusedError,
    AbsenceNotProvenError,
    ApiError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    CreateOutcomeUnknownError,
    GatewayTimeoutError,
    NetworkError,
    NotFoundError,
    PermissionError,
    QoveryError,
    RateLimitError,
    ResponseFormatError,
    SecretOperationError,
    ServerError,
    TargetResolutionError,
    TimeoutError,
} from "./qovery/errors";
export { RateLimitExhaustedError } from "./qovery/rateGate";
export { QoveryClient, type QoveryClientOptions } from "./qovery/client";
export type { JobEnvironmentVariableInputs, JobSecretInputs, JobSecretOutputs } from "./engine/inputs";
// The wire rows of the job endpoints; `Secret` and `EnvironmentVariable` now name the classes of every scope.
export type {
    AliasRequest,
    EnvironmentVariable as EnvironmentVariableRow,
    EnvironmentVariableEditRequest,
    EnvironmentVariableRequest,
    OverrideRequest,
    Secret as SecretRow,
    SecretEditRequest,
    SecretRequest,
    Variable as VariableRow,
    VariableAliasRequest,
    VariableApi,
    VariableEditRequest,
    VariableOverrideRequest,
    VariableRequest,
} from "./qovery/wire";
