/**
 * The HTTP client for Qovery's job variable APIs (secrets and environment variables): one
 * place for the base URL, the Authorization header, timeouts, retries, error typing and
 * response parsing.
 */
import fetch, { type Response } from "node-fetch";
import { type z } from "zod";
import {
    ApiError,
    NetworkError,
    QoveryError,
    RateLimitError,
    ResponseFormatError,
    TimeoutError,
    apiErrorFor,
} from "./errors";
import { isQoveryErrorBody, qoveryMessageFrom, safeMessage } from "./messages";
import { RateGate } from "./rateGate";
import {
    DEFAULT_RETRY_POLICY,
    type RetryPolicy,
    backoffDelayMs,
    isRetryable,
    nextDelayMs,
    rateLimitWaitMs,
} from "./retry";
import {
    type AliasRequest,
    type EnvironmentVariableEditRequest,
    type EnvironmentVariableRequest,
    type OverrideRequest,
    type Secret,
    type SecretEditRequest,
    type SecretRequest,
    type ApiScope,
    type Variable,
    type VariableAliasRequest,
    type VariableApi,
    type VariableEditRequest,
    type VariableImport,
    type VariableImportRequest,
    type VariableOverrideRequest,
    type VariableRequest,
    type VariableRow,
    listSchemas,
    variableImportSchema,
    variableListSchema,
    variableSchema,
    rowSchemas,
    organizationListSchema,
    secretListSchema,
    secretSchema,
} from "./wire";
import { type ResolvedSettings, authorizationHeader } from "./settings";
import {
    DEPLOY_TARGETS,
    type DeployKind,
    type DeploymentStatus,
    type JobStatus,
    environmentAsStatus,
    environmentStatusSchema,
    environmentStatusesSchema,
    jobStatusSchema,
    serviceStatusSchema,
    terraformSchema,
} from "./deploymentWire";

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface RetryNotice {
    method: string;
    path: string;
    attempt: number;
    delayMs: number;
    reason: string;
}

export interface QoveryClientOptions extends ResolvedSettings {
    retry?: Partial<RetryPolicy>;
    /** Told before each retry (the provider logs it). */
    onRetry?: (notice: RetryNotice) => void;
    /** Rate limit knowledge shared with other clients (the provider shares one per process). */
    gate?: RateGate;
    /** Injectable for tests. */
    sleep?: (ms: number) => Promise<void>;
    random?: () => number;
}

interface RequestSpec<T> {
    method: "GET" | "POST" | "PUT" | "DELETE";
    path: string;
    body?: object;
    /** Strings to keep out of any error text (the value being sent). */
    secrets?: readonly (string | undefined)[];
    schema?: z.ZodType<T>;
}

const USER_AGENT = "pulumi-qovery-secrets";

export class QoveryClient {
    private readonly settings: ResolvedSettings;
    private readonly timeoutMs: number;
    private readonly policy: RetryPolicy;
    private readonly onRetry: ((notice: RetryNotice) => void) | undefined;
    private readonly sleep: (ms: number) => Promise<void>;
    private readonly random: () => number;
    private readonly gate: RateGate;
    /** Each terraform service's environment, where its deployment status is read (deploymentWire.ts). */
    private readonly terraformEnvironments = new Map<string, string>();

    constructor(options: QoveryClientOptions) {
        this.settings = { token: options.token, baseUrl: options.baseUrl, authScheme: options.authScheme };
        this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
        this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
        this.onRetry = options.onRetry;
        this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
        this.random = options.random ?? Math.random;
        this.gate = options.gate ?? new RateGate({ sleep: this.sleep });
    }

    /** The API's base URL in use, for messages (it carries no credential: settings refuse one). */
    get baseUrl(): string {
        return this.settings.baseUrl;
    }

    /**
     * Proves that the base URL and the token reach Qovery's API: GET /organization must answer
     * 200 with a body that validates as Qovery's `OrganizationResponseList`. Throws otherwise.
     */
    async confirmQoveryApi(): Promise<void> {
        await this.request({ method: "GET", path: "/organization", schema: organizationListSchema });
    }

