import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorAdmin, type RunningEmulator, startEmulator } from "../../emulator";
import type { RequestLogEntry } from "../../emulator/types";
import { type Secret, scanForLeaks, stackLeaks } from "./leaks";
import { PulumiStack, type StateResource, isCiphertextSecret } from "./pulumi";
import { consumerRoot, installProgram, pulumiBinary } from "./workspace";

interface Spec {
    type: string;
    name: string;
    args: Record<string, unknown>;
    secret?: string[];
}

const TOKEN = `fam-token-${randomBytes(12).toString("hex")}`;
const secretValue = (label: string) => `fam-${label}-${randomBytes(12).toString("hex")}`;

/**
 * The five new classes under the real CLI, in few runs: up, preview --expect-no-changes, an
 * update mixing in-place changes and a replacement, refresh after drift and a cascade, destroy.
 * A leak scan after every step.
 */
describe("end to end through the Pulumi CLI: the variable family", function () {
    this.timeout(600_000);

    let emulator: RunningEmulator;
    let admin: EmulatorAdmin;
    let jobId: string;
    let stack: PulumiStack;
    let specs: Spec[];
    /** Ids of the seeded inherited entries, by key. */
    const seeded: Record<string, string> = {};
    /** Every secret plaintext the run uses, and the token: none may leak. */
    const secrets: Secret[] = [{ label: "API token", value: TOKEN }];
    const remember = (label: string) => {
        const value = secretValue(label);
        secrets.push({ label, value });
        return value;
    };
    const stripe1 = remember("stripe-1");
    const stripe2 = remember("stripe-2");
    const sentry = remember("sentry");
    const regionValue = remember("region");

    const writeSpecs = (next: Spec[]) => {
        specs = next;
        fs.writeFileSync(path.join(stack.programDir, "family.json"), JSON.stringify(specs, null, 2));
    };
    const change = (name: string, args: Record<string, unknown>) =>
        writeSpecs(specs.map((s) => (s.name === name ? { ...s, args: { ...s.args, ...args } } : s)));
    const resources = (): StateResource[] =>
        (stack.state().checkpoint.latest?.resources ?? []).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
    const stateOf = (name: string) => resources().find((r) => r.urn.endsWith(`::${name}`));
    const requests = async (): Promise<RequestLogEntry[]> => {
        const log = await admin.requests();
        await admin.clearRequests();
        return log;
    };
    /** `preview --json`: the operations planned for each resource, by name. */
    const planned = async (): Promise<Record<string, string[]>> => {
        const r = await stack.ok(["preview", "--json"]);
        const plan = JSON.parse(r.stdout) as { steps?: { op: string; urn: string }[] };
        const ops: Record<string, string[]> = {};
        for (const step of plan.steps ?? []) {
            if (!step.urn.includes("dynamic/qovery:")) continue;
            (ops[step.urn.split("::").pop()!] ??= []).push(step.op);
        }
        return ops;
    };

    before(async () => {
        pulumiBinary();
        emulator = await startEmulator({ token: TOKEN });
        admin = new EmulatorAdmin(emulator.url);
        jobId = await admin.createJob({ name: "family" });
        for (const [key, scope] of [
            ["QOVERY_POSTGRESQL_Z1234_DATABASE_URL", "BUILT_IN"],
            ["STRIPE_KEY", "PROJECT"],
        ]) {
            seeded[key] = (await admin.seedSecret(jobId, { key, value: remember(key), scope })).id;
        }
        for (const [key, scope, value] of [
            ["API_HOST", "PROJECT", "api.example.com"],
            ["API_HOST_V2", "PROJECT", "api-v2.example.com"],
            ["REGION", "ENVIRONMENT", "eu-west-3"],
        ]) {
            seeded[key] = (await admin.seedVariable(jobId, { key, value, scope })).id;
        }
        const programDir = installProgram(await consumerRoot(), path.join(__dirname, "programs", "family"), "family");
        stack = await PulumiStack.create({ programDir });
        await stack.setConfig("qovery:apiUrl", emulator.url);
        await stack.setConfig("qovery:apiToken", TOKEN, true);
        writeSpecs([
            {
                type: "JobSecretAlias",
                name: "db-url",
                args: { jobId, aliasedKey: "QOVERY_POSTGRESQL_Z1234_DATABASE_URL", key: "DATABASE_URL" },
            },
            { type: "JobSecretOverride", name: "stripe", args: { jobId, overriddenKey: "STRIPE_KEY", value: stripe1 } },
            { type: "JobEnvironmentVariable", name: "log-level", args: { jobId, key: "LOG_LEVEL", value: "info" } },
            {
                type: "JobEnvironmentVariable",
                name: "log-conf",
                args: {
                    jobId,
                    key: "LOG_CONF",
                    value: "[log]\nlevel = {{LOG_LEVEL}}\n",
                    mountPath: "/etc/app/log.conf",
                    enableInterpolationInFile: true,
                },
            },
            {
                type: "JobEnvironmentVariable",
                name: "sentry",
                args: { jobId, key: "SENTRY_DSN", value: sentry },
                secret: ["value"],
            },
            {
                type: "JobEnvironmentVariableAlias",
                name: "host",
                args: { jobId, aliasedKey: "API_HOST", key: "HOST", description: "the API" },
            },
            {
                type: "JobEnvironmentVariableOverride",
                name: "region",
                args: { jobId, overriddenVariableId: seeded.REGION, value: regionValue },
                secret: ["value"],
            },
        ]);
    });

    after(async () => {
        stack?.cleanup();
        await emulator?.stop();
    });

    afterEach("leak scan: state, backups, history, config and CLI output; secret values are ciphertext", function () {
        if (!stack) return;
        const findings = stackLeaks(stack, secrets);
        assert.deepEqual(findings, [], `plaintext found: ${JSON.stringify(findings)}`);
        // Every secret-bearing class: a secret override, and variables and a variable override given secrets.
        for (const name of ["stripe", "sentry", "region"]) {
            const r = stateOf(name);
            if (!r) continue;
            assert.ok(isCiphertextSecret(r.inputs?.value), `${name}: inputs.value is ciphertext`);
            assert.ok(isCiphertextSecret(r.outputs?.value), `${name}: outputs.value is ciphertext`);
        }
    });

    it("the leak scan can fail: a value planted in a text is found", () => {
        const found = scanForLeaks({ texts: [{ label: "planted", text: `x ${sentry} y` }], secrets });
        assert.deepEqual(found, [{ label: "sentry", where: "planted" }]);
    });

    it("up creates all five classes; state holds each kind's type and hooks module", async () => {
        await admin.clearRequests();
        await stack.up();
        const posts = (await requests()).filter((r) => r.method === "POST");
        assert.equal(posts.length, 7);
        assert.equal(posts.filter((r) => r.path.endsWith("/alias")).length, 2);
        assert.equal(posts.filter((r) => r.path.endsWith("/override")).length, 2);

        const onSecrets = await admin.storedSecrets(jobId);
        const onVariables = await admin.storedVariables(jobId);
        const dbUrl = onSecrets.find((s) => s.key === "DATABASE_URL")!;
        assert.equal(dbUrl.alias_of, seeded.QOVERY_POSTGRESQL_Z1234_DATABASE_URL);
        const stripe = onSecrets.find((s) => s.key === "STRIPE_KEY" && s.scope === "JOB")!;
        assert.equal(stripe.override_of, seeded.STRIPE_KEY);
        assert.equal(stripe.value, stripe1);
        const variable = (key: string) => onVariables.find((v) => v.key === key && v.scope === "JOB")!;
        assert.equal(variable("LOG_LEVEL").value, "info");
        assert.equal(variable("LOG_CONF").mount_path, "/etc/app/log.conf");
        assert.equal(variable("SENTRY_DSN").value, sentry);
        assert.equal(variable("HOST").alias_of, seeded.API_HOST);
        assert.equal(variable("REGION").value, regionValue);

        const modules: Record<string, string> = {
            "db-url": "JobSecretAlias:hooks/jobSecretAlias",
            stripe: "JobSecretOverride:hooks/jobSecretOverride",
            "log-level": "JobEnvironmentVariable:hooks/jobEnvironmentVariable",
            host: "JobEnvironmentVariableAlias:hooks/jobEnvironmentVariableAlias",
            region: "JobEnvironmentVariableOverride:hooks/jobEnvironmentVariableOverride",
        };
        for (const [name, expected] of Object.entries(modules)) {
            const [type, module] = expected.split(":");
            const r = stateOf(name)!;
            assert.equal(r.type, `pulumi-nodejs:dynamic/qovery:${type}`);
            assert.match(String(r.inputs?.__provider), new RegExp(`require\\("pulumi-qovery-secrets/${module}"\\)`));
            console.log(`      ${type} __provider in state: ${Buffer.byteLength(String(r.inputs?.__provider))} bytes`);
        }
        const alias = stateOf("db-url")!.outputs!;
        assert.equal(alias.variableType, "ALIAS");
        // Every target object is a secret in state (a variable's carries its target's value).
        for (const [name, output] of [
            ["db-url", "aliasedSecret"],
            ["stripe", "overriddenSecret"],
            ["host", "aliasedVariable"],
            ["region", "overriddenVariable"],
        ] as const) {
            assert.ok(isCiphertextSecret(stateOf(name)!.outputs![output]), `${name}: ${output} is ciphertext`);
        }
        assert.equal(stateOf("log-level")!.outputs!.value, "info", "a plain variable stays plain");
        // An alias's outputs carry its target's value: kept secret whatever the target, since the
        // target may be a variable whose value the program gave as a secret.
        assert.ok(isCiphertextSecret(stateOf("host")!.outputs!.value), "an alias's value is ciphertext");
        assert.ok(isCiphertextSecret(stateOf("host")!.outputs!.aliasedVariable), "its target's description too");
        assert.equal(stateOf("region")!.outputs!.key, "REGION");
    });

    it("preview --expect-no-changes: no change, no API call", async () => {
        await stack.preview(["--expect-no-changes"]);
        assert.deepEqual(await requests(), []);
    });

    it("update: in place where the API edits (one PUT each, same id), replaced where it cannot", async () => {
        const before = Object.fromEntries(resources().map((r) => [r.urn.split("::").pop(), r.id]));
        change("db-url", { key: "DB_URL" }); // an alias's key: PUT
        change("stripe", { value: stripe2 }); // an override's value: PUT
        change("log-level", { value: "debug" }); // a variable's value: PUT
        change("log-conf", { mountPath: "/etc/app/logging.conf" }); // a variable's mount path: PUT
        change("region", { description: "for this job" }); // an override's description: PUT
        change("host", { aliasedKey: "API_HOST_V2" }); // an alias's target: replace, same key, delete first
        assert.deepEqual(await planned(), {
            "db-url": ["update"],
            stripe: ["update"],
            "log-level": ["update"],
            "log-conf": ["update"],
            host: ["replace"], // sentry is unchanged: `preview --json` lists no step for it
            region: ["update"],
        });
        await requests();
        await stack.up();
        const log = (await requests()).filter((r) => r.method !== "GET");
        assert.equal(log.filter((r) => r.method === "PUT").length, 5);
        const hostCalls = log.filter((r) => r.method !== "PUT").map((r) => r.method);
        assert.deepEqual(hostCalls, ["DELETE", "POST"], "the alias with the same key is deleted first");
        for (const name of ["db-url", "stripe", "log-level", "log-conf", "region"]) {
            assert.equal(stateOf(name)!.id, before[name], `${name} keeps its id`);
        }
        assert.notEqual(stateOf("host")!.id, before.host);
        const onVariables = await admin.storedVariables(jobId);
        assert.equal(onVariables.find((v) => v.key === "LOG_CONF")?.mount_path, "/etc/app/logging.conf");
        assert.equal(onVariables.find((v) => v.key === "HOST")?.alias_of, seeded.API_HOST_V2);
        assert.equal(
            (await admin.storedSecrets(jobId)).find((s) => s.key === "STRIPE_KEY" && s.scope === "JOB")?.value,
            stripe2,
        );
    });

    it("refresh after drift and a cascade: value drift shows, the cascaded override leaves the state", async () => {
        const logLevel = stateOf("log-level")!;
        const res = await fetch(`${emulator.url}/job/${jobId}/environmentVariable/${logLevel.id}`, {
            method: "PUT",
            headers: { Authorization: `Token ${TOKEN}`, "Content-Type": "application/json" },
            body: JSON.stringify({ key: "LOG_LEVEL", value: "trace" }),
        });
        assert.equal(res.status, 200);
        await admin.deleteStoredSecret(jobId, seeded.STRIPE_KEY); // Qovery deletes its overrides with it
        await requests();
        await stack.refresh();
        const gets = (await requests()).map((r) => `${r.method} ${r.path}`);
        assert.deepEqual(gets.sort(), [`GET /job/${jobId}/environmentVariable`, `GET /job/${jobId}/secret`]);
        assert.equal(stateOf("stripe"), undefined, "the override is gone: Qovery listed the job without it");
        assert.equal(stateOf("log-level")!.outputs!.value, "trace");
        assert.equal(stateOf("log-level")!.inputs!.value, "trace");
        assert.ok(stateOf("sentry"), "the rest stays");
        const next = await planned();
        assert.deepEqual(next["log-level"], ["update"], "the program's value differs from Qovery's");
        assert.deepEqual(next.stripe, ["create"]);
        assert.equal(next.sentry, undefined, "no step: unchanged");
    });

    it("destroy deletes what is left; nothing of the job's own remains", async () => {
        await stack.destroy();
        assert.deepEqual(resources(), []);
        const own = [...(await admin.storedSecrets(jobId)), ...(await admin.storedVariables(jobId))].filter(
            (e) => e.scope === "JOB",
        );
        assert.deepEqual(own, []);
    });
});
