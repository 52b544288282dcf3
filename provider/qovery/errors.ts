/**
 * Typed errors of the Qovery HTTP client and of the provider.
 *
 * Messages carry the method, the path (ids only) and Qovery's own message, never a
 * request body, a secret value or a token: they end up in `pulumi up` output and in
 * the provider's stderr.
 */
import { safeMessage } from "./messages";

/** Base class of every error this library throws on purpose. */
export class QoveryError extends Error {
    override readonly name: string = "QoveryError";
}

/** The provider is not configured well enough to reach the API (token, URL, scheme). */
export class ConfigurationError extends QoveryError {
    override readonly name: string = "ConfigurationError";
}

export interface ApiErrorInit {
    status: number;
    method: string;
    path: string;
    /** Qovery's message from `{detail}` or `{message}`, already cleaned of secrets. */
    qoveryMessage?: string;
    /**
     * Whether the body was an error in Qovery's shape (a JSON object with `detail`, `message` or
     * `error`, and a `status` equal to the HTTP status when it has one). A proxy's HTML page is not.
     */
    qoveryShaped?: boolean;
    retryAfterMs?: number;
}

/** The API answered with an HTTP status that is not a success. */
export class ApiError extends QoveryError {
    override readonly name: string = "ApiError";
    readonly status: number;
    readonly method: string;
    readonly path: string;
    readonly qoveryMessage: string | undefined;
    readonly qoveryShaped: boolean;

    constructor(init: ApiErrorInit, hint?: string) {
        super(describe(init, hint));
        this.status = init.status;
        this.method = init.method;
        this.path = init.path;
        this.qoveryMessage = init.qoveryMessage;
        this.qoveryShaped = init.qoveryShaped ?? false;
    }
}

function describe(init: ApiErrorInit, hint: string | undefined): string {
    const said = init.qoveryMessage ? `: ${init.qoveryMessage}` : "";
    const then = hint ? `. ${hint}` : "";
    return `Qovery API answered ${init.status} to ${init.method} ${init.path}${said}${then}`;
}

export class BadRequestError extends ApiError {
    override readonly name: string = "BadRequestError";
    declare readonly status: 400;
    constructor(init: ApiErrorInit) {
        super(init, "The API refused the request's content; check the secret's properties");
    }
}

export class AuthenticationError extends ApiError {
    override readonly name: string = "AuthenticationError";
    declare readonly status: 401;
    constructor(init: ApiErrorInit) {
        super(
            init,
            "The API token was not accepted: check `qovery:apiToken` (or QOVERY_API_TOKEN) and `qovery:authScheme`",
        );
    }
}

export class PermissionError extends ApiError {
    override readonly name: string = "PermissionError";
    declare readonly status: 403;
    constructor(init: ApiErrorInit) {
        super(
            init,
            "The token is not allowed to do this, or the job is not visible to it (Qovery answers 403 for some objects that do not exist): check the token's role and the job id",
        );
    }
}

export class NotFoundError extends ApiError {
    override readonly name: string = "NotFoundError";
    declare readonly status: 404;
    constructor(init: ApiErrorInit) {
        super(init, "The job or the secret does not exist: check the job id");
    }
}

/**
 * The key is taken. Qovery documents no 409 for these operations; the emulator answers 409 `Variable already
 * exists: KEY` (emulator/README.md, "Assumptions beyond the spec"), and a 400 whose message says the key already
 * exists means the same, so both are this error (`status` says which came).
 */
export class ConflictError extends ApiError {
    override readonly name: string = "ConflictError";
    declare readonly status: 409 | 400;
    /** `hint`: what the job's lists show for the key and what to do, when the caller looked. */
    constructor(init: ApiErrorInit, hint?: string) {
        super(
            init,
            hint ??
                "A secret or variable with this key already exists where Qovery looks (one key per job, service, environment or project across secrets and environment variables, and across the scopes one list shows): choose another key, or remove the existing one (an inherited secret or variable needs an override, not a new one). If you renamed the resource in your program without changing its key, Pulumi creates the new one before deleting the old: give the renamed resource the `aliases` option with its old name (`{ aliases: [{ name: 'old-name' }] }`) so that Pulumi sees the same resource",
        );
    }
}

/** `adopt: true` met a variable with the key that it must not take over (another scope, kind or target, or another resource's). */
export class AdoptionRefusedError extends QoveryError {
    override readonly name: string = "AdoptionRefusedError";
}

