import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorAdmin, type RunningEmulator, startEmulator } from "../../emulator";
import { ECHO_SHAPES, leaks, pemKey } from "../support/echoShapes";
import { HTML_NOT_FOUND, RATE_LIMIT_HEADERS, type RunningProxy, startQoveryProxy } from "../support/qoveryProxy";
import { type Expected, clean, tally } from "./invariants";
import { type Secret, scanForLeaks, stackLeaks } from "./leaks";
import { type CommandResult, PulumiStack } from "./pulumi";
import { note, record } from "./report";
import { consumerRoot, installProgram, pulumiBinary } from "./workspace";

/**
 * Trust, through the real CLI, against an API that is not quite this project's emulator: a
 * proxy in front of it (tests/support/qoveryProxy.ts) that serves HTML pages, strips headers,
 * answers `200 {}` or echoes values. Each scenario feeds docs/reliability.md.
 */
describe("trust through the Pulumi CLI: evidence before forgetting, no value in any output, the way out", function () {
    this.timeout(900_000);
    const token = `trust-token-${randomBytes(12).toString("hex")}`;
    const secrets: Secret[] = [{ label: "token", value: token }];
    let emulator: RunningEmulator;
    let admin: EmulatorAdmin;
    let proxy: RunningProxy;
    let job: string;

    const value = (label: string, v = `trust-value-${randomBytes(12).toString("hex")}`) => {
        secrets.push({ label, value: v });
        return v;
    };
    const newStack = async (name: string, specs: Expected[] | object[]) => {
        const dir = installProgram(await consumerRoot(), path.join(__dirname, "programs", "lifecycle"), name);
        const stack = await PulumiStack.create({ programDir: dir });
        await stack.setConfig("qovery:apiToken", token, true);
        await stack.setConfig("qovery:requestTimeoutMs", "3000");
        writeSpecs(stack, specs);
        return stack;
    };
    const writeSpecs = (stack: PulumiStack, specs: object[]) =>
        fs.writeFileSync(path.join(stack.programDir, "secrets.json"), JSON.stringify(specs));
    const failed = (r: CommandResult, pattern: RegExp) => {
        assert.notEqual(r.code, 0, `the command must fail:\n${r.output}`);
        assert.match(r.output, pattern, r.output);
    };
    /** The stack's `up`, `preview`, `refresh` and `destroy` runs so far (config commands aside). */
    const deploymentRuns = (stack: PulumiStack) =>
        stack.transcript.filter((t) => /^\$ pulumi (up|preview|refresh|destroy)\b/.test(t)).length;
    const ids = (stack: PulumiStack) =>
        stack
            .jobSecrets()
            .map((r) => r.id)
            .sort();

    before(async () => {
        pulumiBinary();
        emulator = await startEmulator({ token });
        admin = new EmulatorAdmin(emulator.url);
        proxy = await startQoveryProxy({ target: emulator.url, organizationToken: token });
    });
    after(async () => {
        await proxy?.stop();
        await emulator?.stop();
    });
    beforeEach(async () => {
        // A job of its own for each scenario: the server-side tallies see only its secrets.
        job = await admin.createJob();
        proxy.rules = [];
        proxy.afterRules = [];
        proxy.stripHeaders = undefined;
    });
    afterEach(() => admin.clearFaults());

    it("wrong base URL, HTML 404, list without results, deleted job answering 403: the state keeps every live secret", async () => {
        const specs: Expected[] = ["a", "b"].map((n) => ({
            name: n,
            jobId: job,
            key: `WRONG_URL_${n.toUpperCase()}`,
            value: value(n),
        }));
        const stack = await newStack("wrong-url", specs);
        let runs = 0;
        try {
            // The URL from the environment (the stack config has none), as a CI job would set it.
            stack.env.QOVERY_API_URL = proxy.url;
            await stack.up();
            runs++;
            const before = ids(stack);
            assert.equal(before.length, 2);

            // The right host plus /v1: the proxy answers its HTML 404 page.
            proxy.rules = [(r) => (r.path.startsWith("/v1/") ? HTML_NOT_FOUND : undefined)];
            stack.env.QOVERY_API_URL = `${proxy.url}/v1`;
            for (const command of [
                ["refresh", "--yes", "--skip-preview"],
                ["destroy", "--yes", "--skip-preview"],
            ]) {
                const r = await stack.run(command);
                runs++;
                failed(r, new RegExp(`${proxy.url}/v1 answered 404 .*without Qovery's error body`));
                assert.match(r.output, /qovery:apiUrl/);
                assert.deepEqual(ids(stack), before, `${command[0]} kept every secret in the state`);
            }
            assert.equal((await admin.storedSecrets(job)).length, 2, "and they are all still in Qovery");

            // A list that answers 200 {}: not an empty job.
            stack.env.QOVERY_API_URL = proxy.url;
            proxy.rules = [
                (r) => (r.method === "GET" && r.path.endsWith("/secret") ? { status: 200, body: {} } : undefined),
            ];
            const empty = await stack.run(["refresh", "--yes", "--skip-preview"]);
            runs++;
            failed(empty, /Unexpected answer from the Qovery API .*results/);
            assert.deepEqual(ids(stack), before);

            // A deleted job answering 403: kept, and the exact command to let go of it.
            proxy.rules = [];
            await admin.fault({
                method: "*",
                path: `/job/${job}/secret`,
                times: 10,
                status: 403,
                body: { status: 403, detail: "Forbidden" },
            });
            await admin.fault({
                method: "*",
                path: `/job/${job}/secret/{id}`,
                times: 10,
                status: 403,
                body: { status: 403, detail: "Forbidden" },
            });
            const forbidden = await stack.run(["refresh", "--yes", "--skip-preview"]);
            runs++;
            failed(forbidden, /if job .* was deleted/);
            assert.deepEqual(ids(stack), before);
            // After every failing run, before the state delete that drops one on purpose.
            const kept = await tally(stack, admin, [job], specs);
            assert.ok(clean(kept), JSON.stringify(kept));
            const urnA = stack.jobSecrets().find((r) => r.urn.endsWith("::a"))!.urn;
            const command = forbidden.output.match(/`(pulumi state delete '[^']+')`/g)?.find((c) => c.includes(urnA));
            assert.ok(command, `the error gives the exact command for ${urnA}:\n${forbidden.output}`);
            // Following it removes exactly that resource.
            const args = command.slice(1, -1).split(" ").slice(1);
            await stack.ok([...args.map((a) => a.replace(/^'|'$/g, "")), "--yes"]);
            runs++;
            assert.deepEqual(
                stack.jobSecrets().map((r) => r.urn.split("::").pop()),
                ["b"],
            );
            await admin.clearFaults();
            const leaksFound = stackLeaks(stack, secrets).length;
            for (const [scenario, phaseRuns] of [
                ["wrong base URL (/v1, HTML 404): refresh and destroy", 2],
                ["list answering 200 {} (no results): refresh", 1],
                ["deleted job answering 403: refresh, then the printed `pulumi state delete`", 2],
            ] as const) {
                record({
                    suite: "trust",
                    scenario,
                    runs: phaseRuns,
                    duplicates: kept.duplicates,
                    orphans: kept.orphans,
                    phantoms: kept.phantoms,
                    leaks: leaksFound,
                    outcome: "failed clearly, every live secret kept in the state",
                });
            }
            // The three phases' runs, plus the first `up`.
            assert.equal(runs, 1 + 2 + 1 + 2);
            note(
                `Trust, wrong URL and 403 scenarios: ${runs} CLI runs on one stack of 2 secrets; both kept in the state until the printed \`pulumi state delete\` removed exactly one (tests/e2e/trust.test.ts).`,
            );
            assert.equal(leaksFound, 0);
        } finally {
            stack.env.QOVERY_API_URL = proxy.url;
            await admin.clearFaults();
            await stack.run(["destroy", "--yes", "--skip-preview"]);
            stack.cleanup();
        }
    });

    it("no value in any output: create, update, refresh, delete and check errors quoting values of every shape", async () => {
        const shaped = [
            { name: "pem", value: value("PEM", pemKey()) },
            { name: "quotes", value: value("quotes", `q"uo'te\\back\\\\slash-${randomBytes(4).toString("hex")}`) },
            { name: "unicode", value: value("non-ASCII", `pässwörd-密码-🔑-${randomBytes(4).toString("hex")}`) },
            { name: "big", value: value("5 MB", randomBytes(5 * 1024 * 1024 * 0.75).toString("base64")) },
        ];
        const word = { label: "a value inside ordinary words", value: "able", wordBounded: true };
        secrets.push(word);
        // Each secret in a job of its own, so that an error about a job's list quotes one value.
        const all: { name: string; value: string; job: string }[] = [];
        for (const s of [...shaped, { name: "word", value: word.value }]) {
            all.push({ ...s, job: await admin.createJob() });
        }
        const specOf = (s: { name: string; value: string; job: string }) => ({
            name: s.name,
            jobId: s.job,
            key: `ECHO_${s.name.toUpperCase()}`,
            value: s.value,
        });
        const specs = all.map(specOf);
        const stack = await newStack("echo", specs);
        stack.env.QOVERY_API_URL = proxy.url;
        // A WAF that refuses the request and quotes the value it received, in each shape in turn.
        let echoes = 0;
        const echoing = (method: string) => (r: { method: string; body: string }) => {
            if (r.method !== method) return undefined;
            const v = (JSON.parse(r.body) as { value: string }).value;
            const shape = ECHO_SHAPES[echoes++ % ECHO_SHAPES.length];
            return { status: 400, body: { status: 400, detail: shape.echo(v) } };
        };
        const transcriptLeaks = () => {
            const found: string[] = [];
            for (const [i, text] of stack.transcript.entries()) {
                for (const s of shaped) if (leaks(text, s.value)) found.push(`${s.name} in command #${i + 1}`);
            }
            return found;
        };
        let runs = 0;
        try {
            proxy.rules = [echoing("POST")];
            failed(await stack.run(["up", "--yes", "--skip-preview"]), /answered 400 to POST/);
            runs++;
            proxy.rules = [];
            await stack.up();
            runs++;

            const changed = all.map((s) => ({ ...s, value: `${s.value}-2` }));
            for (const s of changed) if (s.name !== "word") secrets.push({ label: `${s.name} 2`, value: s.value });
            shaped.push(...changed.filter((s) => s.name !== "word"));
            writeSpecs(stack, changed.map(specOf));
            proxy.rules = [echoing("PUT")];
            failed(await stack.run(["up", "--yes", "--skip-preview"]), /answered 400 to PUT/);
            runs++;
            proxy.rules = [];

            // Refresh and delete send no value: an API quoting the value it holds for the job.
            const quoting = async (method: string, path: (job: string) => string) => {
                for (const [i, s] of all.entries()) {
                    const detail = ECHO_SHAPES[i % ECHO_SHAPES.length].echo(s.value);
                    await admin.fault({
                        method,
                        path: path(s.job),
                        times: 10,
                        status: 400,
                        body: { status: 400, detail },
                    });
                }
            };
            await quoting("GET", (j) => `/job/${j}/secret`);
            failed(await stack.run(["refresh", "--yes", "--skip-preview"]), /answered 400 to GET/);
            runs++;
            await admin.clearFaults();
            await quoting("DELETE", (j) => `/job/${j}/secret/{secretId}`);
            failed(await stack.run(["destroy", "--yes", "--skip-preview"]), /answered 400 to DELETE/);
            runs++;
            await admin.clearFaults();

            // check: a value refused (a number, from a JavaScript caller), and a misspelt `value`.
            const refusedNumber = 12345678901;
            secrets.push({ label: "refused number", value: String(refusedNumber) });
            const typo = value("misspelt value");
            // (Preview stops at the first resource that fails check: one preview for each.)
            writeSpecs(stack, [{ name: "num", jobId: job, key: "NUMBER", value: refusedNumber }]);
            const check = await stack.run(["preview"]);
            runs++;
            failed(check, /"value" must be a string .*the value is not shown/);
            writeSpecs(stack, [{ name: "typo", jobId: job, key: "TYPO", value: "", secret: typo }]);
            const misspelt = await stack.run(["preview"]);
            runs++;
            failed(misspelt, /"secret" is not a JobSecret property/);

            // The scans, shown able to fail first.
            assert.ok(leaks(`x ${shaped[0].value.slice(100, 120)} y`, shaped[0].value), "the fragment scan can fail");
            assert.equal(
                scanForLeaks({ texts: [{ label: "t", text: "a word able here" }], secrets: [word] }).length,
                1,
            );
            const found = [...stackLeaks(stack, secrets).map((f) => `${f.label} in ${f.where}`), ...transcriptLeaks()];
            // State against server after every failed run (the values are the second ones, not all written).
            const t = await tally(
                stack,
                admin,
                all.map((s) => s.job),
                [],
            );
            for (const path of ["create", "update", "refresh", "delete", "check"]) {
                record({
                    suite: "trust",
                    scenario: `${path}: errors quoting a PEM, quotes and backslashes, non-ASCII, 5 MB, a word-substring (raw, JSON-escaped, collapsed, cut)`,
                    runs: path === "check" ? 2 : 1,
                    duplicates: t.duplicates,
                    orphans: t.orphans,
                    phantoms: t.phantoms,
                    leaks: found.length,
                    outcome: "failed clearly, no value shown",
                });
            }
            assert.equal(runs, 7, "create, up, update, refresh, delete and two previews");
            assert.deepEqual(
                { duplicates: t.duplicates, orphans: t.orphans, phantoms: t.phantoms },
                {
                    duplicates: 0,
                    orphans: 0,
                    phantoms: 0,
                },
            );
            note(
                `Trust, echoes: ${runs} CLI runs; every transcript scanned for whole values and any 8-character run of them.`,
            );
            assert.deepEqual(found, []);
        } finally {
            writeSpecs(stack, []);
            await admin.clearFaults();
            await stack.run(["destroy", "--yes", "--skip-preview"]);
            stack.cleanup();
        }
    });

    it("stale credentials: wrong token, fix the config, destroy names --run-program, which works", async () => {
        const specs: Expected[] = [{ name: "s", jobId: job, key: "STALE", value: value("stale") }];
        const stack = await newStack("stale", specs);
        try {
            await stack.setConfig("qovery:apiUrl", emulator.url);
            await stack.up();
            const wrong = `wrong-token-${randomBytes(8).toString("hex")}`;
            secrets.push({ label: "wrong token", value: wrong });
            await stack.setConfig("qovery:apiToken", wrong, true);
            specs[0].value = value("stale 2");
            writeSpecs(stack, specs);
            failed(await stack.run(["up", "--yes", "--skip-preview"]), /answered 401/);
            await stack.setConfig("qovery:apiToken", token, true); // fixed
            const destroy = await stack.run(["destroy", "--yes", "--skip-preview"]);
            failed(destroy, /recorded in the state at the last `pulumi up`/);
            assert.match(destroy.output, /pulumi destroy --run-program/);
            assert.equal(stack.jobSecrets().length, 1, "kept in the state");
            await stack.destroy(["--run-program"]);
            assert.equal(stack.jobSecrets().length, 0);
            assert.equal((await admin.storedSecrets(job)).filter((s) => s.key === "STALE").length, 0);
            const leaksFound = stackLeaks(stack, secrets).length;
            const t = await tally(stack, admin, [job], []);
            record({
                suite: "trust",
                scenario: "stale credentials: wrong token, config fixed, destroy, then destroy --run-program",
                runs: deploymentRuns(stack),
                duplicates: t.duplicates,
                orphans: t.orphans,
                phantoms: t.phantoms,
                leaks: leaksFound,
                outcome: "the error named --run-program; it worked",
            });
            assert.equal(deploymentRuns(stack), 4, "up, the failing up, the failing destroy, destroy --run-program");
            assert.equal(leaksFound, 0);
            assert.ok(clean(t), JSON.stringify(t));
        } finally {
            stack.cleanup();
        }
    });

    it("no rate limit headers (stripped by a proxy): not capped at 4 requests in flight", async () => {
        const specs: Expected[] = Array.from({ length: 16 }, (_, i) => ({
            name: `r${i}`,
            jobId: job,
            key: `UNMETERED_${i}`,
            value: value(`unmetered ${i}`),
        }));
        const stack = await newStack("unmetered", specs);
        stack.env.QOVERY_API_URL = proxy.url;
        proxy.stripHeaders = RATE_LIMIT_HEADERS;
        await admin.configure({ latencyMs: 300 });
        try {
            proxy.maxInFlight = 0;
            await stack.up();
            const t = await tally(stack, admin, [job], specs);
            const leaksFound = stackLeaks(stack, secrets).length;
            record({
                suite: "trust",
                scenario: `no X-RateLimit headers: 16 creates, at most ${proxy.maxInFlight} in flight`,
                runs: deploymentRuns(stack),
                duplicates: t.duplicates,
                orphans: t.orphans,
                phantoms: t.phantoms,
                leaks: leaksFound,
                outcome: "not capped at 4",
            });
            assert.ok(proxy.maxInFlight > 4, `in flight at once: ${proxy.maxInFlight}`);
            assert.equal(deploymentRuns(stack), 1);
            assert.ok(clean(t), JSON.stringify(t));
            assert.equal(leaksFound, 0);
            writeSpecs(stack, []);
            proxy.stripHeaders = undefined;
            await admin.configure({ latencyMs: 0 });
            await stack.up();
        } finally {
            await admin.configure({ latencyMs: 0 });
            stack.cleanup();
        }
    });

    it("a 1,000-per-hour window nearly spent: no burst into 429s; the rest fail fast with the reset time; a new window converges", async () => {
        const specs: Expected[] = Array.from({ length: 12 }, (_, i) => ({
            name: `h${i}`,
            jobId: job,
            key: `HOUR_${i}`,
            value: value(`hour ${i}`),
        }));
        const stack = await newStack("hour", specs);
        await stack.setConfig("qovery:apiUrl", emulator.url);
        try {
            await admin.configure({ rateLimit: { limit: 1000, windowSeconds: 3600 } });
            // Spend 997 of the hour's 1,000 requests, as other runs of the day would have.
            for (let i = 0; i < 997; i++) {
                await fetch(`${emulator.url}/job/${job}/secret`, { headers: { Authorization: `Token ${token}` } });
            }
            await admin.clearRequests();
            const r = await stack.run(["up", "--yes", "--skip-preview"]);
            failed(r, /rate limit is spent until \d{4}-\d\d-\d\dT/);
            const stats = await admin.stats();
            const t = await tally(
                stack,
                admin,
                [job],
                specs.filter((s) => stack.jobSecrets().some((x) => x.urn.endsWith(`::${s.name}`))),
            );
            assert.ok(clean(t), JSON.stringify(t));
            // Only the few requests sent before the first answer told the budget may meet a 429.
            assert.ok(stats.rateLimited <= 4, `429s met: ${stats.rateLimited}`);
            const created = stack.jobSecrets().length;
            // The window resets (a new one starts): the next run converges.
            await admin.configure({ rateLimit: { limit: 1000, windowSeconds: 3600 } });
            await stack.up();
            const after = await tally(stack, admin, [job], specs);
            const leaksFound = stackLeaks(stack, secrets).length;
            record({
                suite: "trust",
                scenario: `1,000/hour window with 3 left: ${created} of 12 created, ${stats.rateLimited} request(s) met a 429, the rest failed fast; next window converged`,
                runs: deploymentRuns(stack),
                duplicates: after.duplicates,
                orphans: after.orphans,
                phantoms: after.phantoms,
                leaks: leaksFound,
                outcome: "failed fast with the reset time, then converged",
            });
            // Each create needs a request of its own: at most the 3 left can have succeeded.
            assert.ok(created <= 3 && created < specs.length, `created in the spent window: ${created}`);
            assert.equal(deploymentRuns(stack), 2);
            assert.ok(clean(after), JSON.stringify(after));
            assert.equal(leaksFound, 0);
            writeSpecs(stack, []);
            await stack.up();
        } finally {
            await admin.configure({ rateLimit: { limit: 1_000_000, windowSeconds: 3600 } });
            stack.cleanup();
        }
    });

    it("lost-response create: a proxy's 408 is outcome unknown and is adopted once; without a Date header it stays pending and the next up adopts it", async () => {
        const specs: Expected[] = [{ name: "l", jobId: job, key: "LOST_408", value: value("lost") }];
        const stack = await newStack("lost", specs);
        stack.env.QOVERY_API_URL = proxy.url;
        try {
            let first = true;
            proxy.afterRules = [
                (r) => {
                    if (r.method !== "POST" || !first) return undefined;
                    first = false;
                    return { status: 408, body: { status: 408, detail: "Request Timeout" } };
                },
            ];
            await stack.up();
            let faultsMet = first ? 0 : 1;
            let t = await tally(stack, admin, [job], specs);
            assert.ok(clean(t), JSON.stringify(t));
            proxy.afterRules = [];

            specs.push({ name: "d", jobId: job, key: "NO_DATE", value: value("no date") });
            writeSpecs(stack, specs);
            await admin.fault({ method: "POST", path: "/job/{jobId}/secret", drop: "after" });
            proxy.stripHeaders = /^date$/i;
            const r = await stack.run(["up", "--yes", "--skip-preview"]);
            if ((await admin.faults()).length === 0) faultsMet++;
            const orphan = (await admin.storedSecrets(job)).find((s) => s.key === "NO_DATE")!;
            failed(r, new RegExp(`id ${orphan.id}.*no Date header`));
            assert.match(r.output, /kept in the state as pending/);
            // Nothing to do by hand: with the Date header back, the next up takes it over.
            proxy.stripHeaders = undefined;
            await stack.up();
            assert.equal(stack.jobSecrets().find((s) => s.urn.endsWith("::d"))?.id, orphan.id);
            t = await tally(stack, admin, [job], specs);
            const leaksFound = stackLeaks(stack, secrets).length;
            record({
                suite: "trust",
                scenario: "create: a proxy's 408 after the write; then a lost answer without a Date header",
                faults: faultsMet,
                runs: deploymentRuns(stack),
                duplicates: t.duplicates,
                orphans: t.orphans,
                phantoms: t.phantoms,
                leaks: leaksFound,
                outcome: "408 adopted once; no Date: kept pending, adopted by the next up",
            });
            assert.ok(clean(t), JSON.stringify(t));
            assert.equal(leaksFound, 0);
            assert.equal(faultsMet, 2, "the 408 and the lost answer were both met");
            assert.equal(deploymentRuns(stack), 3);
            writeSpecs(stack, []);
            await stack.up();
        } finally {
            stack.cleanup();
        }
    });
});
