/**
 * Where the provider reads its credentials and endpoint: stack config first
 * (`qovery:apiToken`, `qovery:apiUrl`, `qovery:authScheme`), then the environment
 * (`QOVERY_API_TOKEN`, `QOVERY_API_URL`, `QOVERY_AUTH_SCHEME`).
 *
 * Everything here is read at run time in the provider process, never captured into
 * the serialized provider, so the token cannot reach the state.
 */
import { ConfigurationError } from "./errors";

export const DEFAULT_API_URL = "https://api.qovery.com";

export type AuthScheme = "Token" | "Bearer";

/** The raw settings, as given by stack config or the environment. */
export interface RawSettings {
    apiToken?: string;
    apiUrl?: string;
    authScheme?: string;
    requestTimeoutMs?: string;
    /** `qovery:bulkCreate` / QOVERY_BULK_CREATE: "false" sends one POST per created variable. */
    bulkCreate?: string;
    /** `true` lets `apiUrl` use plain http to a host that is not loopback (a test host such as a docker-compose service). */
    allowInsecureHttp?: string;
}

/** Settings ready for the HTTP client. */
export interface ResolvedSettings {
    token: string;
    baseUrl: string;
    authScheme: AuthScheme;
    /** Per attempt; the client's default when unset. */
    timeoutMs?: number;
}

/** The part of Pulumi's dynamic-provider config object that we use. */
export interface ConfigReader {
    get(key: string): string | undefined;
}

export function settingsFromConfig(config: ConfigReader): RawSettings {
    return {
        apiToken: config.get("qovery:apiToken"),
        apiUrl: config.get("qovery:apiUrl"),
        authScheme: config.get("qovery:authScheme"),
        requestTimeoutMs: config.get("qovery:requestTimeoutMs"),
        bulkCreate: config.get("qovery:bulkCreate"),
        allowInsecureHttp: config.get("qovery:allowInsecureHttp"),
    };
}

export function settingsFromEnv(env: NodeJS.ProcessEnv): RawSettings {
    return {
        apiToken: env.QOVERY_API_TOKEN,
        apiUrl: env.QOVERY_API_URL,
        authScheme: env.QOVERY_AUTH_SCHEME,
        requestTimeoutMs: env.QOVERY_REQUEST_TIMEOUT_MS,
        bulkCreate: env.QOVERY_BULK_CREATE,
        allowInsecureHttp: env.QOVERY_ALLOW_INSECURE_HTTP,
    };
}

/** Stack config wins over the environment, field by field; empty strings count as unset. */
export function resolveSettings(config: RawSettings, env: RawSettings): ResolvedSettings {
    const token = nonEmpty(config.apiToken) ?? nonEmpty(env.apiToken);
    if (token === undefined) {
        throw new ConfigurationError(
            "No Qovery API token: set it with `pulumi config set --secret qovery:apiToken <token>` or the QOVERY_API_TOKEN environment variable",
        );
    }
    const baseUrl = resolveApiUrl(config, env);
    const scheme = nonEmpty(config.authScheme) ?? nonEmpty(env.authScheme);
    const timeout = nonEmpty(config.requestTimeoutMs) ?? nonEmpty(env.requestTimeoutMs);
    return {
        token,
        baseUrl,
        authScheme: scheme === undefined ? guessAuthScheme(token) : parseAuthScheme(scheme),
        ...(timeout === undefined ? {} : { timeoutMs: parseTimeout(timeout) }),
    };
}

/**
 * The API URL in force, checked: needs no token, so `check` runs it during preview and a wrong
 * URL is refused before any API call.
 */
export function resolveApiUrl(config: RawSettings, env: RawSettings): string {
    const insecure = nonEmpty(config.allowInsecureHttp) ?? nonEmpty(env.allowInsecureHttp);
    return normalizeApiUrl(nonEmpty(config.apiUrl) ?? nonEmpty(env.apiUrl) ?? DEFAULT_API_URL, {
        allowInsecureHttp: insecure === undefined ? false : parseBoolean(insecure),
    });
}

