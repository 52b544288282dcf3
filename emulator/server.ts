// A local stand-in for the Qovery API's job-secret operations, over real HTTP, for tests and demos.
// Request bodies are judged by the OpenAPI spec (emulator/openapi.ts), not by hand-written rules.
import * as http from "node:http";
import { randomUUID, timingSafeEqual } from "node:crypto";
import type { AddressInfo } from "node:net";
import { jobSecretsContract, type OpenApiContract, type OperationMatch, type ValidationResult } from "./openapi";
import { SecretStore } from "./store";
import {
    CHAOS_KINDS,
    type ActiveFault,
    type AuthorizationScheme,
    type ChaosConfig,
    type ChaosKind,
    type EmulatorConfig,
    type EmulatorStats,
    type ErrorShape,
    type FaultKind,
    type FaultSpec,
    type JobInfo,
    type ProgrammedFaultKind,
    type RateLimitConfig,
    type RequestLogEntry,
    type SeedSecret,
    type StoredSecret,
} from "./types";

export interface EmulatorOptions {
    /** Default 0 (a free port). */
    port?: number;
    /** Default 127.0.0.1. */
    host?: string;
    /** Default "qovery-emulator-token". */
    token?: string;
    /** Ids (uuids) of the jobs that exist. */
    jobs?: string[];
    /** JSON state file: loaded at start if present, rewritten after every write. */
    persistPath?: string;
    /** Default 1000000 requests per 3600 s. */
    rateLimit?: RateLimitConfig;
    /** Added before every public response. */
    latencyMs?: number;
    /** Default "detail": {"status", "detail"}; "message": {"status", "error", "message"}. */
    errorShape?: ErrorShape;
    /** Random faults on public requests (default none). */
    chaos?: ChaosConfig | null;
    /** Largest accepted public request body (default 16 MiB); larger ones get a 413. */
    maxBodyBytes?: number;
    /** Receives one line per public request (method, path, status; never bodies or tokens). */
    log?: (line: string) => void;
}

export interface RunningEmulator {
    url: string;
    port: number;
    token: string;
    stop(): Promise<void>;
}

export const DEFAULT_TOKEN = "qovery-emulator-token";
const DEFAULT_RATE_LIMIT: RateLimitConfig = { limit: 1_000_000, windowSeconds: 3600, retryAfter: false };
// The spec sets no limit on a value, and tests send values of several MB.
const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
const DEFAULT_CHAOS_DELAY_MS = 2000;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const LIST = "GET /job/{jobId}/secret";
const CREATE = "POST /job/{jobId}/secret";
const EDIT = "PUT /job/{jobId}/secret/{secretId}";
const DELETE = "DELETE /job/{jobId}/secret/{secretId}";
const IMPLEMENTED = new Set([LIST, CREATE, EDIT, DELETE]);

interface Outcome {
    status: number;
    body?: unknown;
    headers?: Record<string, string>;
}

class HttpError extends Error {
    constructor(
        readonly status: number,
        message: string,
    ) {
        super(message);
    }
}

// Shapes guaranteed by the spec's request schemas once validation has passed.
interface SecretRequestBody {
    key: string;
    value?: string;
    mount_path?: string | null;
    description?: string | null;
    enable_interpolation_in_file?: boolean | null;
}
type SecretEditBody = Omit<SecretRequestBody, "mount_path">;

type ParsedBody = { ok: true; value: unknown } | { ok: false };

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
    const emulator = new Emulator(opts);
    const server = http.createServer((req, res) => void emulator.handle(req, res));
    const host = opts.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(opts.port ?? 0, host, () => {
            server.off("error", reject);
            resolve();
        });
    });
    const port = (server.address() as AddressInfo).port;
    let stopped: Promise<void> | undefined;
    return {
        url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
        port,
        token: emulator.token,
        stop() {
            stopped ??= new Promise<void>((resolve) => {
                emulator.cancelTimers();
                server.close(() => resolve());
                // Keep-alive and deliberately delayed connections would otherwise hold close() open.
                server.closeAllConnections();
            });
            return stopped;
        },
    };
}

