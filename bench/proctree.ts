/**
 * What the processes a Pulumi command starts cost: CPU time by role, and the peak resident memory
 * of the dynamic-provider process.
 *
 * Only descendants of this process are looked at: other Pulumi runs on the same machine (tests
 * running concurrently) must not count. VmHWM is the kernel's own high-water mark of the resident
 * set, so polling only has to catch the process alive, not at its peak; CPU time is the last value
 * seen, so a process's final 50 ms may be missed.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";

const POLL_MS = 50;

export type Role = "engine" | "language host" | "program" | "provider" | "other";
export const ROLES: Role[] = ["engine", "language host", "program", "provider", "other"];

/**
 * argv[1] of the provider process. The plugin shim (`pulumi-resource-pulumi-nodejs`) first runs
 * `node -e "require.resolve('@pulumi/pulumi/cmd/dynamic-provider')"`, whose command line also says
 * dynamic-provider: matching the script path instead of any substring keeps that short-lived node out.
 */
const PROVIDER_SCRIPT = /\/@pulumi\/pulumi\/cmd\/dynamic-provider(\/index\.js)?$/;
const PROGRAM_SCRIPT = /\/@pulumi\/pulumi\/cmd\/run(\/index\.js)?$/;

let ticksPerSecond: number | undefined;
function clockTicks(): number {
    ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    return ticksPerSecond;
}

function read(file: string): string | undefined {
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        return undefined; // the process ended between two reads
    }
}

function children(pid: number): number[] {
    let tasks: string[];
    try {
        tasks = fs.readdirSync(`/proc/${pid}/task`);
    } catch {
        return [];
    }
    // A child belongs to the thread that forked it (Go forks from any thread): read every task's list.
    const out: number[] = [];
    for (const tid of tasks) {
        for (const c of (read(`/proc/${pid}/task/${tid}/children`) ?? "").split(" ")) {
            if (c.trim()) out.push(Number(c));
        }
    }
    return out;
}

function descendants(root: number): number[] {
    const seen: number[] = [];
    const queue = children(root);
    while (queue.length > 0) {
        const pid = queue.pop()!;
        seen.push(pid);
        queue.push(...children(pid));
    }
    return seen;
}

function roleOf(pid: number): Role | undefined {
    const argv = (read(`/proc/${pid}/cmdline`) ?? "").split("\0");
    if (argv.length === 0 || argv[0] === "") return undefined;
    if (argv.length > 1 && PROVIDER_SCRIPT.test(argv[1])) return "provider";
    if (argv.length > 1 && PROGRAM_SCRIPT.test(argv[1])) return "program";
    if (/(^|\/)pulumi-language-nodejs$/.test(argv[0])) return "language host";
    if (/(^|\/)pulumi$/.test(argv[0])) return "engine";
    return "other";
}

/** utime + stime in seconds. */
function cpuSeconds(pid: number): number | undefined {
    const stat = read(`/proc/${pid}/stat`);
    if (!stat) return undefined;
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
}

/** VmHWM in bytes, or 0 when unreadable. */
function highWaterMark(pid: number): number {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(read(`/proc/${pid}/status`) ?? "");
    return m ? Number(m[1]) * 1024 : 0;
}

export interface ProcessReport {
    /** Largest VmHWM of a dynamic-provider process, bytes; undefined when none was seen. */
    providerPeakBytes?: number;
    /** CPU seconds by role, summed over that role's processes. */
    cpu: Record<Role, number>;
}

export interface ProcessWatch {
    stop(): ProcessReport;
}

export function watchProcesses(root: number = process.pid): ProcessWatch {
    // The role is read once per pid: the shim's `sh` execs node, so a pid first seen as "other" is re-read.
    const seen = new Map<number, { role: Role; cpu: number }>();
    let peak: number | undefined;
    const poll = () => {
        for (const pid of descendants(root)) {
            let p = seen.get(pid);
            if (!p || p.role === "other") {
                const role = roleOf(pid);
                if (!role) continue;
                p = { role, cpu: p?.cpu ?? 0 };
                seen.set(pid, p);
            }
            p.cpu = cpuSeconds(pid) ?? p.cpu;
            if (p.role === "provider") peak = Math.max(peak ?? 0, highWaterMark(pid));
        }
    };
    poll();
    const timer = setInterval(poll, POLL_MS);
    return {
        stop() {
            clearInterval(timer);
            poll();
            const cpu = Object.fromEntries(ROLES.map((r) => [r, 0])) as Record<Role, number>;
            for (const p of seen.values()) cpu[p.role] += p.cpu;
            return { providerPeakBytes: peak, cpu };
        },
    };
}
