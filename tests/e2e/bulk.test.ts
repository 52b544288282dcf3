import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorAdmin, type RunningEmulator, startEmulator } from "../../emulator";
import { type Secret, scanForLeaks, stackLeaks } from "./leaks";
import { PulumiStack, type StateResource } from "./pulumi";
import { consumerRoot, installProgram, pulumiBinary } from "./workspace";

const TOKEN = `bulk-token-${randomBytes(12).toString("hex")}`;

interface Case {
    type: "Secret" | "EnvironmentVariable";
    name: string;
    args: Record<string, unknown>;
}

/**
 * Issue 18 under the real CLI: the creates of plain variables of one service that Pulumi runs
 * side by side go as one import per service; the state equals the server; a key the import
 * leaves out fails alone with a single create's message while the others are created.
 */
describe("end to end through the Pulumi CLI: coalesced creates", function () {
    this.timeout(600_000);

    let emulator: RunningEmulator;
    let admin: EmulatorAdmin;
    let stack: PulumiStack;
    let services: string[] = [];
    const secrets: Secret[] = [{ label: "API token", value: TOKEN }];
    const remember = (label: string) => {
        const value = randomBytes(16).toString("hex");
        secrets.push({ label, value });
        return value;
    };
    const cases: Case[] = [];
    const writeCases = () =>
        fs.writeFileSync(path.join(stack.programDir, "cases.json"), JSON.stringify(cases, null, 2));
    const qoveryResources = (): StateResource[] =>
        (stack.state().checkpoint.latest?.resources ?? []).filter((r) =>
            r.type.startsWith("pulumi-nodejs:dynamic/qovery:"),
        );
    const writes = async () =>
        (await admin.requests())
            .filter((r) => r.method !== "GET")
            .map((r) => `${r.method} ${r.path.split("?")[0]} ${r.status}`);

    before(async () => {
        pulumiBinary();
        emulator = await startEmulator({ token: TOKEN });
        admin = new EmulatorAdmin(emulator.url);
        const project = await admin.createProject({ name: "bulk" });
        const env = await admin.createEnvironment(project, { name: "bulk" });
        services = [];
        for (const name of ["api", "web", "worker"])
            services.push(await admin.createService("APPLICATION", env, { name }));
        const consumer = await consumerRoot();
        const programDir = installProgram(consumer, path.join(__dirname, "programs", "adopt-cases"), "bulk");
        // No window set: the batches go when the engine's checks and creates say so (engine/pace.ts).
        stack = await PulumiStack.create({ programDir });
        await stack.setConfig("qovery:apiUrl", emulator.url);
        await stack.setConfig("qovery:apiToken", TOKEN, true);
    });

    after(async () => {
        stack?.cleanup();
        await emulator?.stop();
    });

    afterEach("leak scan: state, backups, history, config and CLI output", function () {
        if (!stack) return;
        assert.deepEqual(stackLeaks(stack, secrets), []);
    });

    it("the leak scan can fail: a value planted in a text is found", () => {
        const value = remember("planted");
        assert.deepEqual(scanForLeaks({ texts: [{ label: "t", text: `x ${value} y` }], secrets }), [
            { label: "planted", where: "t" },
        ]);
    });

    it("50 variables over 3 services, run side by side: one import per service, and the state equals the server", async () => {
        for (let i = 0; i < 50; i++) {
            const secret = i % 2 === 0;
            cases.push({
                type: secret ? "Secret" : "EnvironmentVariable",
                name: `v${i}`,
                args: {
                    applicationId: services[i % 3],
                    key: `BULK_${i}`,
                    value: secret ? remember(`BULK_${i}`) : `plain-${i}`,
                },
            });
        }
        writeCases();
        await admin.clearRequests();
        // Every create at once, as a program of 50 independent resources runs with enough parallelism.
        await stack.up(["--parallel", "64"]);
        const log = await writes();
        assert.deepEqual(
            log.filter((l) => l.startsWith("POST")),
            ["POST /variable/import 201", "POST /variable/import 201", "POST /variable/import 201"],
            "one import per service, no single create",
        );
        // Each import carries the variables of one service, all of them.
        const imports = (await admin.requests()).filter((r) => r.path.startsWith("/variable/import"));
        const serviceOf = (name: string) => cases.find((c) => c.args.key === name)!.args.applicationId;
        const perImport = imports.map((r) =>
            (r.body as { vars: { name: string }[] }).vars.map((v) => serviceOf(v.name)),
        );
        assert.deepEqual(
            perImport.map((s) => new Set(s).size),
            [1, 1, 1],
        );
        assert.deepEqual(perImport.map((s) => s.length).sort(), [16, 17, 17]);
        // The state equals the server: each resource's id is the row of its key, kind and service.
        const state = qoveryResources();
        assert.equal(state.length, 50);
        // The run's hints the classes pass to check never reach the state.
        for (const r of state) {
            assert.ok(!("__run" in (r.inputs ?? {})) && !("__run" in (r.outputs ?? {})), `${r.urn}: no __run`);
        }
        for (const c of cases) {
            const r = state.find((s) => s.urn.endsWith(`::${c.name}`))!;
            const rows = (await admin.storedRows(c.args.applicationId as string)).filter((x) => x.key === c.args.key);
            assert.equal(rows.length, 1, `${c.args.key as string}: one row`);
            assert.equal(r.id, rows[0].id, `${c.args.key as string}: the state's id is the server's`);
            assert.equal(rows[0].is_secret, c.type === "Secret");
            assert.equal(rows[0].value, c.args.value);
            assert.equal(rows[0].scope, "APPLICATION");
        }
        await admin.clearRequests();
        await stack.preview(["--expect-no-changes"]);
        assert.deepEqual(await admin.requests(), [], "an unchanged preview sends nothing");
    });

    it("a batch with a key taken outside the program: the others are created, that one fails with its own message", async () => {
        const taken = "BULK_TAKEN";
        const res = await fetch(`${emulator.url}/variable`, {
            method: "POST",
            headers: { Authorization: `Token ${TOKEN}`, "Content-Type": "application/json" },
            body: JSON.stringify({
                key: taken,
                value: "made outside",
                is_secret: true,
                variable_scope: "APPLICATION",
                variable_parent_id: services[0],
            }),
        });
        assert.equal(res.status, 201);
        const added: Case[] = [
            {
                type: "Secret",
                name: "new-a",
                args: { applicationId: services[0], key: "BULK_NEW_A", value: remember("a") },
            },
            {
                type: "Secret",
                name: "taken",
                args: { applicationId: services[0], key: taken, value: remember("taken") },
            },
            {
                type: "EnvironmentVariable",
                name: "new-b",
                args: { applicationId: services[0], key: "BULK_NEW_B", value: "b" },
            },
        ];
        cases.push(...added);
        writeCases();
        await admin.clearRequests();
        const r = await stack.run(["up", "--yes", "--skip-preview", "--parallel", "64", "--continue-on-error"]);
        assert.notEqual(r.code, 0);
        const out = r.output.replace(/\s+/g, " ");
        assert.match(out, /Could not create Qovery secret "BULK_TAKEN" in application [0-9a-f-]+: .*?409/);
        assert.match(out, /the key "BULK_TAKEN" is taken: the application has/);
        assert.match(out, /set `adopt: true` on this resource to take it over/);
        const log = await writes();
        assert.deepEqual(
            log.filter((l) => l.startsWith("POST")),
            ["POST /variable/import 201", "POST /variable 409"],
            "one import for the batch, then the left-out key alone",
        );
        const names = qoveryResources().map((s) => s.urn.split("::").pop());
        assert.ok(names.includes("new-a") && names.includes("new-b"), "the others are in the state");
        assert.ok(!names.includes("taken"));
        const rows = await admin.storedRows(services[0]);
        assert.deepEqual(
            rows.filter((x) => x.key === taken).map((x) => x.value),
            ["made outside"],
            "the row made outside is untouched",
        );
        cases.splice(cases.indexOf(added[1]), 1);
        writeCases();
    });

    it("destroy removes exactly what the program made", async () => {
        await admin.clearRequests();
        await stack.destroy(["--parallel", "64"]);
        const deletes = (await admin.requests()).filter((r) => r.method === "DELETE");
        assert.equal(deletes.length, cases.length, JSON.stringify(deletes.map((d) => [d.path, d.status])));
        for (const id of services) {
            const left = (await admin.storedRows(id)).filter((x) => x.scope === "APPLICATION");
            assert.deepEqual(
                left.map((x) => x.key),
                id === services[0] ? ["BULK_TAKEN"] : [],
            );
        }
    });
});