class FixedWindowLimiter {
    private windowStart = 0;
    private count = 0;

    constructor(private config: RateLimitConfig) {}

    configure(config: RateLimitConfig): void {
        this.config = config;
        this.count = 0;
    }

    hit(now = Date.now()): { limited: boolean; headers: Record<string, string>; retryAfterSeconds: number } {
        const windowMs = this.config.windowSeconds * 1000;
        if (this.count === 0 || now >= this.windowStart + windowMs) {
            this.windowStart = now;
            this.count = 0;
        }
        this.count++;
        const { limit } = this.config;
        const resetMs = this.windowStart + windowMs;
        return {
            limited: this.count > limit,
            headers: {
                "X-RateLimit-Limit": String(limit),
                "X-RateLimit-Remaining": String(Math.max(0, limit - this.count)),
                "X-RateLimit-Reset": String(Math.ceil(resetMs / 1000)),
            },
            // Rounded up (so at least 1 while limited): rounding down would send a retry into the same window.
            retryAfterSeconds: Math.ceil((resetMs - now) / 1000),
        };
    }
}

/** mulberry32: tiny, fast and good enough to make chaos reproducible from a seed. */
function mulberry32(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

class ChaosMonkey {
    private config: ChaosConfig | null = null;
    private random: () => number = Math.random;

    constructor(config: ChaosConfig | null) {
        this.configure(config);
    }

    /** Also restarts a seeded sequence, so a test can replay it. */
    configure(config: ChaosConfig | null): void {
        this.config = config;
        this.random = config?.seed === undefined ? Math.random : mulberry32(config.seed);
    }

    // Ineligible requests draw nothing, so the method filter does not shift the sequence of the others.
    draw(method: string): ChaosKind | undefined {
        const config = this.config;
        if (!config || config.rate <= 0) return undefined;
        if (config.methods && !config.methods.includes(method)) return undefined;
        if (this.random() >= config.rate) return undefined;
        const kinds = config.kinds ?? CHAOS_KINDS;
        return kinds[Math.floor(this.random() * kinds.length)];
    }
}

/** How a fault (programmed or chaos) shapes one request. */
interface FaultPlan {
    kind: FaultKind;
    /** Answered instead of the operation. */
    outcome?: Outcome;
    dropBefore?: boolean;
    dropAfter?: boolean;
    delayMs?: number;
}

class Emulator {
    readonly token: string;
    private readonly initialConfig: EmulatorConfig;
    private config: EmulatorConfig;
    private readonly store: SecretStore;
    private readonly limiter: FixedWindowLimiter;
    private readonly contract: OpenApiContract = jobSecretsContract();
    private readonly log: (line: string) => void;
    private faults: ActiveFault[] = [];
    private nextFaultId = 1;
    private requestLog: RequestLogEntry[] = [];
    private seq = 0;
    private readonly chaos: ChaosMonkey;
    private stats: EmulatorStats = emptyStats();
    private readonly timers = new Set<NodeJS.Timeout>();

    constructor(opts: EmulatorOptions) {
        this.token = opts.token ?? DEFAULT_TOKEN;
        if (!this.token) throw new Error("token must not be empty");
        try {
            this.initialConfig = parseConfig(
                {
                    rateLimit: opts.rateLimit,
                    latencyMs: opts.latencyMs,
                    errorShape: opts.errorShape,
                    chaos: opts.chaos,
                    maxBodyBytes: opts.maxBodyBytes,
                },
                {
                    rateLimit: DEFAULT_RATE_LIMIT,
                    latencyMs: 0,
                    errorShape: "detail",
                    chaos: null,
                    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
                },
            );
        } catch (err) {
            // HttpError is an admin-API detail; callers of startEmulator get a plain Error.
            throw new Error(`invalid emulator options: ${(err as Error).message}`);
        }
        this.config = this.initialConfig;
        this.limiter = new FixedWindowLimiter(this.config.rateLimit);
        this.chaos = new ChaosMonkey(this.config.chaos);
        this.log = opts.log ?? (() => undefined);
        this.store = new SecretStore(opts.persistPath);
        for (const id of opts.jobs ?? []) {
            if (!UUID_RE.test(id)) throw new Error(`job id must be a uuid (the spec's jobId format): ${id}`);
            this.store.addJob(id);
        }
    }

    cancelTimers(): void {
        for (const timer of this.timers) clearTimeout(timer);
        this.timers.clear();
    }

    async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        // A client that gave up (e.g. on a delayed response) must not crash the server.
        res.on("error", () => undefined);
        const pathname = new URL(req.url ?? "/", "http://emulator").pathname;
        const admin = pathname === "/__admin" || pathname.startsWith("/__admin/");
        try {
            if (admin) await this.handleAdmin(req, res, pathname);
            else await this.handlePublic(req, res, pathname);
        } catch (err) {
            if (res.headersSent || res.destroyed) return;
            const status = err instanceof HttpError ? err.status : 500;
            const message = err instanceof Error ? err.message : String(err);
            send(res, admin ? { status, body: { error: message } } : this.error(status, message));
        }
    }

    // ---- public API -------------------------------------------------------------------------------

    private async handlePublic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> {
        const started = Date.now();
        const method = (req.method ?? "GET").toUpperCase();
        this.stats.requests++;
        this.stats.byMethod[method] = (this.stats.byMethod[method] ?? 0) + 1;
        const rate = this.limiter.hit();
        let raw: string;
        try {
            raw = await readBody(req, this.config.maxBodyBytes);
        } catch (err) {
            // Even a refused upload (413) carries the rate-limit headers.
            if (!(err instanceof HttpError)) throw err;
            send(res, { ...this.error(err.status, err.message), headers: rate.headers });
            return;
        }
        const parsed = parseJson(raw);
        const match = this.contract.matchOperation(method, pathname);
        const bodyCheck: ValidationResult = !parsed.ok
            ? { valid: false, errors: ["malformed JSON request body"] }
            : match
              ? this.contract.validateRequestBody(method, match.pathTemplate, parsed.value)
              : { valid: false, errors: ["no such operation in the spec"] };
        // Programmed faults take precedence; chaos only draws when none applies.
        const fault = this.takeFault(method, pathname);
        const chaos = fault ? undefined : this.chaos.draw(method);
        const plan = fault ? this.programmedPlan(fault) : chaos ? this.chaosPlan(chaos) : undefined;
        if (plan) this.stats.faults[plan.kind] = (this.stats.faults[plan.kind] ?? 0) + 1;
        if (this.config.latencyMs > 0) await this.sleep(this.config.latencyMs);

        const kind = plan?.kind;
        // Logged when the operation is done, not when answered: a delayed answer must not land in the log
        // (and stats) of a later test, after a reset.
        const record = (status: number): void => {
            this.requestLog.push({
                seq: ++this.seq,
                method,
                path: pathname,
                status,
                body: parsed.ok && parsed.value !== undefined ? parsed.value : null,
                valid: bodyCheck.valid,
                authorization: parseAuthorization(req.headers.authorization).scheme,
                ...(kind ? { fault: kind } : {}),
            });
        };
        const logLine = (status: number): void =>
            this.log(`${method} ${pathname} ${status}${kind ? ` [fault: ${kind}]` : ""} ${Date.now() - started}ms`);

        if (plan?.dropBefore) {
            record(0);
            logLine(0);
            req.socket.destroy();
            return;
        }
        let outcome: Outcome;
        if (plan?.outcome) outcome = plan.outcome;
        else if (rate.limited) {
            this.stats.rateLimited++;
            outcome = this.error(429, "Too many requests: rate limit exceeded");
            if (this.config.rateLimit.retryAfter) outcome.headers = { "Retry-After": String(rate.retryAfterSeconds) };
        } else outcome = this.perform(method, pathname, match, req.headers.authorization, parsed, bodyCheck);
        // A fault's own headers win, so a test can fake e.g. X-RateLimit-Remaining: 0.
        outcome.headers = { ...rate.headers, ...outcome.headers };
        record(outcome.status);
        if (plan?.delayMs) await this.sleep(plan.delayMs);
        logLine(outcome.status);
        if (plan?.dropAfter) {
            req.socket.destroy();
            return;
        }
        send(res, outcome);
    }

    private programmedPlan(fault: ActiveFault): FaultPlan {
        return {
            kind: faultKind(fault),
            outcome: fault.status !== undefined ? this.faultOutcome(fault) : undefined,
            dropBefore: fault.drop === "before",
            dropAfter: fault.drop === "after",
            delayMs: fault.delayMs,
        };
    }

    private chaosPlan(kind: ChaosKind): FaultPlan {
        const plan: FaultPlan = { kind: `chaos:${kind}` };
        switch (kind) {
            case "500":
            case "502":
            case "503": {
                const status = Number(kind);
                plan.outcome = this.error(status, `Injected fault (chaos): ${http.STATUS_CODES[status] ?? status}`);
                break;
            }
            case "429-reset":
                // Only the reset header says when to come back, as with Qovery's own limiter.
                plan.outcome = {
                    ...this.error(429, "Too many requests (chaos)"),
                    headers: {
                        "X-RateLimit-Remaining": "0",
                        "X-RateLimit-Reset": String(Math.ceil((Date.now() + 1000) / 1000)),
                    },
                };
                break;
            case "429-retry-after":
                plan.outcome = { ...this.error(429, "Too many requests (chaos)"), headers: { "Retry-After": "1" } };
                break;
            case "drop-before":
                plan.dropBefore = true;
                break;
            case "drop-after":
                plan.dropAfter = true;
                break;
            case "delay":
                plan.delayMs = this.config.chaos?.delayMs ?? DEFAULT_CHAOS_DELAY_MS;
                break;
        }
        return plan;
    }

    private perform(
        method: string,
        pathname: string,
        match: OperationMatch | undefined,
        authorization: string | undefined,
        parsed: ParsedBody,
        bodyCheck: ValidationResult,
    ): Outcome {
        if (!this.authorized(authorization)) return this.error(401, "Access token is missing or invalid");
        if (!match) {
            return this.contract.matchPath(pathname)
                ? this.error(405, `Method ${method} is not allowed on ${pathname}`)
                : this.error(404, `No route for ${method} ${pathname}`);
        }
        const operation = `${method} ${match.pathTemplate}`;
        if (!IMPLEMENTED.has(operation)) return this.error(501, `${operation} is not implemented by the emulator`);
        const params = this.contract.validatePathParams(method, match.pathTemplate, match.params);
        if (!params.valid) return this.error(400, `Invalid path parameter: ${params.errors.join("; ")}`);
        // Body validation comes before lookups, as a framework validating the payload would do.
        // Bodies sent to GET/DELETE are ignored (the log still marks them invalid).
        if (operation === CREATE || operation === EDIT) {
            if (!parsed.ok) return this.error(400, "Malformed JSON request body");
            if (!bodyCheck.valid) return this.error(400, `Invalid request body: ${bodyCheck.errors.join("; ")}`);
            if (parsed.value === undefined) return this.error(400, "Request body is required");
        }

        const body = parsed.ok ? parsed.value : undefined;
        const jobId = match.params.jobId as string;
        const job = this.store.job(jobId);
        const secrets = this.store.secrets(jobId);
        if (!job || !secrets) return this.error(404, `Job not found: ${jobId}`);
        if (operation === LIST) return { status: 200, body: { results: secrets.map((s) => toPublicSecret(job, s)) } };
        if (operation === CREATE) return this.create(job, secrets, body as SecretRequestBody);

        const secretId = match.params.secretId as string;
        const index = secrets.findIndex((s) => s.id === secretId);
        const secret = secrets[index];
        if (!secret) return this.error(404, `Secret not found: ${secretId}`);
        if (secret.scope !== "JOB") {
            return this.error(400, `A ${secret.scope} secret cannot be changed from the job scope`);
        }
        if (operation === DELETE) {
            secrets.splice(index, 1);
            this.store.save();
            return { status: 204 };
        }
        return this.edit(job, secrets, secret, body as SecretEditBody);
    }

    private create(job: JobInfo, secrets: StoredSecret[], body: SecretRequestBody): Outcome {
        if (secrets.some((s) => s.key === body.key)) return this.error(409, `Variable already exists: ${body.key}`);
        const now = new Date().toISOString();
        const secret: StoredSecret = {
            id: randomUUID(),
            key: body.key,
            value: body.value ?? null,
            mount_path: body.mount_path ?? null,
            description: body.description ?? null,
            enable_interpolation_in_file: body.enable_interpolation_in_file ?? false,
            scope: "JOB",
            created_at: now,
            updated_at: now,
        };
        secrets.push(secret);
        this.store.save();
        return { status: 201, body: toPublicSecret(job, secret) };
    }

    // Absent fields keep their stored value; an explicit null description clears it.
    // mount_path is not part of SecretEditRequest, so it can never change here.
    private edit(job: JobInfo, secrets: StoredSecret[], secret: StoredSecret, body: SecretEditBody): Outcome {
        if (secrets.some((s) => s.key === body.key && s.id !== secret.id)) {
            return this.error(409, `Variable already exists: ${body.key}`);
        }
        secret.key = body.key;
        if (body.value !== undefined) secret.value = body.value;
        if (body.description !== undefined) secret.description = body.description;
        if (typeof body.enable_interpolation_in_file === "boolean") {
            secret.enable_interpolation_in_file = body.enable_interpolation_in_file;
        }
        secret.updated_at = new Date().toISOString();
        this.store.save();
        return { status: 200, body: toPublicSecret(job, secret) };
    }

    private authorized(header: string | undefined): boolean {
        const { scheme, credentials } = parseAuthorization(header);
        if ((scheme !== "Token" && scheme !== "Bearer") || credentials === undefined) return false;
        const given = Buffer.from(credentials);
        const expected = Buffer.from(this.token);
        return given.length === expected.length && timingSafeEqual(given, expected);
    }

    private error(status: number, message: string): Outcome {
        const body =
            this.config.errorShape === "message"
                ? { status, error: http.STATUS_CODES[status] ?? "Error", message }
                : { status, detail: message };
        return { status, body };
    }

    private takeFault(method: string, pathname: string): ActiveFault | undefined {
        const fault = this.faults.find(
            (f) => (f.method === "*" || f.method === method) && faultPathMatches(f.path, pathname),
        );
        if (fault && --fault.times <= 0) this.faults = this.faults.filter((f) => f !== fault);
        return fault;
    }

    private faultOutcome(fault: ActiveFault): Outcome {
        const status = fault.status as number;
        if (fault.body !== undefined) return { status, body: fault.body, headers: fault.headers };
        if (status === 204 || status < 400) return { status, headers: fault.headers };
        return {
            ...this.error(status, `Injected fault: ${http.STATUS_CODES[status] ?? status}`),
            headers: fault.headers,
        };
    }

    private sleep(ms: number): Promise<void> {
        return new Promise((resolve) => {
            const timer = setTimeout(() => {
                this.timers.delete(timer);
                resolve();
            }, ms);
            this.timers.add(timer);
        });
    }

    // ---- admin API (test only: no auth, no rate limit, not in the request log) --------------------

    private async handleAdmin(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> {
        const method = (req.method ?? "GET").toUpperCase();
        // Never below the default, so that a tiny public limit under test cannot lock the admin API out.
        const parsed = parseJson(await readBody(req, Math.max(DEFAULT_MAX_BODY_BYTES, this.config.maxBodyBytes)));
        if (!parsed.ok) throw new HttpError(400, "malformed JSON body");
        send(res, this.admin(method, pathname, parsed.value));
    }

    private admin(method: string, pathname: string, body: unknown): Outcome {
        const route = `${method} ${pathname.replace(/\/+$/, "")}`;
        const jobSecrets = /^(GET|POST) \/__admin\/jobs\/([^/]+)\/secrets$/.exec(route);
        if (jobSecrets) {
            const jobId = decodeURIComponent(jobSecrets[2] as string);
            const secrets = this.store.secrets(jobId);
            if (!secrets) throw new HttpError(404, `no job ${jobId}`);
            if (jobSecrets[1] === "GET") return { status: 200, body: secrets };
            return { status: 201, body: this.seedSecret(secrets, body) };
        }
        switch (route) {
            case "GET /__admin/jobs":
                return { status: 200, body: this.store.listJobs() };
            case "POST /__admin/jobs": {
                const input = asObject(body ?? {});
                const id = optionalString(input, "id") ?? randomUUID();
                if (!UUID_RE.test(id)) throw new HttpError(400, "id must be a uuid (the spec's jobId format)");
                const created = this.store.addJob(id, optionalString(input, "name"));
                return { status: created ? 201 : 200, body: this.store.job(id) };
            }
            case "GET /__admin/requests":
                return { status: 200, body: this.requestLog };
            case "DELETE /__admin/requests":
                this.requestLog = [];
                this.stats = emptyStats();
                return { status: 204 };
            case "GET /__admin/stats":
                return { status: 200, body: this.stats };
            case "GET /__admin/faults":
                return { status: 200, body: this.faults };
            case "POST /__admin/faults": {
                const fault: ActiveFault = { id: this.nextFaultId++, ...parseFault(body) };
                this.faults.push(fault);
                return { status: 201, body: fault };
            }
            case "DELETE /__admin/faults":
                this.faults = [];
                return { status: 204 };
            case "GET /__admin/config":
                return { status: 200, body: this.config };
            case "PUT /__admin/config": {
                const input = asObject(body ?? {});
                this.config = parseConfig(input, this.config);
                // Only what was given restarts: an unrelated change must not reset the window or the chaos sequence.
                if (input.rateLimit !== undefined) this.limiter.configure(this.config.rateLimit);
                if (input.chaos !== undefined) this.chaos.configure(this.config.chaos);
                return { status: 200, body: this.config };
            }
            case "POST /__admin/reset":
                // Back to a clean slate for the next test, but the jobs (the fixtures) stay.
                this.store.clearSecrets();
                this.requestLog = [];
                this.stats = emptyStats();
                this.faults = [];
                this.config = this.initialConfig;
                this.limiter.configure(this.config.rateLimit);
                this.chaos.configure(this.config.chaos);
                return { status: 204 };
            default:
                throw new HttpError(404, `no admin route ${route}`);
        }
    }

    private seedSecret(secrets: StoredSecret[], body: unknown): StoredSecret {
        const input = asObject(body) as Partial<Record<keyof SeedSecret, unknown>>;
        const key = input.key;
        if (typeof key !== "string" || key === "") throw new HttpError(400, "key must be a non-empty string");
        if (secrets.some((s) => s.key === key)) throw new HttpError(409, `Variable already exists: ${key}`);
        const now = new Date().toISOString();
        const secret: StoredSecret = {
            id: optionalString(input, "id") ?? randomUUID(),
            key,
            value: optionalString(input, "value") ?? null,
            mount_path: optionalString(input, "mount_path") ?? null,
            description: optionalString(input, "description") ?? null,
            enable_interpolation_in_file: input.enable_interpolation_in_file === true,
            scope: optionalString(input, "scope") ?? "JOB",
            created_at: now,
            updated_at: now,
        };
        if (!UUID_RE.test(secret.id)) throw new HttpError(400, "id must be a uuid");
        secrets.push(secret);
        this.store.save();
        return secret;
    }
}

/** The public view of a secret: never the value nor the mount path. */
function toPublicSecret(job: JobInfo, s: StoredSecret): Record<string, unknown> {
    const type = s.scope === "BUILT_IN" ? "BUILT_IN" : s.mount_path ? "FILE" : "VALUE";
    // aliased_secret/overridden_secret are omitted: the spec's refs are not nullable, so null would be invalid.
    return {
        id: s.id,
        created_at: s.created_at,
        updated_at: s.updated_at,
        key: s.key,
        scope: s.scope,
        variable_type: type,
        // Inherited (seeded non-JOB) secrets do not belong to this job's service.
        ...(s.scope === "JOB" ? { service_id: job.id, service_name: job.name, service_type: "JOB" } : {}),
        owned_by: "QOVERY",
        description: s.description,
        enable_interpolation_in_file: s.enable_interpolation_in_file,
    };
}

function faultKind(fault: ActiveFault): ProgrammedFaultKind {
    if (fault.status !== undefined) return "status";
    if (fault.drop === "before") return "drop-before";
    if (fault.drop === "after") return "drop-after";
    return "delay";
}

function emptyStats(): EmulatorStats {
    return { requests: 0, byMethod: {}, faults: {}, rateLimited: 0 };
}

function faultPathMatches(pattern: string, pathname: string): boolean {
    if (pattern === "*") return true;
    if (!pattern.includes("{")) return pattern === pathname;
    const source = pattern
        .split(/\{[^}]+\}/)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .join("[^/]+");
    return new RegExp(`^${source}$`).test(pathname);
}

