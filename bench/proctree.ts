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

/** Fields of /proc/<pid>/stat after the command name, which may hold spaces and parentheses. */
function statFields(pid: number | string): string[] | undefined {
    const stat = read(`/proc/${pid}/stat`);
    return stat ? stat.slice(stat.lastIndexOf(")") + 2).split(" ") : undefined;
}

/**
 * Descendants of root with their stat fields, from one scan of /proc. Parent links come from each
 * process's stat: /proc/<pid>/task/<tid>/children is documented as unreliable.
 */
function descendants(root: number): Map<number, string[]> {
    const all = new Map<number, string[]>();
    const kids = new Map<number, number[]>();
    for (const name of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(name)) continue;
        const fields = statFields(name);
        if (!fields) continue;
        const pid = Number(name);
        const ppid = Number(fields[1]);
        all.set(pid, fields);
        kids.set(ppid, [...(kids.get(ppid) ?? []), pid]);
    }
    const out = new Map<number, string[]>();
    const queue = [...(kids.get(root) ?? [])];
    while (queue.length > 0) {
        const pid = queue.pop()!;
        out.set(pid, all.get(pid)!);
        queue.push(...(kids.get(pid) ?? []));
    }
    return out;
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

/** utime + stime in seconds, from stat fields as statFields returns them. */
function cpuSeconds(fields: string[]): number {
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
    const seen = new Map<number, { role: Role; cpu: number }>();
    let peak: number | undefined;
    const poll = () => {
        for (const [pid, fields] of descendants(root)) {
            // Read again every time: a pid changes role when it execs (a forked `pulumi` not yet exec'd
            // into the plugin shim, the shim's `sh` into node); its last role is the one that counts.
            const role = roleOf(pid) ?? seen.get(pid)?.role;
            if (!role) continue;
            seen.set(pid, { role, cpu: cpuSeconds(fields) });
            if (role === "provider") peak = Math.max(peak ?? 0, highWaterMark(pid));
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