export class RateLimitError extends ApiError {
    override readonly name: string = "RateLimitError";
    declare readonly status: 429;
    /** How long the API asked us to wait, from `Retry-After` or `X-RateLimit-Reset`. */
    readonly retryAfterMs: number | undefined;
    constructor(init: ApiErrorInit) {
        const when =
            init.retryAfterMs === undefined
                ? "try again later"
                : `it resets at ${new Date(Date.now() + init.retryAfterMs).toISOString()}: run the command again after that`;
        super(init, `The API rate limit was reached (Qovery allows about 1000 requests an hour per token); ${when}`);
        this.retryAfterMs = init.retryAfterMs;
    }
}

export class ServerError extends ApiError {
    override readonly name: string = "ServerError";
    constructor(init: ApiErrorInit) {
        super(init, "Qovery had a server-side problem; try again later");
    }
}

/**
 * A create whose answer was lost met a variable with its key, and nothing tells whether this run
 * created it (no `Date` header to compare its creation time with): it is not adopted.
 */
export class CreateOutcomeUnknownError extends QoveryError {
    override readonly name: string = "CreateOutcomeUnknownError";
    /** The id of the secret (or variable) with the key. */
    readonly secretId: string;
    /**
     * `what`: the kind of object, for the message ("secret", "environment variable alias"...);
     * `api`: its collection in the job's path (`secret` or `environmentVariable`).
     */
    constructor(
        apiUrl: string,
        jobId: string,
        found: { id: string; created_at: string },
        what = "secret",
        api = "secret",
    ) {
        super(
            `the answer to the create was lost, and the job now has a ${what} with this key (id ${found.id}, created ${found.created_at}), but ${apiUrl} sent no Date header to compare that time with, so it cannot be told whether this run created it; it is not adopted. If nobody else created it, it is this run's: delete it (Qovery console, or DELETE ${apiUrl}/job/${jobId}/${api}/${found.id}) and run \`pulumi up\` again`,
        );
        this.secretId = found.id;
    }
}

/**
 * A create whose answer was lost, and whose outcome this run cannot check (the job's list
 * failed, or the server sent no `Date` header to compare creation times with). The resource is
 * kept in the state as pending (engine/pending.ts) and the next `up` or `refresh` resolves it.
 */
export class CreateOutcomePendingError extends QoveryError {
    override readonly name: string = "CreateOutcomePendingError";
    constructor(why: string, cause?: unknown) {
        super(
            `the outcome of the create is unknown: its answer was lost, and ${why}, so it cannot be told now whether it was created`,
            { cause },
        );
    }
}

/** 408 or 499: a proxy gave up waiting; Qovery may or may not have acted on the request. */
export class GatewayTimeoutError extends ApiError {
    override readonly name: string = "GatewayTimeoutError";
    constructor(init: ApiErrorInit) {
        super(init, "A proxy or gateway stopped waiting for the answer; try again later");
    }
}

/** The request never got an HTTP answer: refused, reset, or the connection dropped. */
export class NetworkError extends QoveryError {
    override readonly name: string = "NetworkError";
    readonly method: string;
    readonly path: string;
    /** Node's error code (ECONNREFUSED, ECONNRESET...), when there is one. */
    readonly code: string | undefined;
    constructor(method: string, path: string, code: string | undefined) {
        super(
            `No answer from the Qovery API to ${method} ${path} (${code ?? "connection failed"}): check the network and \`qovery:apiUrl\``,
        );
        this.method = method;
        this.path = path;
        this.code = code;
    }
}

/** The API did not answer within the request timeout. */
export class TimeoutError extends QoveryError {
    override readonly name: string = "TimeoutError";
    readonly method: string;
    readonly path: string;
    readonly timeoutMs: number;
    constructor(method: string, path: string, timeoutMs: number) {
        super(`The Qovery API did not answer ${method} ${path} within ${timeoutMs} ms; try again later`);
        this.method = method;
        this.path = path;
        this.timeoutMs = timeoutMs;
    }
}

/** The API answered 2xx with a body this client cannot read. */
export class ResponseFormatError extends QoveryError {
    override readonly name: string = "ResponseFormatError";
    readonly method: string;
    readonly path: string;
    constructor(method: string, path: string, problem: string) {
        super(
            `Unexpected answer from the Qovery API to ${method} ${path}: ${problem}. This is not how Qovery's API answers: check \`qovery:apiUrl\` (a proxy or a wrong path answers like this)`,
        );
        this.method = method;
        this.path = path;
    }
}

