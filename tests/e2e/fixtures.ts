/**
 * Mocha's global fixtures for `npm test`, run once in the main process before any worker
 * starts: the end-to-end suites share one consumer folder (the packed library installed as
 * users install it, about 11 s to make) and one folder where each worker leaves the rows of
 * the reliability table, assembled when every file has run.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { assembleReport } from "./report";
import { makeConsumer } from "./workspace";

let made: string[] = [];

export async function mochaGlobalSetup() {
    const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), "pqs-report-"));
    process.env.E2E_REPORT_DIR = reportDir;
    const consumer = await makeConsumer();
    process.env.E2E_CONSUMER_DIR = consumer;
    made = [reportDir, consumer];
}

export function mochaGlobalTeardown() {
    assembleReport();
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
}
