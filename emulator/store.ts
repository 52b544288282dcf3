// In-memory jobs with their secrets and variables, optionally mirrored to a JSON file after every write.
import * as fs from "node:fs";
import * as path from "node:path";
import type { DeploymentRecord, JobInfo, StoredSecret, StoredVariable } from "./types";

export interface StoredJob extends JobInfo {
    /** Creation order, which is also the list order of the public API. */
    secrets: StoredSecret[];
    variables: StoredVariable[];
    /** Bumped by every write to the job's secrets or variables (what a deployment is judged against). */
    revision: number;
    /** Deploy and redeploy requests, oldest first. */
    deployments: DeploymentRecord[];
}

interface PersistedState {
    /** 1: jobs with secrets only (still read); 2: with variables, revision and deployments. */
    version: 2;
    jobs: StoredJob[];
}

export class SecretStore {
    private jobs = new Map<string, StoredJob>();

    constructor(private readonly persistPath?: string) {
        if (persistPath && fs.existsSync(persistPath)) this.load(persistPath);
    }

    hasJob(jobId: string): boolean {
        return this.jobs.has(jobId);
    }

    job(jobId: string): JobInfo | undefined {
        const job = this.jobs.get(jobId);
        return job && { id: job.id, name: job.name };
    }

    /** The live record; callers must call written() or save() after mutating it. */
    record(jobId: string): StoredJob | undefined {
        return this.jobs.get(jobId);
    }

    listJobs(): JobInfo[] {
        return [...this.jobs.values()].map(({ id, name }) => ({ id, name }));
    }

    /** Returns true when the job was created, false when it already existed. */
    addJob(id: string, name?: string): boolean {
        if (this.jobs.has(id)) return false;
        this.jobs.set(id, {
            id,
            name: name ?? `job-${id.slice(0, 8)}`,
            secrets: [],
            variables: [],
            revision: 0,
            deployments: [],
        });
        this.save();
        return true;
    }

    /** Returns false when there was no such job. */
    deleteJob(id: string): boolean {
        const existed = this.jobs.delete(id);
        if (existed) this.save();
        return existed;
    }

    /** Live array of the job's secrets; callers must call written() after mutating. */
    secrets(jobId: string): StoredSecret[] | undefined {
        return this.jobs.get(jobId)?.secrets;
    }

    /** Live array of the job's environment variables; callers must call written() after mutating. */
    variables(jobId: string): StoredVariable[] | undefined {
        return this.jobs.get(jobId)?.variables;
    }

    /** Records a change to the job's secrets or variables, and saves. */
    written(jobId: string): void {
        const job = this.jobs.get(jobId);
        if (job) job.revision++;
        this.save();
    }

    /** Empties every job's secrets, variables and deployments; the jobs stay. */
    clearJobData(): void {
        for (const job of this.jobs.values()) {
            job.secrets = [];
            job.variables = [];
            job.revision = 0;
            job.deployments = [];
        }
        this.save();
    }

    save(): void {
        if (!this.persistPath) return;
        const state: PersistedState = { version: 2, jobs: [...this.jobs.values()] };
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
        const jobs = (state as Partial<PersistedState> | null)?.jobs;
        if (!Array.isArray(jobs)) throw new Error(`emulator state file ${file} has no "jobs" array`);
        for (const job of jobs as Partial<StoredJob>[]) {
            if (typeof job?.id !== "string" || !Array.isArray(job.secrets)) {
                throw new Error(`emulator state file ${file} has a malformed job entry`);
            }
            if (
                (job.variables !== undefined && !Array.isArray(job.variables)) ||
                (job.deployments !== undefined && !Array.isArray(job.deployments))
            ) {
                throw new Error(`emulator state file ${file} has a malformed job entry`);
            }
            this.jobs.set(job.id, {
                ...job,
                id: job.id,
                name: job.name ?? `job-${job.id.slice(0, 8)}`,
                secrets: job.secrets,
                variables: job.variables ?? [],
                revision: typeof job.revision === "number" ? job.revision : 0,
                deployments: job.deployments ?? [],
            });
        }
    }
}
