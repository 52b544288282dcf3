/** Renders the benchmark's results as markdown. */
import { byOperation, type CallsRun } from "./calls";
import type { Measurement, Operation, StateSize } from "./cli";
import type { HookTiming } from "./hooks";
import type { Machine } from "./machine";
import { ROLES } from "./proctree";
import { median } from "./stats";

export interface Results {
    command: string;
    smoke: boolean;
    parallel: number;
    reps: number;
    machine: Machine;
    loadStart: string;
    loadEnd: string;
    benchSeconds: number;
    apiNs: number[];
    timeNs: number[];
    latencies: number[];
    memNs: number[];
    state: { n: number; jobsecret: StateSize; noop: StateSize; providerText?: string };
    /** Runs by key(kind, n, latency, op). */
    runs: Map<string, Measurement[]>;
    hooks: HookTiming[];
    /** How the no-op baseline was configured, when not as by default. */
    baselineNote?: string;
    calls: CallsResults;
}

export interface CallsResults {
    runs: CallsRun[];
    /** The CLI's default `--parallel` on this machine: 4 per CPU. */
    defaultParallel: number;
    seconds: number;
}

/** One target's outcome; timing targets are never asserted on (machines are noisy). */
export interface Verdict {
    what: string;
    ok: boolean;
    timing: boolean;
}

export const TARGETS = {
    providerBytes: 1500,
    ratioAt0: 1.1,
    slackAtLatency: 1.2,
    /**
     * Requests of a fresh `up` of 1,000 variables over 20 services (issue 18): at the default
     * parallelism of a 2-core machine (8), and with `--parallel 64`.
     */
    bulkUp: { n: 1000, services: 20, atDefault: 300, minDefaultParallel: 8, at64: 60 },
};

