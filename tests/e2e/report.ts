/**
 * The reliability table, produced by the tests that measure it (docs/reliability.md).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO } from "./workspace";

/**
 * One scenario. Every number is what the test that records the row measured (a count it kept, a tally of
 * state against server, a leak scan), and asserted; a figure the test did not measure is left out and its
 * cell stays empty.
 */
export interface Row {
    suite: string;
    scenario: string;
    faults?: number;
    runs?: number;
    duplicates?: number;
    orphans?: number;
    phantoms?: number;
    leaks?: number;
    outcome: string;
}

const FIGURES = ["faults", "runs", "duplicates", "orphans", "phantoms", "leaks"] as const;

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
    const cell = (n: number | undefined) => (n === undefined ? "" : String(n));
    // A total sums the rows that measured the figure; a figure no row measured stays empty.
    const total = (figure: (typeof FIGURES)[number]) => {
        const measured = rows.map((r) => r[figure]).filter((n): n is number => n !== undefined);
        return measured.length === 0 ? "" : `**${measured.reduce((a, b) => a + b, 0)}**`;
    };
    const lines = [
        "| suite | scenario | faults injected | CLI runs | duplicates | orphans | phantom state entries | leaks found | outcome |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        ...rows.map(
            (r) => `| ${r.suite} | ${r.scenario} | ${FIGURES.map((f) => cell(r[f])).join(" | ")} | ${r.outcome} |`,
        ),
        `| **total** | ${rows.length} scenarios | ${FIGURES.map(total).join(" | ")} | |`,
    ];
    const text = [
        "# Reliability",
        "",
        `Produced by ${command} on ${new Date().toISOString().slice(0, 10)}. Every row is a test that`,
        "ran against the emulator with the faults shown (through the real Pulumi CLI, except the bad-input",
        "matrix, which calls the hooks directly), then compared the state with the server (duplicates,",
        "orphans, phantom state entries) and scanned the state, the stack config and the output for the",
        "values and the token (leaks, in every encoding: raw, JSON-escaped, base64). Every figure was",
        "measured by that run and asserted by its test; an empty cell is a figure the test did not measure.",
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
