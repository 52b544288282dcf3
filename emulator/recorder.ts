// The request log and the counters behind GET /__admin/requests and GET /__admin/stats.
import type { EmulatorStats, FaultKind, OperationStats, RequestLogEntry } from "./types";

export class Recorder {
    private log: RequestLogEntry[] = [];
    private seq = 0;
    private counters: EmulatorStats = emptyStats();
    private operations: OperationStats = {};

    requests(): RequestLogEntry[] {
        return this.log;
    }

    stats(): EmulatorStats {
        return this.counters;
    }

    /** Public requests by spec operation and status, for the operations the spec defines. */
    operationStats(): OperationStats {
        return this.operations;
    }

    /** Empties the log and the counters (sequence numbers keep growing). */
    clear(): void {
        this.log = [];
        this.counters = emptyStats();
        this.operations = {};
    }

    received(method: string): void {
        this.counters.requests++;
        this.counters.byMethod[method] = (this.counters.byMethod[method] ?? 0) + 1;
    }

    faulted(kind: FaultKind): void {
        this.counters.faults[kind] = (this.counters.faults[kind] ?? 0) + 1;
    }

    rateLimited(): void {
        this.counters.rateLimited++;
    }

    /** `operation` is the spec operation the request matched ("POST /job/{jobId}/secret"), if any. */
    record(operation: string | undefined, entry: Omit<RequestLogEntry, "seq">): void {
        this.log.push({ seq: ++this.seq, ...entry });
        if (operation === undefined) return;
        const counts = (this.operations[operation] ??= { requests: 0, byStatus: {} });
        counts.requests++;
        counts.byStatus[entry.status] = (counts.byStatus[entry.status] ?? 0) + 1;
    }
}

function emptyStats(): EmulatorStats {
    return { requests: 0, byMethod: {}, faults: {}, rateLimited: 0 };
}