    /** GET /job/{jobId}/secret: the job's secrets, inherited ones included. */
    async listJobSecrets(jobId: string): Promise<Secret[]> {
        return (await this.listJobSecretsWithDate(jobId)).secrets;
    }

    /** The list, and the server's clock (its `Date` header, Unix ms) when it answered. */
    async listJobSecretsWithDate(jobId: string): Promise<{ secrets: Secret[]; serverDate: number | undefined }> {
        const { data, date } = await this.requestWithDate({
            method: "GET",
            path: jobVariablesPath("secret", jobId),
            schema: secretListSchema,
        });
        return { secrets: data.results, serverDate: date };
    }

    /** POST /job/{jobId}/secret. */
    async createJobSecret(jobId: string, body: SecretRequest): Promise<Secret> {
        return this.request({
            method: "POST",
            path: jobVariablesPath("secret", jobId),
            body,
            secrets: [body.value],
            schema: secretSchema,
        });
    }

    /** PUT /job/{jobId}/secret/{secretId}. */
    async editJobSecret(jobId: string, secretId: string, body: SecretEditRequest): Promise<Secret> {
        return this.request({
            method: "PUT",
            path: jobVariablePath("secret", jobId, secretId),
            body,
            secrets: [body.value],
            schema: secretSchema,
        });
    }

    /** DELETE /job/{jobId}/secret/{secretId}. */
    async deleteJobSecret(jobId: string, secretId: string): Promise<void> {
        await this.deleteJobVariable("secret", jobId, secretId);
    }

    // ---- either API: /job/{jobId}/secret or /job/{jobId}/environmentVariable ----

    /** GET the job's list (inherited and built-in rows included), and the server's clock when it answered. */
    async listJobVariablesWithDate(
        api: VariableApi,
        jobId: string,
    ): Promise<{ rows: VariableRow[]; serverDate: number | undefined }> {
        const { data, date } = await this.requestWithDate<{ results: VariableRow[] }>({
            method: "GET",
            path: jobVariablesPath(api, jobId),
            schema: listSchemas[api],
        });
        return { rows: data.results, serverDate: date };
    }

    /** POST /job/{jobId}/{api}. */
    async createJobVariable(
        api: VariableApi,
        jobId: string,
        body: SecretRequest | EnvironmentVariableRequest,
    ): Promise<VariableRow> {
        return this.write(api, "POST", jobVariablesPath(api, jobId), body);
    }

    /** POST /job/{jobId}/{api}/{parentId}/alias: an alias at job level of a variable the job sees. */
    async createJobVariableAlias(
        api: VariableApi,
        jobId: string,
        parentId: string,
        body: AliasRequest,
    ): Promise<VariableRow> {
        return this.write(api, "POST", `${jobVariablePath(api, jobId, parentId)}/alias`, body);
    }

    /** POST /job/{jobId}/{api}/{parentId}/override: an override at job level of a variable of a higher scope. */
    async createJobVariableOverride(
        api: VariableApi,
        jobId: string,
        parentId: string,
        body: OverrideRequest,
    ): Promise<VariableRow> {
        return this.write(api, "POST", `${jobVariablePath(api, jobId, parentId)}/override`, body);
    }

    /** PUT /job/{jobId}/{api}/{id}: edits a variable, an alias or an override. */
    async editJobVariable(
        api: VariableApi,
        jobId: string,
        id: string,
        body: SecretEditRequest | EnvironmentVariableEditRequest,
    ): Promise<VariableRow> {
        return this.write(api, "PUT", jobVariablePath(api, jobId, id), body);
    }

    /** DELETE /job/{jobId}/{api}/{id}. Qovery deletes the aliases and overrides of a deleted variable with it. */
    async deleteJobVariable(api: VariableApi, jobId: string, id: string): Promise<void> {
        await this.request<undefined>({ method: "DELETE", path: jobVariablePath(api, jobId, id) });
    }

