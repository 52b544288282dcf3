// The request pipeline: /__admin calls go to the admin routes; public calls go through rate limit,
// faults, auth, the spec (route, path parameters, body) and the subject's lookup before a route family's
// handler runs. Handlers never see a request the spec would refuse.
import type * as http from "node:http";
import { handleAdmin } from "./admin/routes";
import { authorized, parseAuthorization } from "./auth";
import { DEFAULT_CONFIG, DEFAULT_MAX_BODY_BYTES, DEFAULT_TOKEN, parseConfig, type EmulatorOptions } from "./config";
import { DEFAULT_DEPLOYMENT_TIMING, parseTiming } from "./deployments";
import { chaosPlan, programmedPlan } from "./faults";
import { HttpError, parseJson, readBody, send, type Outcome, type ParsedBody } from "./http";
import { UUID_RE } from "./input";
import type { OperationMatch, ValidationResult } from "./openapi";
import { ROUTE_FAMILIES, type Operation } from "./routes";
import { SUBJECTS } from "./routes/family";
import { EmulatorState } from "./state";
import type { Parent } from "./store";
import type { DeploymentTiming, EmulatorConfig } from "./types";

export class Emulator {
    readonly token: string;
    private readonly state: EmulatorState;
    private readonly operations = new Map<string, Operation>();
    private readonly log: (line: string) => void;
    private readonly timers = new Set<NodeJS.Timeout>();

    constructor(opts: EmulatorOptions) {
        this.token = opts.token ?? DEFAULT_TOKEN;
        if (!this.token) throw new Error("token must not be empty");
        let initialConfig: EmulatorConfig;
        let timing: DeploymentTiming;
        try {
            timing = parseTiming(opts.deployment ?? {}, DEFAULT_DEPLOYMENT_TIMING);
            initialConfig = parseConfig(
                {
                    rateLimit: opts.rateLimit,
                    latencyMs: opts.latencyMs,
                    errorShape: opts.errorShape,
                    chaos: opts.chaos,
                    maxBodyBytes: opts.maxBodyBytes,
                },
                DEFAULT_CONFIG,
            );
        } catch (err) {
            // HttpError is an admin-API detail; callers of startEmulator get a plain Error.
            throw new Error(`invalid emulator options: ${(err as Error).message}`);
        }
        this.state = new EmulatorState(initialConfig, opts.persistPath, timing, opts.rateLimitClock);
        this.log = opts.log ?? (() => undefined);
        for (const family of ROUTE_FAMILIES) {
            for (const operation of family.operations) {
                this.operations.set(`${operation.method} ${operation.path}`, operation);
            }
        }
        for (const id of opts.jobs ?? []) {
            if (!UUID_RE.test(id)) throw new Error(`job id must be a uuid (the spec's jobId format): ${id}`);
            this.state.store.addJob(id);
        }
    }

    cancelTimers(): void {
        for (const timer of this.timers) clearTimeout(timer);
        this.timers.clear();
    }

