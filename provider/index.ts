export { JobSecret, type JobSecretArgs } from "./resources/jobSecret";
export {
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
    TimeoutError,
} from "./qovery/errors";
export { RateLimitExhaustedError } from "./qovery/rateGate";
export { QoveryClient, type QoveryClientOptions } from "./qovery/client";
export type { JobSecretInputs, JobSecretOutputs } from "./engine/inputs";
export type { Secret, SecretEditRequest, SecretRequest } from "./qovery/wire";
