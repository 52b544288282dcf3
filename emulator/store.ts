// The emulator's world: projects, environments in them, services of every kind in those, and one table
// of variable rows (secrets and plain variables of every scope) that the job routes and the /variable
// routes both read and write. Optionally mirrored to a JSON file after every write.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { HttpError } from "./http";
import type {
    DeploymentRecord,
    EnvironmentInfo,
    JobInfo,
    ProjectInfo,
    ServiceInfo,
    ServiceKind,
    StoredSecret,
} from "./types";

export interface StoredProject extends ProjectInfo {
    /** Made for a job created without an environment (POST /__admin/jobs): goes with that job. */
    implicit_for?: string;
}

export interface StoredEnvironment extends EnvironmentInfo {
    /** Whether it holds the BUILT_IN rows an environment has (made again by a reset). */
    built_ins: boolean;
    /** Environment redeploys, oldest first. */
    deployments: DeploymentRecord[];
    implicit_for?: string;
}

export interface StoredService extends ServiceInfo {
    built_ins: boolean;
    /** Bumped by every write to a row the service's list shows (what a deployment is judged against). */
    revision: number;
    /** Deploy and redeploy requests, oldest first (an environment redeploy adds one to each service). */
    deployments: DeploymentRecord[];
}

/** A variable row; every row has its parent and its kind (secret or not). */
export type StoredRow = StoredSecret;

/** The scope of a parent: what a row made at that parent has as `scope`. */
export type ParentScope = "PROJECT" | "ENVIRONMENT" | ServiceKind;

/** Something that holds rows and has a list: a project, an environment or a service. */
export interface Parent {
    scope: ParentScope;
    id: string;
    name: string;
    /** The parent's environment (itself for an environment; none for a project). */
    environmentId?: string;
    projectId: string;
}

/** Higher is lower in the hierarchy PROJECT > ENVIRONMENT > service. */
export function scopeRank(scope: string): number {
    if (scope === "PROJECT") return 0;
    if (scope === "ENVIRONMENT") return 1;
    return 2;
}

interface PersistedState {
    /** 1: jobs with secrets only; 2: jobs with variables, revision and deployments (both still read). */
    version: 3;
    projects: StoredProject[];
    environments: StoredEnvironment[];
    services: StoredService[];
    variables: StoredRow[];
}