    async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        // A client that gave up (e.g. on a delayed response) must not crash the server.
        res.on("error", () => undefined);
        const url = new URL(req.url ?? "/", "http://emulator");
        const admin = url.pathname === "/__admin" || url.pathname.startsWith("/__admin/");
        try {
            if (admin) await this.handleAdmin(req, res, url.pathname);
            else await this.handlePublic(req, res, url);
        } catch (err) {
            if (res.headersSent || res.destroyed) return;
            const status = err instanceof HttpError ? err.status : 500;
            const message = err instanceof Error ? err.message : String(err);
            send(res, admin ? { status, body: { error: message } } : this.state.error(status, message));
        }
    }

    private async handleAdmin(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> {
        const method = (req.method ?? "GET").toUpperCase();
        // Never below the default, so that a tiny public limit under test cannot lock the admin API out.
        const limit = Math.max(DEFAULT_MAX_BODY_BYTES, this.state.config.maxBodyBytes);
        const parsed = parseJson(await readBody(req, limit));
        if (!parsed.ok) throw new HttpError(400, "malformed JSON body");
        send(res, handleAdmin(this.state, method, pathname, parsed.value));
    }

    private async handlePublic(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
        const { state } = this;
        const pathname = url.pathname;
        const started = Date.now();
        const method = (req.method ?? "GET").toUpperCase();
        state.recorder.received(method);
        const rate = state.limiter.hit();
        let raw: string;
        try {
            raw = await readBody(req, state.config.maxBodyBytes);
        } catch (err) {
            // Even a refused upload (413) carries the rate-limit headers.
            if (!(err instanceof HttpError)) throw err;
            send(res, { ...state.error(err.status, err.message), headers: rate.headers });
            return;
        }
        const parsed = parseJson(raw);
        const match = this.state.contract.matchOperation(method, pathname);
        const bodyCheck: ValidationResult = !parsed.ok
            ? { valid: false, errors: ["malformed JSON request body"] }
            : match
              ? this.state.contract.validateRequestBody(method, match.pathTemplate, parsed.value)
              : { valid: false, errors: ["no such operation in the spec"] };
        // Programmed faults take precedence; chaos only draws when none applies.
        const error = (status: number, message: string): Outcome => state.error(status, message);
        const fault = state.faults.take(method, pathname);
        const chaos = fault ? undefined : state.chaos.draw(method);
        const plan = fault
            ? programmedPlan(fault, error)
            : chaos
              ? chaosPlan(chaos, state.config.chaos, error)
              : undefined;
        if (plan) state.recorder.faulted(plan.kind);
        if (state.config.latencyMs > 0) await this.sleep(state.config.latencyMs);

        const kind = plan?.kind;
        // Logged when the operation is done, not when answered: a delayed answer must not land in the log
        // (and stats) of a later test, after a reset.
        const operation = match && `${method} ${match.pathTemplate}`;
        const record = (status: number): void =>
            state.recorder.record(operation, {
                method,
                path: pathname,
                status,
                body: parsed.ok && parsed.value !== undefined ? parsed.value : null,
                valid: bodyCheck.valid,
                authorization: parseAuthorization(req.headers.authorization).scheme,
                ...(kind ? { fault: kind } : {}),
            });
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
            state.recorder.rateLimited();
            outcome = state.error(429, "Too many requests: rate limit exceeded");
            if (state.config.rateLimit.retryAfter) outcome.headers = { "Retry-After": String(rate.retryAfterSeconds) };
        } else outcome = this.perform(method, url, match, req.headers.authorization, parsed, bodyCheck);
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

    /** Order: auth → route → path and query parameters → body → the path's subject (job, ...) → the family's handler. */
    private perform(
        method: string,
        url: URL,
        match: OperationMatch | undefined,
        authorization: string | undefined,
        parsed: ParsedBody,
        bodyCheck: ValidationResult,
    ): Outcome {
        const { state } = this;
        const pathname = url.pathname;
        if (!authorized(authorization, this.token)) return state.error(401, "Access token is missing or invalid");
        if (!match) {
            return this.state.contract.matchPath(pathname)
                ? state.error(405, `Method ${method} is not allowed on ${pathname}`)
                : state.error(404, `No route for ${method} ${pathname}`);
        }
        const name = `${method} ${match.pathTemplate}`;
        const operation = this.operations.get(name);
        if (!operation) return state.error(501, `${name} is not implemented by the emulator`);
        const params = this.state.contract.validatePathParams(method, match.pathTemplate, match.params);
        if (!params.valid) return state.error(400, `Invalid path parameter: ${params.errors.join("; ")}`);
        const query = this.state.contract.validateQueryParams(method, match.pathTemplate, url.searchParams);
        if (!query.valid) return state.error(400, `Invalid query parameter: ${query.errors.join("; ")}`);
        // Body validation comes before lookups, as a framework validating the payload would do.
        // Bodies sent to GET/DELETE are ignored (the log still marks them invalid).
        if (operation.body !== "none") {
            if (!parsed.ok) return state.error(400, "Malformed JSON request body");
            if (!bodyCheck.valid) return state.error(400, `Invalid request body: ${bodyCheck.errors.join("; ")}`);
            if (operation.body === "required" && parsed.value === undefined) {
                return state.error(400, "Request body is required");
            }
        }
        let subject: Parent | undefined;
        if (operation.subject) {
            const { param, label } = SUBJECTS[operation.subject];
            const id = match.params[param] as string;
            subject = state.store.parent(id);
            if (subject?.scope !== operation.subject) return state.error(404, `${label} not found: ${id}`);
        }
        const body = operation.body !== "none" && parsed.ok ? parsed.value : undefined;
        try {
            return operation.handle({ params: match.params, query: url.searchParams, body, subject }, state);
        } catch (err) {
            if (err instanceof HttpError) return state.error(err.status, err.message);
            throw err;
        }
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
}
