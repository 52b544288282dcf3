/**
 * Coalesces the reads of one job's list inside the provider process. There is no GET of one
 * variable, so a refresh of N resources of a job would otherwise list the job N times: the
 * concurrent and later reads share one list, until this process writes to that job. The
 * provider keeps one cache per API (secrets, environment variables), so a refresh costs one
 * list per job per API, shared by every resource class.
 */
import type { Secret } from "./wire";

export class JobListCache<T = Secret> {
    private readonly lists = new Map<string, { at: number; rows: Promise<T[]> }>();

    constructor(
        private readonly maxAgeMs = 60_000,
        private readonly now: () => number = Date.now,
    ) {}

    /** The job's rows, from a list made less than `maxAgeMs` ago or in flight, else from `load`. */
    get(jobId: string, load: () => Promise<T[]>): Promise<T[]> {
        const cached = this.lists.get(jobId);
        if (cached && this.now() - cached.at < this.maxAgeMs) return cached.rows;
        const rows = load();
        const entry = { at: this.now(), rows };
        this.lists.set(jobId, entry);
        // A failed list is not kept: the next read tries again.
        rows.catch(() => {
            if (this.lists.get(jobId) === entry) this.lists.delete(jobId);
        });
        return rows;
    }

    /** Forgets the job's list: called on every write to the job. */
    invalidate(jobId: string): void {
        this.lists.delete(jobId);
    }

    /** Forgets every list whose key passes the test (a write above a service changes what its lists show). */
    invalidateWhere(test: (key: string) => boolean): void {
        for (const key of [...this.lists.keys()]) if (test(key)) this.lists.delete(key);
    }
}