function parseAuthorization(header: string | undefined): { scheme: AuthorizationScheme; credentials?: string } {
    if (!header) return { scheme: "none" };
    const m = /^(\S+)\s+(\S.*)$/.exec(header.trim());
    const scheme = m?.[1]?.toLowerCase();
    if (scheme === "token") return { scheme: "Token", credentials: m?.[2] };
    if (scheme === "bearer") return { scheme: "Bearer", credentials: m?.[2] };
    return { scheme: "other" };
}

function send(res: http.ServerResponse, outcome: Outcome): void {
    if (res.destroyed) return;
    const headers: Record<string, string> = { ...outcome.headers };
    if (outcome.status === 204 || outcome.body === undefined) {
        res.writeHead(outcome.status, headers).end();
        return;
    }
    const text = typeof outcome.body === "string";
    const payload = text ? (outcome.body as string) : JSON.stringify(outcome.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
        headers["Content-Type"] = text ? "text/plain; charset=utf-8" : "application/json";
    }
    res.writeHead(outcome.status, headers).end(payload);
}

async function readBody(req: http.IncomingMessage, maxBytes: number): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > maxBytes) throw new HttpError(413, `Request body too large (over ${maxBytes} bytes)`);
        chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString("utf8");
}

function parseJson(raw: string): ParsedBody {
    if (raw.trim() === "") return { ok: true, value: undefined };
    try {
        return { ok: true, value: JSON.parse(raw) as unknown };
    } catch {
        return { ok: false };
    }
}