export function key(kind: string, n: number, latencyMs: number, op: Operation): string {
    return `${kind}|${n}|${latencyMs}|${op}`;
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const secs = (s: number) => `${s.toFixed(2)} s`;
const mib = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;

/** Records a target's outcome and renders it for the table's "met" column. */
function judge(verdicts: Verdict[], what: string, ok: boolean, timing = false): string {
    verdicts.push({ what, ok, timing });
    return ok ? "met" : "**not met**";
}

function table(head: string[], rows: string[][]): string {
    return [
        `| ${head.join(" | ")} |`,
        `| ${head.map(() => "---").join(" | ")} |`,
        ...rows.map((r) => `| ${r.join(" | ")} |`),
    ].join("\n");
}

/** "253" when every resource has the same size, else "min–max". */
function spread(xs: number[]): string {
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    return lo === hi ? int(lo) : `${int(lo)}–${int(hi)}`;
}

function stateTable(r: Results, v: Verdict[]): string {
    const { jobsecret: js, noop, n } = r.state;
    const maxIn = Math.max(...js.providerInputBytes);
    const maxOut = Math.max(...js.providerOutputBytes);
    const target = `≤ ${int(TARGETS.providerBytes)}`;
    return table(
        ["measure (after `up` of N = " + n + ")", "JobSecret", "no-op baseline", "target", "met"],
        [
            [
                "`__provider` in inputs, bytes per resource",
                spread(js.providerInputBytes),
                spread(noop.providerInputBytes),
                target,
                judge(v, `__provider in inputs: ${maxIn} bytes`, maxIn <= TARGETS.providerBytes),
            ],
            [
                "`__provider` in outputs, bytes per resource",
                spread(js.providerOutputBytes),
                spread(noop.providerOutputBytes),
                target,
                judge(v, `__provider in outputs: ${maxOut} bytes`, maxOut <= TARGETS.providerBytes),
            ],
            ["state file, bytes", int(js.stateFileBytes), int(noop.stateFileBytes), "", ""],
            ["state file, bytes per secret", int(js.stateFileBytes / n), int(noop.stateFileBytes / n), "", ""],
        ],
    );
}

function methods(m: Measurement): string {
    const entries = Object.entries(m.byMethod).filter(([, c]) => c > 0);
    return entries.length === 0 ? "none" : entries.map(([k, c]) => `${k} ${c}`).join(", ");
}

function apiTable(r: Results, v: Verdict[]): string {
    const rows: string[][] = [];
    const ops: Operation[] = ["up", "preview", "refresh", "destroy"];
    for (const n of r.apiNs) {
        for (const op of ops) {
            // Every JobSecret run of this N and operation, whatever the latency: the count must not vary.
            const all = r.latencies.flatMap((l) => r.runs.get(key("jobsecret", n, l, op)) ?? []);
            if (all.length === 0) continue;
            const want = op === "preview" ? 0 : op === "refresh" ? 1 : n;
            const method = op === "up" ? "POST" : op === "destroy" ? "DELETE" : op === "refresh" ? "GET" : undefined;
            const ok = all.every((m) => m.requests === want && (method === undefined || m.byMethod[method] === want));
            const counts = [...new Set(all.map((m) => m.requests))];
            const targetText =
                op === "preview" ? "0" : op === "refresh" ? "1 (`GET` list, one job)" : `${n} (${method})`;
            rows.push([
                String(n),
                `\`${op}\``,
                counts.join(" / "),
                methods(all[0]),
                String(all.length),
                targetText,
                judge(v, `N=${n} ${op}: ${counts.join(" / ")} API requests`, ok),
            ]);
        }
    }
    return table(["N", "operation", "API requests", "by method", "runs", "target", "met"], rows);
}

/** The calls table: each size and parallelism, coalescing on, with one POST per variable beside it. */
export function callsTable(c: CallsResults, v: Verdict[]): string {
    const rows: string[][] = [];
    const find = (x: CallsRun, op: Operation, bulk: boolean) =>
        c.runs.find(
            (r) =>
                r.n === x.n && r.services === x.services && r.parallel === x.parallel && r.op === op && r.bulk === bulk,
        );
    const cases = c.runs.filter((r) => r.bulk && r.op === "up");
    const goal = TARGETS.bulkUp;
    for (const first of cases) {
        const { n, services, parallel } = first;
        const p = parallel === null ? `default (${c.defaultParallel})` : `\`--parallel ${parallel}\``;
        const where = `N=${n} S=${services} ${parallel === null ? "default parallelism" : `--parallel ${parallel}`}`;
        for (const op of ["up", "preview", "refresh", "destroy"] as Operation[]) {
            const on = find(first, op, true);
            if (on === undefined) continue;
            const off = find(first, op, false);
            let target = "";
            let met = "";
            if (op === "up") {
                const isGoal = n === goal.n && services === goal.services;
                const limit =
                    !isGoal || (parallel === null && c.defaultParallel < goal.minDefaultParallel)
                        ? undefined
                        : parallel === null
                          ? goal.atDefault
                          : parallel === 64
                            ? goal.at64
                            : undefined;
                if (limit !== undefined) {
                    target = `≤ ${limit}`;
                    met = judge(v, `calls ${where} up: ${on.m.requests} requests`, on.m.requests <= limit);
                }
                if (off !== undefined) {
                    const ok = off.m.requests === n && off.m.byOperation["POST /variable"] === n;
                    target += `${target ? "; " : ""}off: ${n} (POST)`;
                    met += `${met ? "; " : ""}${judge(v, `calls ${where} up, bulkCreate false: ${off.m.requests} requests`, ok)}`;
                }
            } else if (op === "preview") {
                target = "0";
                met = judge(v, `calls ${where} preview: ${on.m.requests} requests`, on.m.requests === 0);
            } else if (op === "refresh") {
                const lists = on.m.byOperation["GET /variable"] ?? 0;
                target = `≤ ${services} (one list per service)`;
                met = judge(
                    v,
                    `calls ${where} refresh: ${on.m.requests} requests`,
                    on.m.requests === lists && lists <= services,
                );
            } else {
                const ok = [on, off].every(
                    (r) =>
                        r === undefined ||
                        (r.m.requests === n && r.m.byOperation["DELETE /variable/{variableId}"] === n),
                );
                target = `${n} (DELETE)`;
                met = judge(v, `calls ${where} destroy: ${on.m.requests} / ${off?.m.requests ?? "-"} requests`, ok);
            }
            rows.push([
                int(n),
                String(services),
                p,
                `\`${op}\``,
                int(on.m.requests),
                byOperation(on.m),
                off === undefined ? "—" : `${int(off.m.requests)} (${byOperation(off.m)})`,
                target,
                met,
                on.m.seconds.toFixed(1),
            ]);
        }
    }
    return table(
        [
            "N",
            "services",
            "parallelism",
            "operation",
            "API requests",
            "by operation",
            "`bulkCreate false`",
            "target",
            "met",
            "seconds",
        ],
        rows,
    );
}

interface TimeRow {
    n: number;
    op: Operation;
    latencyMs: number;
    js: number;
    noop: number;
    floor?: number;
    ratio: number;
    limit: number;
}

export function timeRows(r: Results): TimeRow[] {
    const rows: TimeRow[] = [];
    for (const n of r.timeNs) {
        for (const op of ["up", "refresh", "destroy"] as Operation[]) {
            for (const latencyMs of r.latencies) {
                const js = r.runs.get(key("jobsecret", n, latencyMs, op)) ?? [];
                const noop = r.runs.get(key("noop", n, latencyMs, op)) ?? [];
                if (js.length === 0 || noop.length === 0) continue;
                const jsS = median(js.map((m) => m.seconds));
                const noopS = median(noop.map((m) => m.seconds));
                if (latencyMs === 0) {
                    rows.push({ n, op, latencyMs, js: jsS, noop: noopS, ratio: jsS / noopS, limit: TARGETS.ratioAt0 });
                } else {
                    // The requests the operation needs, sent P at a time, each waiting the injected latency.
                    const requests = median(js.map((m) => m.requests));
                    const floor = (Math.ceil(requests / r.parallel) * latencyMs) / 1000;
                    rows.push({
                        n,
                        op,
                        latencyMs,
                        js: jsS,
                        noop: noopS,
                        floor,
                        ratio: jsS / (floor + noopS),
                        limit: TARGETS.slackAtLatency,
                    });
                }
            }
        }
    }
    return rows;
}

function timeTable(r: Results, v: Verdict[]): string {
    const runs = (n: number, latencyMs: number, op: Operation, kind: string) =>
        (r.runs.get(key(kind, n, latencyMs, op)) ?? []).map((m) => m.seconds.toFixed(2)).join(", ");
    return table(
        [
            "N",
            "operation",
            "latency",
            "JobSecret (median)",
            "no-op (median)",
            "latency floor",
            "measure",
            "target",
            "met",
            "JobSecret runs",
            "no-op runs",
        ],
        timeRows(r).map((t) => [
            String(t.n),
            `\`${t.op}\``,
            `${t.latencyMs} ms`,
            secs(t.js),
            secs(t.noop),
            t.floor === undefined ? "—" : secs(t.floor),
            t.floor === undefined
                ? `JobSecret / no-op = ${t.ratio.toFixed(2)}`
                : `JobSecret / (floor + no-op) = ${t.ratio.toFixed(2)}`,
            `≤ ${t.limit.toFixed(2)}`,
            judge(v, `N=${t.n} ${t.op} at ${t.latencyMs} ms: ratio ${t.ratio.toFixed(2)}`, t.ratio <= t.limit, true),
            runs(t.n, t.latencyMs, t.op, "jobsecret"),
            runs(t.n, t.latencyMs, t.op, "noop"),
        ]),
    );
}

function memoryTable(r: Results): string {
    const peak = (kind: string, n: number) => {
        const all = r.latencies.flatMap((l) => r.runs.get(key(kind, n, l, "up")) ?? []);
        const bytes = all.map((m) => m.providerPeakBytes ?? 0).filter((b) => b > 0);
        return bytes.length === 0 ? undefined : { max: Math.max(...bytes), runs: bytes.length };
    };
    const rows: string[][] = [];
    for (const n of r.memNs) {
        const js = peak("jobsecret", n);
        const noop = peak("noop", n);
        rows.push([
            String(n),
            js ? mib(js.max) : "not seen",
            noop ? mib(noop.max) : "not seen",
            js && noop ? mib(js.max - noop.max) : "—",
            `${js?.runs ?? 0} / ${noop?.runs ?? 0}`,
        ]);
    }
    return table(["N", "JobSecret peak RSS", "no-op peak RSS", "difference", "`up` runs (JobSecret / no-op)"], rows);
}

/** Median CPU seconds by process, JobSecret next to no-op, for the largest timed N at 0 ms. */
function cpuTable(r: Results, n: number): string {
    const ops: Operation[] = ["up", "refresh", "destroy"];
    const roles = [...ROLES, "bench"] as const;
    const label: Record<(typeof roles)[number], string> = {
        engine: "engine (`pulumi`)",
        "language host": "language host",
        program: "program (`node …/cmd/run`)",
        provider: "dynamic provider",
        other: "other (plugin shim)",
        bench: "benchmark process (hosts the emulator)",
    };
    const cell = (kind: string, op: Operation, f: (m: Measurement) => number) => {
        const all = r.runs.get(key(kind, n, 0, op)) ?? [];
        return all.length === 0 ? "—" : median(all.map(f)).toFixed(2);
    };
    const rows = roles.map((role) => [
        label[role],
        ...ops.flatMap((op) => ["jobsecret", "noop"].map((k) => cell(k, op, (m) => m.cpu[role]))),
    ]);
    const total = (m: Measurement) => Object.values(m.cpu).reduce((a, b) => a + b, 0);
    rows.push(["**total CPU**", ...ops.flatMap((op) => ["jobsecret", "noop"].map((k) => cell(k, op, total)))]);
    rows.push(["wall time", ...ops.flatMap((op) => ["jobsecret", "noop"].map((k) => cell(k, op, (m) => m.seconds)))]);
    return table(["CPU seconds (median)", ...ops.flatMap((op) => [`\`${op}\` JobSecret`, `\`${op}\` no-op`])], rows);
}

function hooksTable(r: Results): string {
    return table(
        ["hook", "calls", "mean", "p99"],
        r.hooks.map((h) => [
            `\`${h.hook}\``,
            int(h.calls),
            `${(h.meanMs * 1000).toFixed(0)} µs`,
            `${(h.p99Ms * 1000).toFixed(0)} µs`,
        ]),
    );
}

export function renderTables(r: Results): { markdown: string; verdicts: Verdict[] } {
    const m = r.machine;
    const v: Verdict[] = [];
    const markdown = [
        `Command: \`${r.command}\`${r.smoke ? " (smoke: one run each, so its timing verdicts are indicative only)" : ""}`,
        "",
        table(
            ["machine", ""],
            [
                ["`nproc`", m.nproc],
                ["memory", m.memory],
                ["CPU (/proc/cpuinfo)", m.cpu],
                ["Node.js", m.node],
                ["Pulumi CLI", m.pulumiCli],
                ["`@pulumi/pulumi` (program and provider)", m.pulumiSdk],
                ["date", m.date],
                ["1-min load average, start / end", `${r.loadStart} / ${r.loadEnd}`],
                ["whole benchmark run", `${(r.benchSeconds / 60).toFixed(1)} min`],
            ],
        ),
        "",
        `### State size`,
        "",
        stateTable(r, v),
        "",
        ...(r.state.providerText
            ? ["JobSecret's `__provider`, as the state holds it:", "", "```js", r.state.providerText.trim(), "```", ""]
            : []),
        `### API calls per operation (JobSecret, all secrets in one job)`,
        "",
        apiTable(r, v),
        "",
        `### API calls of Secret and EnvironmentVariable over services (coalesced creates)`,
        "",
        callsTable(r.calls, v),
        "",
        `Whole calls table: ${(r.calls.seconds / 60).toFixed(1)} min.`,
        "",
        `### Wall time (\`--parallel ${r.parallel}\`, median of ${r.reps} run${r.reps > 1 ? "s" : ""}, JobSecret and no-op interleaved)`,
        "",
        ...(r.baselineNote ? [`No-op baseline: ${r.baselineNote}.`, ""] : []),
        timeTable(r, v),
        "",
        `### Where the time goes: CPU seconds by process (N = ${Math.max(...r.timeNs)}, 0 ms)`,
        "",
        cpuTable(r, Math.max(...r.timeNs)),
        "",
        `### Peak RSS of the dynamic-provider process during \`up\``,
        "",
        memoryTable(r),
        "",
        `### Hooks in-process (against an in-process emulator, after a warm-up)`,
        "",
        hooksTable(r),
        "",
    ].join("\n");
    return { markdown, verdicts: v };
}