/**
 * A secret could not be shown to be gone: the answer that would have said so was not proven to
 * be Qovery's (a proxy's page, a wrong path, a 403). The secret is kept in the state.
 */
export class AbsenceNotProvenError extends QoveryError {
    override readonly name: string = "AbsenceNotProvenError";
}

/** A 400 that reports a taken key rather than a malformed request (the same words as the emulator's 409). */
function saysKeyExists(message: string | undefined): boolean {
    return message !== undefined && /\balready exists\b/i.test(message);
}

/** Builds the typed error for an HTTP status. */
export function apiErrorFor(init: ApiErrorInit): ApiError {
    switch (init.status) {
        case 400:
            return saysKeyExists(init.qoveryMessage) ? new ConflictError(init) : new BadRequestError(init);
        case 401:
            return new AuthenticationError(init);
        case 403:
            return new PermissionError(init);
        case 404:
            return new NotFoundError(init);
        case 409:
            return new ConflictError(init);
        case 429:
            return new RateLimitError(init);
        case 408:
        case 499:
            return new GatewayTimeoutError(init);
        default:
            return init.status >= 500 ? new ServerError(init) : new ApiError(init);
    }
}

export type SecretOperation = "create" | "update" | "refresh" | "delete";

/**
 * An alias or override names its target by key, and the job does not see exactly one
 * variable with that key that can be targeted. Says what the job sees for that key.
 */
export class TargetResolutionError extends QoveryError {
    override readonly name: string = "TargetResolutionError";
    readonly targetKey: string;
    /** What the job sees for the key: scope, variable type and id of each row. */
    readonly seen: readonly { scope: string; variableType: string; id: string }[];
    constructor(message: string, targetKey: string, seen: TargetResolutionError["seen"]) {
        super(message);
        this.targetKey = targetKey;
        this.seen = seen;
    }
}

/**
 * A hook's failure, saying which secret it was about. The cause's message is already
 * free of secrets; this adds the key, ids and operation so a user can find the resource.
 */
export class SecretOperationError extends QoveryError {
    override readonly name: string = "SecretOperationError";
    readonly operation: SecretOperation;
    readonly key: string | undefined;
    readonly jobId: string | undefined;
    readonly secretId: string | undefined;

    constructor(
        operation: SecretOperation,
        target: { key?: string; jobId?: string; secretId?: string; noun?: string; parent?: string },
        cause: unknown,
        hidden: readonly (string | undefined)[] = [],
        /** What to do next, when the cause's own advice is not the whole story. */
        next?: string,
    ) {
        // The noun names the resource class ("job secret", "job environment variable alias"...).
        const noun = `Qovery ${target.noun ?? "job secret"}`;
        const what = [
            target.key === undefined ? noun : `${noun} "${target.key}"`,
            target.secretId === undefined ? "" : ` (id ${target.secretId})`,
            // `parent` names any scope's parent ("environment …"); `jobId` is the job classes' own.
            target.parent !== undefined
                ? ` in ${target.parent}`
                : target.jobId === undefined
                  ? ""
                  : ` in job ${target.jobId}`,
        ].join("");
        // Our own errors are built from cleaned text; Qovery's part of them is cleaned again of
        // these values (a list or a DELETE did not know them); anything else may quote anything.
        const why =
            cause instanceof ApiError && cause.qoveryMessage
                ? cause.message.replace(cause.qoveryMessage, safeMessage(cause.qoveryMessage, hidden))
                : cause instanceof QoveryError
                  ? cause.message
                  : safeMessage(
                        `unexpected ${(cause as Error)?.name ?? "error"}: ${(cause as Error)?.message ?? String(cause)}`,
                        hidden,
                    );
        super(`Could not ${operation} ${what}: ${why}${next ? `. ${next}` : ""}`, { cause });
        this.operation = operation;
        this.key = target.key;
        this.jobId = target.jobId;
        this.secretId = target.secretId;
    }
}

/**
 * Failures after which the server may or may not have acted on a request that is not
 * idempotent (a create, a redeploy): the answer was lost, not refused.
 */
export function isOutcomeUnknown(err: unknown): boolean {
    if (err instanceof NetworkError) return err.code !== "ECONNREFUSED";
    return (
        err instanceof ServerError ||
        err instanceof GatewayTimeoutError ||
        err instanceof TimeoutError ||
        err instanceof ResponseFormatError
    );
}