    // ---- the unified variable API: /variable, every scope ----

    /**
     * GET /variable?parent_id&scope: what the parent sees, secrets and plain variables alike,
     * inherited and built-in rows included; and the server's clock when it answered.
     */
    async listVariablesWithDate(
        scope: ApiScope,
        parentId: string,
    ): Promise<{ rows: Variable[]; serverDate: number | undefined }> {
        const { data, date } = await this.requestWithDate({
            method: "GET",
            path: variablesListPath(scope, parentId),
            schema: variableListSchema,
        });
        return { rows: data.results, serverDate: date };
    }

    /** POST /variable. */
    async createVariable(body: VariableRequest): Promise<Variable> {
        return this.writeVariable("POST", "/variable", body);
    }

    /** POST /variable/{variableId}/alias: an alias, in the parent the body names, of a variable it sees. */
    async createVariableAlias(targetId: string, body: VariableAliasRequest): Promise<Variable> {
        return this.writeVariable("POST", `${variablePath(targetId)}/alias`, body);
    }

    /** POST /variable/{variableId}/override: an override, in the parent the body names, of a variable of a higher scope. */
    async createVariableOverride(targetId: string, body: VariableOverrideRequest): Promise<Variable> {
        return this.writeVariable("POST", `${variablePath(targetId)}/override`, body);
    }

    /** PUT /variable/{variableId}: edits a variable, an alias or an override. */
    async editVariable(id: string, body: VariableEditRequest): Promise<Variable> {
        return this.writeVariable("PUT", variablePath(id), body);
    }

    /** DELETE /variable/{variableId}. Qovery deletes the aliases and overrides of a deleted variable with it, in every scope below. */
    async deleteVariable(id: string): Promise<void> {
        await this.request<undefined>({ method: "DELETE", path: variablePath(id) });
    }

    /**
     * POST /variable/import?service_id&service_type: creates many plain key/value variables of a
     * service in one request; the answer names those imported (no ids), and the server's clock.
     */
    async importVariables(
        serviceId: string,
        serviceType: ApiScope,
        body: VariableImportRequest,
    ): Promise<{ imported: VariableImport; serverDate: number | undefined }> {
        const { data, date } = await this.requestWithDate({
            method: "POST",
            path: `/variable/import?service_id=${encodeURIComponent(serviceId)}&service_type=${encodeURIComponent(serviceType)}`,
            body,
            secrets: body.vars.map((v) => v.value),
            schema: variableImportSchema,
        });
        return { imported: data, serverDate: date };
    }

    private writeVariable(method: "POST" | "PUT", path: string, body: object): Promise<Variable> {
        const value = (body as { value?: unknown }).value;
        return this.request<Variable>({
            method,
            path,
            body,
            secrets: [typeof value === "string" ? value : undefined],
            schema: variableSchema,
        });
    }

    // ---- job deployments, and every other kind's (../qovery/deploymentWire.ts) ----

    /**
     * POST /job/{jobId}/redeploy: deploys the job's current version again (no body). Qovery
     * answers 409 while a deployment is in progress. Never retried blindly: it is not idempotent.
     */
    async redeployJob(jobId: string): Promise<{ status: JobStatus; serverDate: number | undefined }> {
        const { data, date } = await this.requestWithDate({
            method: "POST",
            path: `/job/${encodeURIComponent(jobId)}/redeploy`,
            schema: jobStatusSchema,
        });
        return { status: data, serverDate: date };
    }

    /** GET /job/{jobId}/status: the job's deployment state. */
    async jobStatus(jobId: string): Promise<JobStatus> {
        return this.request({
            method: "GET",
            path: `/job/${encodeURIComponent(jobId)}/status`,
            schema: jobStatusSchema,
        });
    }

