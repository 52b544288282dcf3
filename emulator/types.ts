// Wire types of the emulator's test-only admin API, shared by the server and the EmulatorAdmin client.

export type ErrorShape = "detail" | "message";

export interface RateLimitConfig {
    limit: number;
    windowSeconds: number;
    /** Also send `Retry-After: <seconds until reset>` on the limiter's 429 (default false: Qovery documents none). */
    retryAfter?: boolean;
}

/** What chaos mode may do to a public request. */
export type ChaosKind =
    "500" | "502" | "503" | "429-reset" | "429-retry-after" | "drop-before" | "drop-after" | "delay";

export const CHAOS_KINDS: readonly ChaosKind[] = [
    "500",
    "502",
    "503",
    "429-reset",
    "429-retry-after",
    "drop-before",
    "drop-after",
    "delay",
];

/** Random faults on public requests. */
export interface ChaosConfig {
    /** Probability (0..1) that an eligible request is faulted. */
    rate: number;
    /** Seeds the PRNG (mulberry32): the same sequential request sequence then meets the same faults. */
    seed?: number;
    /** Chosen uniformly; repeat a kind to weight it. Default: all kinds. */
    kinds?: ChaosKind[];
    /** How late a "delay" fault answers (default 2000). */
    delayMs?: number;
    /** Only requests with these methods are eligible. Default: all. */
    methods?: string[];
}

export interface EmulatorConfig {
    rateLimit: RateLimitConfig;
    latencyMs: number;
    errorShape: ErrorShape;
    /** null: no chaos. */
    chaos: ChaosConfig | null;
    /** Largest accepted public request body; larger ones get a 413. Default 16 MiB. */
    maxBodyBytes: number;
}

/** Counters since start, the last POST /__admin/reset or DELETE /__admin/requests. */
export interface EmulatorStats {
    /** Public requests received (every one, whatever its outcome). */
    requests: number;
    byMethod: Record<string, number>;
    /** Per fault kind, as in RequestLogEntry.fault: programmed ("status", "drop-before", ...) and "chaos:<kind>". */
    faults: Record<string, number>;
    /** 429s produced by the rate limiter itself (not by faults). */
    rateLimited: number;
}

/**
 * A secret or an environment variable as the emulator stores it: includes what the public API never
 * returns (a secret's value and mount path).
 */
export interface StoredSecret {
    id: string;
    key: string;
    /** null for a secret created without a value, and for an alias (it has its parent's value). */
    value: string | null;
    mount_path: string | null;
    description: string | null;
    enable_interpolation_in_file: boolean;
    /** The spec's APIVariableScopeEnum: the scope of the parent that holds it, or "BUILT_IN". */
    scope: string;
    /**
     * The project, environment or service that holds it (a BUILT_IN row: its environment or service).
     * Absent only in rows of a version 1 or 2 state file, which load fills in.
     */
    parent_id: string;
    /** A secret (listed by the secret routes, value never shown) or a plain variable. */
    is_secret: boolean;
    created_at: string;
    updated_at: string;
    /** For an alias: the id of the secret (or variable) it aliases, in the alias's parent's list. */
    alias_of?: string;
    /** For an override: the id of the secret (or variable) it overrides, of a higher scope. */
    override_of?: string;
    /**
     * A `variable_type` the public API cannot make (seeded only), e.g. `EXTERNAL_SECRET` or
     * `FILE_EXTERNAL_SECRET` (made through Qovery's `/variable` API); else derived from the entry.
     */
    variable_type?: string;
    /** `owned_by` as listed; absent: "QOVERY", what Qovery answers for what it makes. */
    owned_by?: string;
}

/** An environment variable: stored like a secret (its value and mount path are public, though). */
export type StoredVariable = StoredSecret;

export interface JobInfo {
    id: string;
    name: string;
}

/** The service kinds of the emulator's world: the spec's scopes of a service. */
export type ServiceKind = "APPLICATION" | "CONTAINER" | "JOB" | "HELM" | "TERRAFORM";
export const SERVICE_KINDS: readonly ServiceKind[] = ["APPLICATION", "CONTAINER", "JOB", "HELM", "TERRAFORM"];

/** A project (GET /__admin/projects). */
export interface ProjectInfo {
    id: string;
    name: string;
}

/** An environment, in a project (GET /__admin/environments). */
export interface EnvironmentInfo {
    id: string;
    name: string;
    project_id: string;
}

/** A service of any kind, in an environment (GET /__admin/services). */
export interface ServiceInfo {
    id: string;
    name: string;
    kind: ServiceKind;
    environment_id: string;
}

