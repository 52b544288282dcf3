// Client for the emulator's test-only /__admin endpoints, so tests need not hand-roll HTTP calls.
import type {
    ActiveFault,
    DeploymentRecord,
    DeploymentTiming,
    EmulatorConfig,
    EmulatorStats,
    EnvironmentInfo,
    FaultSpec,
    JobInfo,
    OperationStats,
    ProgrammedDeployment,
    ProjectInfo,
    RequestLogEntry,
    SeedRow,
    SeedSecret,
    SeedVariable,
    ServiceInfo,
    ServiceKind,
    StoredSecret,
    StoredVariable,
} from "../types";

/** Options of a project, environment or service made through the admin API. */
export interface WorldObjectOptions {
    /** Default: a random uuid. An existing id is kept (200) when it is the same kind of object in the same place. */
    id?: string;
    /** Default: "<kind>-<first 8 characters of the id>". */
    name?: string;
}

/** Options of an environment or a service. */
export interface BuiltInOptions extends WorldObjectOptions {
    /** Whether it holds its BUILT_IN rows (QOVERY_ENVIRONMENT_ID, QOVERY_<KIND>_Z<ID>_...); default true. */
    builtIns?: boolean;
}

type Deployments = (DeploymentRecord & { phase: string })[];

export class EmulatorAdmin {
    private readonly baseUrl: string;

    /** @param baseUrl the emulator's url (RunningEmulator.url) */
    constructor(baseUrl: string) {
        this.baseUrl = baseUrl.replace(/\/+$/, "");
    }

    /**
     * Creates a job (a random uuid when no id is given) and returns its id; existing ids are kept. Without
     * `environmentId` the job gets a project and an environment of its own and no BUILT_IN rows.
     */
    async createJob(
        options: WorldObjectOptions & { environmentId?: string; builtIns?: boolean } = {},
    ): Promise<string> {
        const { environmentId, builtIns, ...rest } = options;
        const body = { ...rest, environment_id: environmentId, built_ins: builtIns };
        return (await this.call<JobInfo>("POST", "/__admin/jobs", body)).id;
    }

    /** Creates a project and returns its id. */
    async createProject(options: WorldObjectOptions = {}): Promise<string> {
        return (await this.call<ProjectInfo>("POST", "/__admin/projects", options)).id;
    }

    /** Creates an environment in the project and returns its id. */
    async createEnvironment(projectId: string, options: BuiltInOptions = {}): Promise<string> {
        const { builtIns, ...rest } = options;
        const body = { ...rest, project_id: projectId, built_ins: builtIns };
        return (await this.call<EnvironmentInfo>("POST", "/__admin/environments", body)).id;
    }

    /** Creates a service of any kind in the environment and returns its id. */
    async createService(kind: ServiceKind, environmentId: string, options: BuiltInOptions = {}): Promise<string> {
        const { builtIns, ...rest } = options;
        const body = { ...rest, kind, environment_id: environmentId, built_ins: builtIns };
        return (await this.call<ServiceInfo>("POST", "/__admin/services", body)).id;
    }

    projects(): Promise<ProjectInfo[]> {
        return this.call("GET", "/__admin/projects");
    }

    environments(): Promise<EnvironmentInfo[]> {
        return this.call("GET", "/__admin/environments");
    }

    services(): Promise<ServiceInfo[]> {
        return this.call("GET", "/__admin/services");
    }

    /** Deletes the project, its environments and services, and every row they hold (with aliases and overrides of them). */
    async deleteProject(id: string): Promise<void> {
        await this.call("DELETE", `/__admin/projects/${encodeURIComponent(id)}`);
    }

    /** Deletes the environment, its services and their rows. */
    async deleteEnvironment(id: string): Promise<void> {
        await this.call("DELETE", `/__admin/environments/${encodeURIComponent(id)}`);
    }

    /** Deletes a service of any kind and its rows. */
    async deleteService(id: string): Promise<void> {
        await this.call("DELETE", `/__admin/services/${encodeURIComponent(id)}`);
    }

    /** Every row of every scope, values included, in creation order; or the list of one parent (what it sees). */
    storedRows(parentId?: string): Promise<StoredSecret[]> {
        return parentId === undefined
            ? this.call("GET", "/__admin/variables")
            : this.call("GET", `/__admin/parents/${encodeURIComponent(parentId)}/variables`);
    }

    /** Puts a row of any scope straight into the store (held by `parent_id`), e.g. a BUILT_IN of a service. */
    seedRow(row: SeedRow): Promise<StoredSecret> {
        return this.call("POST", "/__admin/variables", row);
    }

    /** Deletes a row of any scope (BUILT_IN included), with its aliases and overrides everywhere. */
    async deleteStoredRow(id: string): Promise<void> {
        await this.call("DELETE", `/__admin/variables/${encodeURIComponent(id)}`);
    }

    /** The deployments of a service of any kind (an environment redeploy adds one to each service), oldest first. */
    serviceDeployments(serviceId: string): Promise<Deployments> {
        return this.call("GET", `/__admin/services/${encodeURIComponent(serviceId)}/deployments`);
    }

    /** Programs the next deployment(s) of a service of any kind; returns its queue. */
    programServiceDeployment(
        serviceId: string,
        next: ProgrammedDeployment & { times?: number } = {},
    ): Promise<ProgrammedDeployment[]> {
        return this.call("POST", `/__admin/services/${encodeURIComponent(serviceId)}/deployments/next`, next);
    }

    /** The environment's redeploys, oldest first (each names the services it redeployed). */
    environmentDeployments(environmentId: string): Promise<Deployments> {
        return this.call("GET", `/__admin/environments/${encodeURIComponent(environmentId)}/deployments`);
    }

    /**
     * Programs the environment's next redeploy(s): outcome and durations of the environment and of its services'
     * records (a service's own programmed outcome wins for its record); returns the queue.
     */
    programEnvironmentDeployment(
        environmentId: string,
        next: ProgrammedDeployment & { times?: number } = {},
    ): Promise<ProgrammedDeployment[]> {
        return this.call("POST", `/__admin/environments/${encodeURIComponent(environmentId)}/deployments/next`, next);
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

    /**
     * Drops all secrets, variables and deployments (and programmed ones), the request log, stats and faults, and
     * restores the start-up config; projects, environments, services and jobs stay, with their BUILT_IN rows.
     */
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