    /**
     * POST /{kind}/{id}/redeploy (no body): a service's current version, or every service of an
     * environment, deployed again. 409 while a deployment is in progress; never retried blindly.
     */
    async redeploy(
        kind: DeployKind,
        id: string,
    ): Promise<{ status: DeploymentStatus; serverDate: number | undefined }> {
        const path = `/${DEPLOY_TARGETS[kind].segment}/${encodeURIComponent(id)}/redeploy`;
        if (kind === "ENVIRONMENT") {
            const { data, date } = await this.requestWithDate({
                method: "POST",
                path,
                schema: environmentStatusSchema,
            });
            return { status: environmentAsStatus(data), serverDate: date };
        }
        const { data, date } = await this.requestWithDate({ method: "POST", path, schema: serviceStatusSchema });
        return { status: data, serverDate: date };
    }

    /** The deployment state of a service or an environment, where the spec serves it (DEPLOY_TARGETS). */
    async deploymentStatus(kind: DeployKind, id: string): Promise<DeploymentStatus> {
        const wire = DEPLOY_TARGETS[kind];
        const path = `/${wire.segment}/${encodeURIComponent(id)}/status`;
        if (wire.status === "service") return this.request({ method: "GET", path, schema: serviceStatusSchema });
        if (wire.status === "environment") {
            return environmentAsStatus(await this.request({ method: "GET", path, schema: environmentStatusSchema }));
        }
        const environmentId = await this.environmentOfTerraform(id);
        const listPath = `/environment/${encodeURIComponent(environmentId)}/statuses`;
        const statuses = await this.request({ method: "GET", path: listPath, schema: environmentStatusesSchema });
        const own = statuses.terraforms.find((s) => s.id.toLowerCase() === id.toLowerCase());
        if (own === undefined) {
            throw new ResponseFormatError(
                "GET",
                listPath,
                `its \`terraforms\` list no status for terraform service ${id}, which \`GET /terraform/${id}\` places in environment ${environmentId}`,
            );
        }
        return own;
    }

    /** GET /terraform/{id}: its environment, read once per process (a service never changes environment). */
    private async environmentOfTerraform(terraformId: string): Promise<string> {
        const known = this.terraformEnvironments.get(terraformId);
        if (known !== undefined) return known;
        const terraform = await this.request({
            method: "GET",
            path: `/terraform/${encodeURIComponent(terraformId)}`,
            schema: terraformSchema,
        });
        this.terraformEnvironments.set(terraformId, terraform.environment.id);
        return terraform.environment.id;
    }

    // ---- reads whose paths and schemas live elsewhere (services.ts: an environment's services) ----

    /** GET of a read-only path, with this client's auth, retries, rate gate and error typing. */
    async read<T>(path: string, schema: z.ZodType<T>): Promise<T> {
        return this.request({ method: "GET", path, schema });
    }

    private write(api: VariableApi, method: "POST" | "PUT", path: string, body: object): Promise<VariableRow> {
        const value = (body as { value?: unknown }).value;
        return this.request<VariableRow>({
            method,
            path,
            body,
            secrets: [typeof value === "string" ? value : undefined],
            schema: rowSchemas[api],
        });
    }

    private async request<T>(spec: RequestSpec<T>): Promise<T> {
        return (await this.requestWithDate(spec)).data;
    }

    private async requestWithDate<T>(spec: RequestSpec<T>): Promise<{ data: T; date: number | undefined }> {
        for (let retry = 0; ; retry++) {
            try {
                return await this.attempt(spec);
            } catch (err) {
                if (err instanceof RateLimitError) {
                    // Every request of the process waits, not only this one.
                    this.gate.pause(Date.now() + (err.retryAfterMs ?? backoffDelayMs(retry, this.policy, this.random)));
                }
                const delayMs = isRetryable(spec.method, err)
                    ? nextDelayMs(retry, err, this.policy, this.random)
                    : undefined;
                if (delayMs === undefined) throw err;
                this.onRetry?.({
                    method: spec.method,
                    path: spec.path,
                    attempt: retry + 1,
                    delayMs,
                    reason: err instanceof ApiError ? String(err.status) : (err as Error).name,
                });
                await this.sleep(delayMs);
            }
        }
    }