/** A stable uuid from names, so a reset or a restart makes a built-in (or an implicit parent) with the same id. */
export function derivedId(...parts: string[]): string {
    const hex = createHash("sha1").update(parts.join("\0")).digest("hex");
    const variant = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The BUILT_IN rows of an environment or a service, as Qovery names them (see emulator/README.md). */
function builtInRows(owner: Parent, project: ProjectInfo, environment: EnvironmentInfo): Omit<StoredRow, "id">[] {
    const now = new Date().toISOString();
    const row = (key: string, value: string): Omit<StoredRow, "id"> => ({
        key,
        value,
        mount_path: null,
        description: null,
        enable_interpolation_in_file: false,
        scope: "BUILT_IN",
        parent_id: owner.id,
        is_secret: false,
        created_at: now,
        updated_at: now,
    });
    if (owner.scope === "ENVIRONMENT") {
        return [
            row("QOVERY_PROJECT_ID", project.id),
            row("QOVERY_ENVIRONMENT_ID", environment.id),
            row("QOVERY_ENVIRONMENT_NAME", environment.name),
        ];
    }
    const prefix = `QOVERY_${owner.scope}_Z${owner.id.slice(0, 8).toUpperCase()}`;
    const rows = [row(`${prefix}_NAME`, owner.name)];
    if (owner.scope === "APPLICATION" || owner.scope === "CONTAINER" || owner.scope === "HELM") {
        rows.push(row(`${prefix}_HOST_INTERNAL`, `${owner.name}.${environment.id.slice(0, 8)}.svc.cluster.local`));
    }
    return rows;
}

export class SecretStore {
    private projects = new Map<string, StoredProject>();
    private environments = new Map<string, StoredEnvironment>();
    private services = new Map<string, StoredService>();
    /** Creation order, which is also the order of every public list. */
    private rows: StoredRow[] = [];
    /** While a file is read: nothing is written back until it has all been read. */
    private loading = false;

    constructor(private readonly persistPath?: string) {
        if (persistPath && fs.existsSync(persistPath)) {
            this.loading = true;
            try {
                this.load(persistPath);
            } finally {
                this.loading = false;
            }
        }
    }

    // ---- the world ------------------------------------------------------------------------------

    listProjects(): ProjectInfo[] {
        return [...this.projects.values()].map(({ id, name }) => ({ id, name }));
    }

    listEnvironments(): EnvironmentInfo[] {
        return [...this.environments.values()].map(({ id, name, project_id }) => ({ id, name, project_id }));
    }

    listServices(kind?: ServiceKind): ServiceInfo[] {
        return [...this.services.values()]
            .filter((s) => kind === undefined || s.kind === kind)
            .map(({ id, name, kind: k, environment_id }) => ({ id, name, kind: k, environment_id }));
    }

    listJobs(): JobInfo[] {
        return this.listServices("JOB").map(({ id, name }) => ({ id, name }));
    }

    project(id: string): StoredProject | undefined {
        return this.projects.get(id);
    }

    environment(id: string): StoredEnvironment | undefined {
        return this.environments.get(id);
    }

    service(id: string, kind?: ServiceKind): StoredService | undefined {
        const service = this.services.get(id);
        return service && (kind === undefined || service.kind === kind) ? service : undefined;
    }

    hasJob(jobId: string): boolean {
        return this.service(jobId, "JOB") !== undefined;
    }

    job(jobId: string): JobInfo | undefined {
        const job = this.service(jobId, "JOB");
        return job && { id: job.id, name: job.name };
    }

    /** The services of an environment, in creation order. */
    servicesOf(environmentId: string): StoredService[] {
        return [...this.services.values()].filter((s) => s.environment_id === environmentId);
    }

    /** Any id taken by a project, an environment or a service. */
    private taken(id: string): boolean {
        return this.projects.has(id) || this.environments.has(id) || this.services.has(id);
    }

    /** Returns true when the project was created, false when it already existed. */
    addProject(id: string, name?: string): boolean {
        if (this.projects.has(id)) return false;
        if (this.taken(id)) throw new HttpError(409, `id ${id} is taken by another object`);
        this.projects.set(id, { id, name: name ?? `project-${id.slice(0, 8)}` });
        this.save();
        return true;
    }

    addEnvironment(id: string, projectId: string, options: { name?: string; builtIns?: boolean } = {}): boolean {
        const existing = this.environments.get(id);
        if (existing) {
            if (existing.project_id !== projectId) throw new HttpError(409, `environment ${id} is in another project`);
            return false;
        }
        if (!this.projects.has(projectId)) throw new HttpError(404, `no project ${projectId}`);
        if (this.taken(id)) throw new HttpError(409, `id ${id} is taken by another object`);
        const env: StoredEnvironment = {
            id,
            name: options.name ?? `environment-${id.slice(0, 8)}`,
            project_id: projectId,
            built_ins: options.builtIns ?? true,
            deployments: [],
        };
        this.environments.set(id, env);
        if (env.built_ins) this.addBuiltIns(id);
        this.save();
        return true;
    }

    addService(
        id: string,
        kind: ServiceKind,
        environmentId: string,
        options: { name?: string; builtIns?: boolean } = {},
    ): boolean {
        const existing = this.services.get(id);
        if (existing) {
            if (existing.kind !== kind || existing.environment_id !== environmentId) {
                throw new HttpError(409, `service ${id} exists with another kind or environment`);
            }
            return false;
        }
        if (!this.environments.has(environmentId)) throw new HttpError(404, `no environment ${environmentId}`);
        if (this.taken(id)) throw new HttpError(409, `id ${id} is taken by another object`);
        const service: StoredService = {
            id,
            name: options.name ?? `${kind.toLowerCase()}-${id.slice(0, 8)}`,
            kind,
            environment_id: environmentId,
            built_ins: options.builtIns ?? true,
            revision: 0,
            deployments: [],
        };
        this.services.set(id, service);
        if (service.built_ins) this.addBuiltIns(id);
        this.save();
        return true;
    }

    /**
     * A job with no environment of its own (POST /__admin/jobs, `jobs` at start-up): it gets a project and an
     * environment of its own, with ids derived from its id, and no BUILT_IN rows (its list starts empty).
     */
    addJob(id: string, name?: string, environmentId?: string, builtIns?: boolean): boolean {
        if (environmentId !== undefined) return this.addService(id, "JOB", environmentId, { name, builtIns });
        if (this.services.has(id)) {
            if (this.services.get(id)?.kind !== "JOB") throw new HttpError(409, `service ${id} is not a job`);
            return false;
        }
        const projectId = derivedId(id, "project");
        const envId = derivedId(id, "environment");
        if (!this.projects.has(projectId)) {
            this.projects.set(projectId, { id: projectId, name: `project-${id.slice(0, 8)}`, implicit_for: id });
        }
        if (!this.environments.has(envId)) {
            this.environments.set(envId, {
                id: envId,
                name: `environment-${id.slice(0, 8)}`,
                project_id: projectId,
                built_ins: false,
                deployments: [],
                implicit_for: id,
            });
        }
        return this.addService(id, "JOB", envId, {
            name: name ?? `job-${id.slice(0, 8)}`,
            builtIns: builtIns ?? false,
        });
    }

    /** Returns false when there was no such project; deletes its environments, services and rows. */
    deleteProject(id: string): boolean {
        if (!this.projects.has(id)) return false;
        for (const env of [...this.environments.values()]) if (env.project_id === id) this.dropEnvironment(env.id);
        this.projects.delete(id);
        this.dropRowsOf(new Set([id]));
        this.save();
        return true;
    }

    deleteEnvironment(id: string): boolean {
        if (!this.environments.has(id)) return false;
        this.dropEnvironment(id);
        this.save();
        return true;
    }

    /** Deletes the service, its rows, and (for a job with an implicit environment) that environment and project. */
    deleteService(id: string, kind?: ServiceKind): boolean {
        const service = this.service(id, kind);
        if (!service) return false;
        this.services.delete(id);
        this.dropRowsOf(new Set([id]));
        const env = this.environments.get(service.environment_id);
        if (env?.implicit_for === id) {
            this.dropEnvironment(env.id);
            const project = this.projects.get(env.project_id);
            if (project?.implicit_for === id) this.projects.delete(project.id);
        }
        this.save();
        return true;
    }

    deleteJob(id: string): boolean {
        return this.deleteService(id, "JOB");
    }

    private dropEnvironment(id: string): void {
        const gone = new Set([id]);
        for (const service of this.servicesOf(id)) {
            this.services.delete(service.id);
            gone.add(service.id);
        }
        this.environments.delete(id);
        this.dropRowsOf(gone);
    }

    /** Removes the rows held by these parents, and the aliases and overrides of them held elsewhere. */
    private dropRowsOf(parents: Set<string>): void {
        const ids = new Set(this.rows.filter((r) => parents.has(r.parent_id)).map((r) => r.id));
        this.rows = this.rows.filter(
            (r) =>
                !ids.has(r.id) &&
                !(r.alias_of !== undefined && ids.has(r.alias_of)) &&
                !(r.override_of !== undefined && ids.has(r.override_of)),
        );
    }

    private addBuiltIns(ownerId: string): void {
        const owner = this.parent(ownerId);
        if (!owner) return;
        const environment = this.environments.get(owner.environmentId as string);
        const project = environment && this.projects.get(environment.project_id);
        if (!environment || !project) return;
        for (const row of builtInRows(owner, project, environment)) {
            const id = derivedId(ownerId, row.key);
            if (!this.rows.some((r) => r.id === id)) this.rows.push({ id, ...row });
        }
    }

    // ---- parents and lists ----------------------------------------------------------------------

    /** The project, environment or service of this id (whatever its kind). */
    parent(id: string): Parent | undefined {
        const project = this.projects.get(id);
        if (project) return { scope: "PROJECT", id, name: project.name, projectId: id };
        const env = this.environments.get(id);
        if (env) return { scope: "ENVIRONMENT", id, name: env.name, environmentId: id, projectId: env.project_id };
        const service = this.services.get(id);
        const serviceEnv = service && this.environments.get(service.environment_id);
        if (service && serviceEnv) {
            return {
                scope: service.kind,
                id,
                name: service.name,
                environmentId: serviceEnv.id,
                projectId: serviceEnv.project_id,
            };
        }
        return undefined;
    }

    /** Whether the parent's list shows the row: its own rows, those of the parents above it, and BUILT_IN rows of its environment. */
    sees(parent: Parent, row: StoredRow): boolean {
        if (row.parent_id === parent.id || row.parent_id === parent.projectId) return true;
        if (parent.environmentId === undefined) return false;
        if (row.parent_id === parent.environmentId) return true;
        // BUILT_IN rows of every service of the environment are seen by all of it (to alias a database's URL...).
        return row.scope === "BUILT_IN" && this.services.get(row.parent_id)?.environment_id === parent.environmentId;
    }

    /** What GET /variable?parent_id= (and a job's lists) show: rows it sees, in creation order. */
    listOf(parent: Parent): StoredRow[] {
        return this.rows.filter((r) => this.sees(parent, r));
    }

    row(id: string): StoredRow | undefined {
        return this.rows.find((r) => r.id === id);
    }

    /** Every row, in creation order (the admin API's view). */
    allRows(): StoredRow[] {
        return this.rows;
    }

    /** The parents whose lists show a row held by `holder` (with `scope`): it and every parent below it. */
    private listsShowing(holder: Parent, scope: string): Parent[] {
        const below = (p: Parent): boolean =>
            p.id === holder.id ||
            (holder.scope === "PROJECT" && p.projectId === holder.id) ||
            (holder.scope === "ENVIRONMENT" && p.environmentId === holder.id) ||
            (scope === "BUILT_IN" && holder.environmentId !== undefined && p.environmentId === holder.environmentId);
        return [...this.projects.keys(), ...this.environments.keys(), ...this.services.keys()]
            .map((id) => this.parent(id))
            .filter((p): p is Parent => p !== undefined && below(p));
    }

    /**
     * The rule that keeps every list free of duplicate keys: a key taken in any list that would show a
     * row of `holder` is a 409, except by the rows in `except` (an override shares its target's key).
     */
    assertKeyFree(holder: Parent, scope: string, key: string, except: Iterable<string | undefined> = []): void {
        const allowed = new Set(except);
        for (const list of this.listsShowing(holder, scope)) {
            if (this.listOf(list).some((r) => r.key === key && !allowed.has(r.id))) {
                throw new HttpError(409, `Variable already exists: ${key}`);
            }
        }
    }

    /** The ids that may share the key of an override of `target`: the target and its other overrides. */
    overrideFamily(target: StoredRow): string[] {
        return [target.id, ...this.rows.filter((r) => r.override_of === target.id).map((r) => r.id)];
    }

    // ---- writes ---------------------------------------------------------------------------------

    /** Adds a row (the caller checked the rules) and records the write. */
    add(row: StoredRow): void {
        this.rows.push(row);
        this.written([row]);
    }

    /**
     * Adds a row without recording the write: for a bulk operation whose later checks must see it, and
     * which then records all its rows with one written() (one save, one revision per service).
     */
    addUnrecorded(row: StoredRow): void {
        this.rows.push(row);
    }

    /** Removes a row and, as Qovery does, its aliases and overrides wherever they are. Returns what went. */
    remove(id: string): StoredRow[] {
        const removed = this.rows.filter((r) => r.id === id || r.alias_of === id || r.override_of === id);
        this.rows = this.rows.filter((r) => !removed.includes(r));
        this.written(removed);
        return removed;
    }

    /** Records a change to these rows: every service whose list shows one of them is out of date; saves. */
    written(rows: StoredRow[]): void {
        for (const service of this.services.values()) {
            const parent = this.parent(service.id);
            if (parent && rows.some((r) => this.sees(parent, r))) service.revision++;
        }
        this.save();
    }

    /** Empties every row and deployment, then makes the BUILT_IN rows again; the world stays. */
    clearJobData(): void {
        this.rows = [];
        for (const env of this.environments.values()) {
            env.deployments = [];
            if (env.built_ins) this.addBuiltIns(env.id);
        }
        for (const service of this.services.values()) {
            service.revision = 0;
            service.deployments = [];
            if (service.built_ins) this.addBuiltIns(service.id);
        }
        this.save();
    }

    // ---- persistence ----------------------------------------------------------------------------

    save(): void {
        if (!this.persistPath || this.loading) return;
        const state: PersistedState = {
            version: 3,
            projects: [...this.projects.values()],
            environments: [...this.environments.values()],
            services: [...this.services.values()],
            variables: this.rows,
        };
        fs.mkdirSync(path.dirname(this.persistPath), { recursive: true });
        // Write-then-rename so a crash mid-write never leaves a truncated file; 0600 because it holds values.
        const tmp = `${this.persistPath}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, JSON.stringify(state, null, 2), { mode: 0o600 });
        fs.renameSync(tmp, this.persistPath);
    }

    private load(file: string): void {
        let state: unknown;
        try {
            state = JSON.parse(fs.readFileSync(file, "utf8"));
        } catch (err) {
            throw new Error(`emulator state file ${file} is not valid JSON: ${(err as Error).message}`);
        }
        const record = (state ?? {}) as Record<string, unknown>;
        if (record.version === 3) this.loadWorld(file, record);
        else this.loadJobs(file, record);
    }

    private loadWorld(file: string, state: Record<string, unknown>): void {
        const arrays = ["projects", "environments", "services", "variables"] as const;
        for (const name of arrays) {
            if (!Array.isArray(state[name])) throw new Error(`emulator state file ${file} has no "${name}" array`);
        }
        const s = state as unknown as PersistedState;
        for (const p of s.projects) this.projects.set(p.id, p);
        for (const e of s.environments) this.environments.set(e.id, e);
        for (const v of s.services) this.services.set(v.id, v);
        this.rows = s.variables;
    }

    /** Versions 1 and 2: a list of jobs, each with its own rows (inherited ones seeded into it). */
    private loadJobs(file: string, state: Record<string, unknown>): void {
        const jobs = state.jobs;
        if (!Array.isArray(jobs)) throw new Error(`emulator state file ${file} has no "jobs" array`);
        for (const job of jobs as Record<string, unknown>[]) {
            const { id, secrets, variables, deployments } = job ?? {};
            if (
                typeof id !== "string" ||
                !Array.isArray(secrets) ||
                (variables !== undefined && !Array.isArray(variables)) ||
                (deployments !== undefined && !Array.isArray(deployments))
            ) {
                throw new Error(`emulator state file ${file} has a malformed job entry`);
            }
            const name = typeof job.name === "string" ? job.name : undefined;
            this.addJob(id, name);
            const service = this.services.get(id) as StoredService;
            service.revision = typeof job.revision === "number" ? job.revision : 0;
            service.deployments = (deployments ?? []) as DeploymentRecord[];
            const env = this.environments.get(service.environment_id) as StoredEnvironment;
            const holder = (scope: string): string =>
                scope === "PROJECT" ? env.project_id : scope === "ENVIRONMENT" ? env.id : id;
            for (const [list, isSecret] of [
                [secrets, true],
                [variables ?? [], false],
            ] as const) {
                for (const row of list as StoredRow[]) {
                    this.rows.push({ ...row, parent_id: holder(row.scope), is_secret: isSecret });
                }
            }
        }
    }
}