function parseBoolean(raw: string): boolean {
    const lower = raw.toLowerCase();
    if (lower === "true" || lower === "1") return true;
    if (lower === "false" || lower === "0") return false;
    throw new ConfigurationError("`qovery:allowInsecureHttp` (or QOVERY_ALLOW_INSECURE_HTTP) must be true or false");
}

function parseTimeout(raw: string): number {
    const ms = Number(raw);
    if (!Number.isInteger(ms) || ms < 100 || ms > 600_000) {
        throw new ConfigurationError(
            "`qovery:requestTimeoutMs` (or QOVERY_REQUEST_TIMEOUT_MS) must be a whole number of milliseconds between 100 and 600000",
        );
    }
    return ms;
}

function nonEmpty(v: string | undefined): string | undefined {
    const t = v?.trim();
    return t === undefined || t === "" ? undefined : t;
}

/**
 * Checks and normalizes the API URL. Plain http is only allowed to loopback addresses
 * (a local emulator or proxy): anywhere else the token would cross the network in clear,
 * unless the user opted in for a test host (`allowInsecureHttp`).
 */
export function normalizeApiUrl(raw: string, options: { allowInsecureHttp?: boolean } = {}): string {
    let url: URL;
    try {
        url = new URL(raw);
    } catch {
        throw new ConfigurationError(
            `The Qovery API URL is not a valid URL: check \`qovery:apiUrl\` or QOVERY_API_URL (expected e.g. ${DEFAULT_API_URL})`,
        );
    }
    if (url.username || url.password) {
        throw new ConfigurationError(
            "The Qovery API URL must not carry credentials: set the token with `qovery:apiToken` instead",
        );
    }
    if (url.protocol === "http:" && !isLoopback(url.hostname) && options.allowInsecureHttp !== true) {
        throw new ConfigurationError(
            `Refusing plain http for ${url.hostname} in \`qovery:apiUrl\` (or QOVERY_API_URL): the API token would travel unencrypted. Use https, or http only to a loopback address; for a test host (a docker-compose service, say), opt in with \`pulumi config set qovery:allowInsecureHttp true\` (or QOVERY_ALLOW_INSECURE_HTTP=true)`,
        );
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
        throw new ConfigurationError(`The Qovery API URL must use https, not ${url.protocol}`);
    }
    if (url.search || url.hash) {
        throw new ConfigurationError("The Qovery API URL must not have a query string or a fragment");
    }
    return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

export function isLoopback(hostname: string): boolean {
    const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
    return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

export function parseAuthScheme(raw: string): AuthScheme {
    const lower = raw.trim().toLowerCase();
    if (lower === "token") return "Token";
    if (lower === "bearer") return "Bearer";
    throw new ConfigurationError(
        `Unknown Qovery auth scheme "${raw.slice(0, 20)}": set \`qovery:authScheme\` (or QOVERY_AUTH_SCHEME) to Token or Bearer`,
    );
}

/**
 * `Bearer` for JWTs (three dot-separated parts whose header decodes to a JSON object),
 * `Token` for Qovery API tokens. Qovery's CLI makes the same choice from the token's shape.
 */
export function guessAuthScheme(token: string): AuthScheme {
    const parts = token.split(".");
    if (parts.length !== 3) return "Token";
    try {
        const header: unknown = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
        return header !== null && typeof header === "object" && !Array.isArray(header) ? "Bearer" : "Token";
    } catch {
        return "Token";
    }
}

export function authorizationHeader(settings: Pick<ResolvedSettings, "token" | "authScheme">): string {
    return `${settings.authScheme} ${settings.token}`;
}

/**
 * Whether creates are coalesced into imports (`qovery:bulkCreate`, else QOVERY_BULK_CREATE;
 * default true). Anything but true or false is refused, naming the setting.
 */
export function resolveBulkCreate(config: RawSettings, env: RawSettings): boolean {
    const raw = (nonEmpty(config.bulkCreate) ?? nonEmpty(env.bulkCreate))?.trim().toLowerCase();
    if (raw === undefined || raw === "true") return true;
    if (raw === "false") return false;
    throw new ConfigurationError("`qovery:bulkCreate` (or QOVERY_BULK_CREATE) must be true or false");
}