/** Body of POST /__admin/variables: a row of any scope, put straight into the store. */
export interface SeedRow extends SeedSecret {
    /** The project, environment or service that holds it (for BUILT_IN: an environment or a service). */
    parent_id: string;
    is_secret: boolean;
}

/**
 * Body of POST /__admin/jobs/{jobId}/secrets and /variables: puts an entry straight into the store,
 * e.g. an inherited PROJECT, ENVIRONMENT or BUILT_IN one.
 */
export interface SeedSecret {
    key: string;
    value?: string | null;
    mount_path?: string | null;
    description?: string | null;
    enable_interpolation_in_file?: boolean;
    /** One of the spec's APIVariableScopeEnum; default "JOB". */
    scope?: string;
    id?: string;
    /** One of the spec's APIVariableTypeEnum, e.g. "EXTERNAL_SECRET"; default: derived (VALUE, FILE, BUILT_IN). */
    variable_type?: string;
    /** The spec's "Entity that created/own the variable (i.e: Qovery, Doppler)"; default "QOVERY". */
    owned_by?: string;
}

export type SeedVariable = SeedSecret;

/** Public requests by spec operation ("POST /job/{jobId}/deploy"), whatever their outcome, by status. */
export type OperationStats = Record<string, { requests: number; byStatus: Record<string, number> }>;

export type DeploymentOutcome = "success" | "failure";

/** How long a deployment stays in each step before its outcome. */
export interface DeploymentTiming {
    /** DEPLOYMENT_QUEUED lasts this long (default 500). */
    queuedMs: number;
    /** Then DEPLOYING lasts this long (default 2000). */
    deployingMs: number;
}

/** Body of POST /__admin/jobs/{jobId}/deployments/next: the next deployment's outcome and durations. */
export interface ProgrammedDeployment {
    /** Default "success". */
    outcome?: DeploymentOutcome;
    queuedMs?: number;
    deployingMs?: number;
}

/** One deploy or redeploy request the emulator accepted (GET /__admin/jobs/{jobId}/deployments). */
export interface DeploymentRecord {
    /** The Status's deployment_request_id. */
    id: string;
    action: "deploy" | "redeploy";
    /** The JobDeployRequest body, or null (none, or a redeploy). */
    request: { image_tag?: string; git_commit_id?: string } | null;
    /** The forceEvent query parameter, or null. */
    force_event: string | null;
    requested_at: string;
    queued_ms: number;
    deploying_ms: number;
    outcome: DeploymentOutcome;
    /** The service's revision (writes to what its list shows) when the deployment was requested. */
    revision: number;
    /** On a service's record: the environment whose redeploy made it (the same id as the environment's record). */
    environment_id?: string;
    /** On an environment's record: the services it redeployed. */
    services?: string[];
}

export type AuthorizationScheme = "Token" | "Bearer" | "none" | "other";

export interface RequestLogEntry {
    seq: number;
    method: string;
    path: string;
    /** Status the emulator produced; 0 when a fault dropped the connection before any operation. */
    status: number;
    /** Parsed JSON request body, or null when absent or malformed. */
    body: unknown;
    /** The request body matched the spec's request schema for this operation. */
    valid: boolean;
    /** The scheme only: the credentials are never recorded. */
    authorization: AuthorizationScheme;
    /** Which fault, if any, shaped this request. */
    fault?: FaultKind;
}

export type ProgrammedFaultKind = "status" | "drop-before" | "drop-after" | "delay";
export type FaultKind = ProgrammedFaultKind | `chaos:${ChaosKind}`;

export interface FaultSpec {
    /** HTTP method, or "*". */
    method: string;
    /** Concrete path, a template with {placeholders} (one segment each), or "*". */
    path: string;
    /** How many matching requests this fault applies to (default 1). */
    times?: number;
    /** Answer with this status (and body/headers) instead of performing the operation. */
    status?: number;
    /** Response body for `status`: strings are sent as-is, anything else as JSON. */
    body?: unknown;
    headers?: Record<string, string>;
    /** Delay the response; the operation itself is performed immediately. */
    delayMs?: number;
    /** "before": destroy the socket without performing the operation; "after": perform it, then destroy. */
    drop?: "before" | "after";
}

export interface ActiveFault extends Required<Pick<FaultSpec, "method" | "path" | "times">> {
    id: number;
    status?: number;
    body?: unknown;
    headers?: Record<string, string>;
    delayMs?: number;
    drop?: "before" | "after";
}