    private async attempt<T>(spec: RequestSpec<T>): Promise<{ data: T; date: number | undefined }> {
        const hidden = [this.settings.token, ...(spec.secrets ?? [])];
        await this.gate.acquire();
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), this.timeoutMs);
        let response: Response;
        let text: string;
        try {
            response = await fetch(this.settings.baseUrl + spec.path, {
                method: spec.method,
                headers: {
                    Authorization: authorizationHeader(this.settings),
                    Accept: "application/json",
                    "User-Agent": USER_AGENT,
                    ...(spec.body === undefined ? {} : { "Content-Type": "application/json" }),
                },
                body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
                signal: controller.signal,
            });
            this.gate.observe(response.headers);
            text = await response.text();
        } catch (err) {
            if (isAbort(err)) throw new TimeoutError(spec.method, spec.path, this.timeoutMs);
            throw new NetworkError(spec.method, spec.path, errorCode(err));
        } finally {
            clearTimeout(timer);
            this.gate.release();
        }

        if (!response.ok) {
            throw apiErrorFor({
                status: response.status,
                method: spec.method,
                path: spec.path,
                // Redacted before it is shortened, in every form the secrets can take.
                qoveryMessage: qoveryMessageFrom(text, hidden),
                qoveryShaped: isQoveryErrorBody(text, response.status),
                retryAfterMs: response.status === 429 ? rateLimitWaitMs(response.headers, Date.now()) : undefined,
            });
        }
        const dateHeader = response.headers.get("date");
        const date = dateHeader === null ? undefined : Date.parse(dateHeader);
        const data = spec.schema === undefined ? (undefined as T) : parseBody(spec, text, hidden);
        return { data, date: Number.isNaN(date) ? undefined : date };
    }
}

function parseBody<T>(spec: RequestSpec<T>, text: string, hidden: readonly (string | undefined)[]): T {
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch {
        throw new ResponseFormatError(spec.method, spec.path, "the body is not JSON");
    }
    const parsed = spec.schema!.safeParse(json);
    if (!parsed.success) {
        const where = parsed.error.issues
            .slice(0, 3)
            .map((i) => `${i.path.join(".") || "(body)"} ${i.message}`)
            .join("; ");
        throw new ResponseFormatError(spec.method, spec.path, safeMessage(where, hidden));
    }
    return parsed.data;
}

function isAbort(err: unknown): boolean {
    return err instanceof Error && err.name === "AbortError";
}

function errorCode(err: unknown): string | undefined {
    if (err instanceof QoveryError) return undefined;
    const e = err as { code?: unknown; errno?: unknown };
    if (typeof e?.code === "string") return e.code;
    if (typeof e?.errno === "string") return e.errno;
    return undefined;
}

const API_SEGMENT: Record<VariableApi, string> = { secret: "secret", environmentVariable: "environmentVariable" };

export function jobVariablesPath(api: VariableApi, jobId: string): string {
    return `/job/${encodeURIComponent(jobId)}/${API_SEGMENT[api]}`;
}

export function jobVariablePath(api: VariableApi, jobId: string, id: string): string {
    return `${jobVariablesPath(api, jobId)}/${encodeURIComponent(id)}`;
}

export function jobSecretsPath(jobId: string): string {
    return jobVariablesPath("secret", jobId);
}

export function jobSecretPath(jobId: string, secretId: string): string {
    return jobVariablePath("secret", jobId, secretId);
}

/** GET /variable's path for one parent: its query names the parent and its scope. */
export function variablesListPath(scope: ApiScope, parentId: string): string {
    return `/variable?parent_id=${encodeURIComponent(parentId)}&scope=${encodeURIComponent(scope)}`;
}

export function variablePath(id: string): string {
    return `/variable/${encodeURIComponent(id)}`;
}
