/** What the benchmark ran on, for the report. */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface Machine {
    nproc: string;
    memory: string;
    cpu: string;
    node: string;
    pulumiCli: string;
    pulumiSdk: string;
    date: string;
}

function sh(cmd: string, args: string[]): string {
    try {
        return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
        return "unknown";
    }
}

export function describeMachine(consumerDir: string): Machine {
    const cpuinfo = fs.readFileSync("/proc/cpuinfo", "utf8");
    const meminfo = fs.readFileSync("/proc/meminfo", "utf8");
    const memKb = Number(/^MemTotal:\s+(\d+) kB/m.exec(meminfo)?.[1] ?? 0);
    const sdkPkg = path.join(consumerDir, "node_modules", "@pulumi", "pulumi", "package.json");
    return {
        nproc: sh("nproc", []),
        memory: `${(memKb / 1024 / 1024).toFixed(1)} GiB`,
        cpu: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? "unknown",
        node: process.version,
        pulumiCli: sh("pulumi", ["version"]),
        pulumiSdk: JSON.parse(fs.readFileSync(sdkPkg, "utf8")).version,
        date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    };
}

/** The 1-minute load average: other work on the machine skews timings, so the report shows it. */
export function loadAverage(): string {
    return os.loadavg()[0].toFixed(2);
}
