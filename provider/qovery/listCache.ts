/**
 * Coalesces the reads of one job's secrets inside the provider process. There is no GET of
 * one secret, so a refresh of N secrets of a job would otherwise list the job N times: the
 * concurrent and later reads share one list, until this process writes to that job.
 */
import type { Secret } from "./wire";

export class JobListCache {
    private readonly lists = new Map<string, { at: number; secrets: Promise<Secret[]> }>();

    constructor(
        private readonly maxAgeMs = 60_000,
        private readonly now: () => number = Date.now,
    ) {}

    /** The job's secrets, from a list made less than `maxAgeMs` ago or in flight, else from `load`. */
    get(jobId: string, load: () => Promise<Secret[]>): Promise<Secret[]> {
        const cached = this.lists.get(jobId);
        if (cached && this.now() - cached.at < this.maxAgeMs) return cached.secrets;
        const secrets = load();
        const entry = { at: this.now(), secrets };
        this.lists.set(jobId, entry);
        // A failed list is not kept: the next read tries again.
        secrets.catch(() => {
            if (this.lists.get(jobId) === entry) this.lists.delete(jobId);
        });
        return secrets;
    }

    /** Forgets the job's list: called on every write to the job. */
    invalidate(jobId: string): void {
        this.lists.delete(jobId);
    }
}