function asObject(value: unknown): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new HttpError(400, "body must be a JSON object");
    }
    return value as Record<string, unknown>;
}

function optionalString(input: Record<string, unknown>, name: string): string | undefined {
    const value = input[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") throw new HttpError(400, `${name} must be a string`);
    return value;
}

function nonNegative(value: unknown, name: string, integer = true): number {
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
        throw new HttpError(400, `${name} must be a non-negative ${integer ? "integer" : "number"}`);
    }
    return value;
}

function parseConfig(input: Partial<Record<keyof EmulatorConfig, unknown>>, base: EmulatorConfig): EmulatorConfig {
    const config = { ...base };
    if (input.rateLimit !== undefined) {
        const rl = asObject(input.rateLimit);
        const windowSeconds = nonNegative(rl.windowSeconds, "rateLimit.windowSeconds", false);
        if (windowSeconds === 0) throw new HttpError(400, "rateLimit.windowSeconds must be positive");
        if (rl.retryAfter !== undefined && typeof rl.retryAfter !== "boolean") {
            throw new HttpError(400, "rateLimit.retryAfter must be a boolean");
        }
        config.rateLimit = {
            limit: nonNegative(rl.limit, "rateLimit.limit"),
            windowSeconds,
            retryAfter: rl.retryAfter === true,
        };
    }
    if (input.latencyMs !== undefined) config.latencyMs = nonNegative(input.latencyMs, "latencyMs");
    if (input.errorShape !== undefined) {
        if (input.errorShape !== "detail" && input.errorShape !== "message") {
            throw new HttpError(400, 'errorShape must be "detail" or "message"');
        }
        config.errorShape = input.errorShape;
    }
    if (input.chaos !== undefined) config.chaos = input.chaos === null ? null : parseChaos(input.chaos);
    if (input.maxBodyBytes !== undefined) {
        config.maxBodyBytes = nonNegative(input.maxBodyBytes, "maxBodyBytes");
        if (config.maxBodyBytes === 0) throw new HttpError(400, "maxBodyBytes must be positive");
    }
    return config;
}

