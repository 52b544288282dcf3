// Client for the emulator's test-only /__admin endpoints, so tests need not hand-roll HTTP calls.
import type {
    ActiveFault,
    DeploymentRecord,
    DeploymentTiming,
    EmulatorConfig,
    EmulatorStats,
    FaultSpec,
    JobInfo,
    OperationStats,
    ProgrammedDeployment,
    RequestLogEntry,
    SeedSecret,
    SeedVariable,
    StoredSecret,
    StoredVariable,
} from "../types";

export class EmulatorAdmin {
    private readonly baseUrl: string;

    /** @param baseUrl the emulator's url (RunningEmulator.url) */
    constructor(baseUrl: string) {
        this.baseUrl = baseUrl.replace(/\/+$/, "");
    }

    /** Creates a job (a random uuid when no id is given) and returns its id; existing ids are kept. */
    async createJob(options: { id?: string; name?: string } = {}): Promise<string> {
        return (await this.call<JobInfo>("POST", "/__admin/jobs", options)).id;
    }

    jobs(): Promise<JobInfo[]> {
        return this.call("GET", "/__admin/jobs");
    }

    /** Everything stored for the job's secrets, values and mount paths included. */
    storedSecrets(jobId: string): Promise<StoredSecret[]> {
        return this.call("GET", `/__admin/jobs/${encodeURIComponent(jobId)}/secrets`);
    }

    /** Puts a secret straight into the store, e.g. an inherited PROJECT secret. */
    seedSecret(jobId: string, secret: SeedSecret): Promise<StoredSecret> {
        return this.call("POST", `/__admin/jobs/${encodeURIComponent(jobId)}/secrets`, secret);
    }

    /** Deletes a secret of any scope (e.g. a seeded inherited one), with its aliases and overrides. */
    async deleteStoredSecret(jobId: string, secretId: string): Promise<void> {
        await this.call("DELETE", `/__admin/jobs/${encodeURIComponent(jobId)}/secrets/${encodeURIComponent(secretId)}`);
    }

    /** Everything stored for the job's environment variables (an alias's own value is null). */
    storedVariables(jobId: string): Promise<StoredVariable[]> {
        return this.call("GET", `/__admin/jobs/${encodeURIComponent(jobId)}/variables`);
    }

    /** Puts a variable straight into the store, e.g. an inherited ENVIRONMENT or BUILT_IN variable. */
    seedVariable(jobId: string, variable: SeedVariable): Promise<StoredVariable> {
        return this.call("POST", `/__admin/jobs/${encodeURIComponent(jobId)}/variables`, variable);
    }

    /** Deletes a variable of any scope, with its aliases and overrides. */
    async deleteStoredVariable(jobId: string, variableId: string): Promise<void> {
        await this.call(
            "DELETE",
            `/__admin/jobs/${encodeURIComponent(jobId)}/variables/${encodeURIComponent(variableId)}`,
        );
    }

    /** Deletes the job and everything it holds; its public routes then answer 404. */
    async deleteJob(jobId: string): Promise<void> {
        await this.call("DELETE", `/__admin/jobs/${encodeURIComponent(jobId)}`);
    }

    requests(): Promise<RequestLogEntry[]> {
        return this.call("GET", "/__admin/requests");
    }

    /** Also resets the stats. */
    async clearRequests(): Promise<void> {
        await this.call("DELETE", "/__admin/requests");
    }

    /** Counters of public requests, faults and rate-limiter 429s since the last reset or clearRequests. */
    stats(): Promise<EmulatorStats> {
        return this.call("GET", "/__admin/stats");
    }

    /** The job's accepted deploy and redeploy requests, oldest first, each with its phase now. */
    deployments(jobId: string): Promise<(DeploymentRecord & { phase: string })[]> {
        return this.call("GET", `/__admin/jobs/${encodeURIComponent(jobId)}/deployments`);
    }

    /** Programs the outcome and durations of the job's next deployment (`times` of them); returns the queue. */
    programDeployment(
        jobId: string,
        next: ProgrammedDeployment & { times?: number } = {},
    ): Promise<ProgrammedDeployment[]> {
        return this.call("POST", `/__admin/jobs/${encodeURIComponent(jobId)}/deployments/next`, next);
    }

    /** Default step durations of deployments; only the fields given change. `reset` restores the start-up ones. */
    setDeploymentTiming(timing: Partial<DeploymentTiming>): Promise<DeploymentTiming> {
        return this.call("PUT", "/__admin/deployment-timing", timing);
    }

    /** Public requests by spec operation ("PUT /job/{jobId}/secret/{secretId}") and status, since the same resets. */
    operationStats(): Promise<OperationStats> {
        return this.call("GET", "/__admin/stats/operations");
    }

    fault(spec: FaultSpec): Promise<ActiveFault> {
        return this.call("POST", "/__admin/faults", spec);
    }

    faults(): Promise<ActiveFault[]> {
        return this.call("GET", "/__admin/faults");
    }

    async clearFaults(): Promise<void> {
        await this.call("DELETE", "/__admin/faults");
    }

    /** Changes only the fields given; giving `chaos` restarts its seeded sequence, `rateLimit` its window. */
    configure(config: Partial<EmulatorConfig>): Promise<EmulatorConfig> {
        return this.call("PUT", "/__admin/config", config);
    }

    /** Drops all secrets, variables and deployments (and programmed ones), the request log, stats and faults, and restores the start-up config; jobs stay. */
    async reset(): Promise<void> {
        await this.call("POST", "/__admin/reset");
    }

    private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
        const res = await fetch(this.baseUrl + path, {
            method,
            headers: body === undefined ? {} : { "Content-Type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        if (!res.ok) throw new Error(`emulator admin ${method} ${path} failed: ${res.status} ${text}`);
        return (text ? JSON.parse(text) : undefined) as T;
    }
}
