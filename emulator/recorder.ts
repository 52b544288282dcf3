// The request log and the counters behind GET /__admin/requests and GET /__admin/stats.
import type { EmulatorStats, FaultKind, RequestLogEntry } from "./types";

export class Recorder {
    private log: RequestLogEntry[] = [];
    private seq = 0;
    private counters: EmulatorStats = emptyStats();

    requests(): RequestLogEntry[] {
        return this.log;
    }

    stats(): EmulatorStats {
        return this.counters;
    }

    /** Empties the log and the counters (sequence numbers keep growing). */
    clear(): void {
        this.log = [];
        this.counters = emptyStats();
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

    record(entry: Omit<RequestLogEntry, "seq">): void {
        this.log.push({ seq: ++this.seq, ...entry });
    }
}

function emptyStats(): EmulatorStats {
    return { requests: 0, byMethod: {}, faults: {}, rateLimited: 0 };
}