function parseChaos(value: unknown): ChaosConfig {
    const input = asObject(value) as Partial<Record<keyof ChaosConfig, unknown>>;
    const rate = nonNegative(input.rate, "chaos.rate", false);
    if (rate > 1) throw new HttpError(400, "chaos.rate must be between 0 and 1");
    const chaos: ChaosConfig = { rate };
    if (input.seed !== undefined) {
        if (typeof input.seed !== "number" || !Number.isInteger(input.seed)) {
            throw new HttpError(400, "chaos.seed must be an integer");
        }
        chaos.seed = input.seed;
    }
    if (input.kinds !== undefined) {
        const kinds = input.kinds;
        if (!Array.isArray(kinds) || kinds.length === 0) {
            throw new HttpError(400, "chaos.kinds must be a non-empty array");
        }
        for (const kind of kinds) {
            if (!CHAOS_KINDS.includes(kind as ChaosKind)) {
                throw new HttpError(
                    400,
                    `chaos.kinds: unknown kind ${JSON.stringify(kind)} (one of ${CHAOS_KINDS.join(", ")})`,
                );
            }
        }
        chaos.kinds = [...(kinds as ChaosKind[])];
    }
    if (input.delayMs !== undefined) chaos.delayMs = nonNegative(input.delayMs, "chaos.delayMs");
    if (input.methods !== undefined) {
        const methods = input.methods;
        if (!Array.isArray(methods) || methods.length === 0 || !methods.every((m) => typeof m === "string" && m)) {
            throw new HttpError(400, "chaos.methods must be a non-empty array of HTTP methods");
        }
        chaos.methods = (methods as string[]).map((m) => m.toUpperCase());
    }
    return chaos;
}

