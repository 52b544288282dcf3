export { JobSecret, type JobSecretArgs } from "./jobSecret";
export {
    ApiError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    NetworkError,
    NotFoundError,
    PermissionError,
    QoveryError,
    RateLimitError,
    ResponseFormatError,
    SecretOperationError,
    ServerError,
    TimeoutError,
} from "./errors";
export { QoveryClient, type QoveryClientOptions } from "./client";
export type { JobSecretInputs, JobSecretOutputs, Secret, SecretEditRequest, SecretRequest } from "./schemas";
