/**
 * The reliability table, produced by the tests that measure it (docs/reliability.md).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO } from "./workspace";

export interface Row {
    suite: string;
    scenario: string;
    faults: number;
    runs: number;
    duplicates: number;
    orphans: number;
    phantoms: number;
    leaks: number;
    outcome: string;
}

const rows: Row[] = [];
const notes: string[] = [];

// Under `npm test` the suites run in several worker processes: each leaves its rows in the
// folder the global fixture made (tests/e2e/fixtures.ts), which assembles them at the end.
const sharedDir = () => process.env.E2E_REPORT_DIR;

export function record(row: Row) {
    const dir = sharedDir();
    if (dir) fs.appendFileSync(path.join(dir, "rows.jsonl"), JSON.stringify(row) + "\n");
    else rows.push(row);
}

export function note(line: string) {
    const dir = sharedDir();
    if (dir) fs.appendFileSync(path.join(dir, "notes.jsonl"), JSON.stringify(line) + "\n");
    else notes.push(line);
}

const COMMAND =
    "`RELIABILITY_REPORT=1 npm test` (tests/e2e/reliability.test.ts, tests/e2e/concurrency.test.ts, tests/e2e/trust.test.ts, tests/integration/inputMatrix.test.ts)";

/** Collects the rows every worker left, in a stable order (by suite, then as recorded), and writes the report. */
export function assembleReport() {
    const dir = sharedDir();
    if (!dir) return;
    const read = (f: string) =>
        fs.existsSync(path.join(dir, f))
            ? fs
                  .readFileSync(path.join(dir, f), "utf8")
                  .split("\n")
                  .filter(Boolean)
                  .map((l) => JSON.parse(l))
            : [];
    rows.push(...(read("rows.jsonl") as Row[]).sort((a, b) => a.suite.localeCompare(b.suite)));
    notes.push(...(read("notes.jsonl") as string[]).sort());
    writeReport(COMMAND);
}

/** Writes docs/reliability.md when the run asks for it (RELIABILITY_REPORT=1), else prints it. */
export function writeReport(command: string) {
    if (rows.length === 0) return;
    const total = rows.reduce(
        (t, r) => ({
            faults: t.faults + r.faults,
            runs: t.runs + r.runs,
            duplicates: t.duplicates + r.duplicates,
            orphans: t.orphans + r.orphans,
            phantoms: t.phantoms + r.phantoms,
            leaks: t.leaks + r.leaks,
        }),
        { faults: 0, runs: 0, duplicates: 0, orphans: 0, phantoms: 0, leaks: 0 },
    );
    const lines = [
        "| suite | scenario | faults injected | CLI runs | duplicates | orphans | phantom state entries | leaks found | outcome |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        ...rows.map(
            (r) =>
                `| ${r.suite} | ${r.scenario} | ${r.faults} | ${r.runs} | ${r.duplicates} | ${r.orphans} | ${r.phantoms} | ${r.leaks} | ${r.outcome} |`,
        ),
        `| **total** | ${rows.length} scenarios | **${total.faults}** | **${total.runs}** | **${total.duplicates}** | **${total.orphans}** | **${total.phantoms}** | **${total.leaks}** | |`,
    ];
    const text = [
        "# Reliability",
        "",
        `Produced by ${command} on ${new Date().toISOString().slice(0, 10)}; every row is a test that`,
        "ran the real Pulumi CLI against the emulator with the faults shown, then compared the state with",
        "the server (duplicates, orphans, phantom state entries) and scanned the state, the stack config and",
        "the CLI output for the values and the token (leaks).",
        "",
        ...lines,
        "",
        ...notes.map((n) => `- ${n}`),
        "",
    ].join("\n");
    if (process.env.RELIABILITY_REPORT) {
        const file = path.join(REPO, "docs", "reliability.md");
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
    }
    console.log(`\n${lines.join("\n")}\n`);
}

// A root hook for runs without the global fixture (one file, or the fast tier): runs once,
// after every suite that recorded rows. (The fixture loads this module before mocha defines
// `after`.)
if (typeof after === "function") {
    after(() => {
        if (!sharedDir()) writeReport(COMMAND);
    });
}