function parseFault(body: unknown): Omit<ActiveFault, "id"> {
    const input = asObject(body) as Partial<Record<keyof FaultSpec, unknown>>;
    if (typeof input.method !== "string" || input.method === "") throw new HttpError(400, "method is required");
    if (typeof input.path !== "string" || input.path === "") throw new HttpError(400, "path is required");
    const fault: Omit<ActiveFault, "id"> = {
        method: input.method.toUpperCase(),
        path: input.path,
        times: input.times === undefined ? 1 : nonNegative(input.times, "times"),
    };
    if (fault.times < 1) throw new HttpError(400, "times must be at least 1");
    if (input.status !== undefined) {
        const status = nonNegative(input.status, "status");
        if (status < 100 || status > 599) throw new HttpError(400, "status must be an HTTP status code");
        fault.status = status;
    }
    if (input.body !== undefined) fault.body = input.body;
    if (input.headers !== undefined) {
        const headers = asObject(input.headers);
        if (!Object.values(headers).every((v) => typeof v === "string")) {
            throw new HttpError(400, "headers values must be strings");
        }
        fault.headers = headers as Record<string, string>;
    }
    if (input.delayMs !== undefined) fault.delayMs = nonNegative(input.delayMs, "delayMs");
    if (input.drop !== undefined) {
        if (input.drop !== "before" && input.drop !== "after")
            throw new HttpError(400, 'drop must be "before" or "after"');
        fault.drop = input.drop;
    }
    if (fault.status !== undefined && fault.drop !== undefined) {
        throw new HttpError(400, "status and drop are exclusive: a dropped connection has no status");
    }
    if (fault.status === undefined && fault.drop === undefined && !fault.delayMs) {
        throw new HttpError(400, "a fault needs status, drop or delayMs");
    }
    return fault;
}
