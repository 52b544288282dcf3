import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorAdmin, type RunningEmulator, startEmulator } from "../../emulator";
import type { RequestLogEntry, StoredSecret } from "../../emulator/types";
import { type Secret, scanForLeaks, stackLeaks } from "./leaks";
import { PulumiStack, type StateResource, isCiphertextSecret } from "./pulumi";
import { consumerRoot, installProgram, pulumiBinary } from "./workspace";

/** One resource of the program (tests/e2e/programs/scopes/index.ts says what each field does). */
interface Spec {
    type: string;
    name: string;
    args: Record<string, unknown>;
    secret?: string[];
    ids?: Record<string, string>;
    dependsOn?: string[];
    triggers?: string[];
}

const TOKEN = `scopes-token-${randomBytes(12).toString("hex")}`;
const SCOPE_FIELDS = ["projectId", "environmentId", "applicationId", "containerId", "jobId", "helmId", "terraformId"];

/**
 * Every scope under the real CLI, in few runs: a program over a project, an environment, an
 * application, a container and a helm service (a variable, a secret, an override, aliases of a
 * built-in and of a secret by key, one Deployment of the environment, a Variables with its own
 * redeploy); then an in-place edit, a delete-first replacement and its cascade across services,
 * drift of a plain variable, adopt, destroy. The state is compared with the server and scanned
 * for leaks after every step.
 */
describe("end to end through the Pulumi CLI: every scope", function () {
    this.timeout(600_000);

    let emulator: RunningEmulator;
    let admin: EmulatorAdmin;
    let stack: PulumiStack;
    let specs: Spec[];
    let project: string;
    let env: string;
    let app: string;
    let container: string;
    let helm: string;
    /** The container's built-in QOVERY_CONTAINER_Z<ID8>_HOST_INTERNAL, as the emulator seeds it. */
    let hostBuiltIn: StoredSecret;
    /** Rows made outside the program, by key: destroy must leave them. */
    const outside: Record<string, string> = {};

    const secrets: Secret[] = [{ label: "API token", value: TOKEN }];
    const remember = (label: string, value = `sc-${label}-${randomBytes(12).toString("hex")}`) => {
        secrets.push({ label, value });
        return value;
    };
    /** A multi-line value with quotes; each line is remembered too, so a part of it leaking is found. */
    const multiLine = (label: string) => {
        const lines = [
            `user="${remember(`${label}-line-1`)}"`,
            `pass='${remember(`${label}-line-2`)}' \\ "quoted"`,
            "",
        ];
        return remember(label, lines.join("\n"));
    };
    const dbPassword1 = multiLine("db-password-1");
    const dbPassword2 = multiLine("db-password-2");
    const tlsCa = multiLine("tls-ca");
    const apiDbPassword = remember("api-db-password");
    const helmApiKey = remember("helm-api-key");
    const helmToken = remember("helm-token");
    const adoptedValue = remember("adopted");
    const outsideValue = remember("made-outside");

    const writeSpecs = (next: Spec[]) => {
        specs = next;
        fs.writeFileSync(path.join(stack.programDir, "scopes.json"), JSON.stringify(specs, null, 2));
    };
    const change = (name: string, args: Record<string, unknown>) =>
        writeSpecs(specs.map((s) => (s.name === name ? { ...s, args: { ...s.args, ...args } } : s)));
    const resources = (): StateResource[] =>
        (stack.state().checkpoint.latest?.resources ?? []).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
    const variables = () => resources().filter((r) => !r.type.endsWith("qovery:Deployment"));
    const stateOf = (name: string) => resources().find((r) => r.urn.endsWith(`::${name}`));
    /** The public requests since the last call, query strings dropped; then forgets them. */
    const requests = async (): Promise<RequestLogEntry[]> => {
        const log = await admin.requests();
        await admin.clearRequests();
        return log.map((r) => ({ ...r, path: r.path.split("?")[0] }));
    };
    const writes = (log: RequestLogEntry[]) =>
        log.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
    /** A call of the public API, as the console or a script would make it. */
    const publicApi = async (method: string, route: string, body: unknown) => {
        const res = await fetch(`${emulator.url}${route}`, {
            method,
            headers: { Authorization: `Token ${TOKEN}`, "Content-Type": "application/json" },
            body: JSON.stringify(body),
        });
        assert.ok(res.ok, `${method} ${route}: ${res.status} ${await res.clone().text()}`);
        return (await res.json()) as { id: string };
    };
    /** Rows no one made by hand: everything but BUILT_IN. */
    const madeRows = async () => (await admin.storedRows()).filter((r) => r.scope !== "BUILT_IN");

    /**
     * The state equals the server: each variable's row exists with the state's key, scope and
     * parent; each target object is the row's target; and the server holds nothing else but
     * the built-ins and the rows made outside the program.
     */
    const assertStateIsServer = async () => {
        const rows = await admin.storedRows();
        const byId = new Map(rows.map((r) => [r.id, r]));
        for (const r of variables()) {
            const row = byId.get(r.id!);
            const name = r.urn.split("::").pop();
            assert.ok(row, `${name}: its row ${r.id} exists`);
            const outs = r.outputs!;
            assert.equal(row.key, outs.key, `${name}: key`);
            assert.equal(row.scope, outs.scope, `${name}: scope`);
            const field = SCOPE_FIELDS.find((f) => outs[f] !== undefined);
            assert.equal(row.parent_id, outs[field!], `${name}: parent (${field})`);
            const target = row.alias_of ?? row.override_of;
            if (target !== undefined) {
                const plain = !row.is_secret;
                const output = `${row.alias_of ? "aliased" : "overridden"}${plain ? "Variable" : "Secret"}`;
                assert.ok(isCiphertextSecret(outs[output]), `${name}: ${output} is a secret in the state`);
                assert.equal(row.alias_of ? "ALIAS" : "OVERRIDE", outs.variableType, `${name}: variableType`);
            }
        }
        const known = new Set([...variables().map((r) => r.id), ...Object.values(outside)]);
        const extra = rows.filter((r) => r.scope !== "BUILT_IN" && !known.has(r.id));
        assert.deepEqual(
            extra.map((r) => `${r.scope} ${r.key}`),
            [],
            "nothing on the server the state does not know",
        );
    };
    const rowOf = async (name: string) => (await admin.storedRows()).find((r) => r.id === stateOf(name)!.id);

    before(async () => {
        pulumiBinary();
        emulator = await startEmulator({ token: TOKEN, deployment: { queuedMs: 100, deployingMs: 300 } });
        admin = new EmulatorAdmin(emulator.url);
        project = await admin.createProject({ name: "scopes" });
        env = await admin.createEnvironment(project, { name: "staging" });
        app = await admin.createService("APPLICATION", env, { name: "api" });
        container = await admin.createService("CONTAINER", env, { name: "worker" });
        helm = await admin.createService("HELM", env, { name: "chart" });
        const found = (await admin.storedRows(container)).find(
            (r) => r.scope === "BUILT_IN" && r.parent_id === container && r.key.endsWith("_HOST_INTERNAL"),
        );
        assert.ok(found, "the emulator seeds the container's built-ins");
        hostBuiltIn = found;
        // A row of the helm service made outside the program: no resource of it ever touches it.
        outside.OUTSIDE_NOTE = (
            await publicApi("POST", "/variable", {
                key: "OUTSIDE_NOTE",
                value: outsideValue,
                is_secret: true,
                variable_scope: "HELM",
                variable_parent_id: helm,
            })
        ).id;

        const programDir = installProgram(await consumerRoot(), path.join(__dirname, "programs", "scopes"), "scopes");
        // The API's URL and token from the environment, as CI would give them: no `config set` runs.
        stack = await PulumiStack.create({
            programDir,
            // A quiet time longer than any pause between two registrations on a loaded machine, so
            // that the helm service's three plain creates always meet in one import (bulk.ts).
            env: { QOVERY_API_URL: emulator.url, QOVERY_API_TOKEN: TOKEN, QOVERY_BULK_WINDOW_MS: "3000" },
        });
        writeSpecs([
            {
                type: "EnvironmentVariable",
                name: "region",
                args: { projectId: project, key: "REGION", value: "eu-west-3" },
            },
            {
                type: "Secret",
                name: "db-password",
                args: { environmentId: env, key: "DB_PASSWORD", value: dbPassword1, description: "shared" },
                secret: ["value"],
            },
            {
                // A file: the emulator lets no override target a FILE row, so the cascade is this one's.
                type: "Secret",
                name: "tls-ca",
                args: { environmentId: env, key: "TLS_CA", value: tlsCa, mountPath: "/etc/tls/ca.pem" },
            },
            {
                type: "SecretOverride",
                name: "api-db-password",
                args: { applicationId: app, value: apiDbPassword },
                ids: { overriddenSecretId: "db-password" },
            },
            {
                type: "EnvironmentVariableAlias",
                name: "worker-host",
                args: { containerId: container, aliasedKey: hostBuiltIn.key, key: "SELF_HOST" },
            },
            {
                type: "Secret",
                name: "helm-api-key",
                args: { helmId: helm, key: "HELM_API_KEY", value: helmApiKey },
            },
            {
                type: "SecretAlias",
                name: "helm-tls-ca",
                args: { helmId: helm, aliasedKey: "TLS_CA", key: "CHART_TLS_CA" },
                dependsOn: ["tls-ca"],
            },
            {
                type: "Deployment",
                name: "environment-redeploy",
                args: { environmentId: env },
                triggers: ["region", "db-password", "tls-ca", "api-db-password"],
            },
            {
                type: "Variables",
                name: "chart",
                args: {
                    helmId: helm,
                    secrets: { CHART_TOKEN: helmToken },
                    environmentVariables: { CHART_MODE: "blue" },
                    redeployOnChange: true,
                },
            },
        ]);
    });

    after(async () => {
        stack?.cleanup();
        await emulator?.stop();
    });

    afterEach("leak scan: state, backups, history and CLI output; secret values are ciphertext", function () {
        if (!stack) return;
        const findings = stackLeaks(stack, secrets);
        assert.deepEqual(findings, [], `plaintext found: ${JSON.stringify(findings)}`);
        for (const name of [
            "db-password",
            "tls-ca",
            "api-db-password",
            "helm-api-key",
            "chart-secret-CHART_TOKEN",
            "adopted",
        ]) {
            const r = stateOf(name);
            if (!r) continue;
            assert.ok(isCiphertextSecret(r.inputs?.value), `${name}: inputs.value is ciphertext`);
            assert.ok(isCiphertextSecret(r.outputs?.value), `${name}: outputs.value is ciphertext`);
        }
    });

    it("the leak scan can fail: one line of a multi-line secret, planted in a text, is found", () => {
        const line = dbPassword1.split("\n")[1];
        const found = scanForLeaks({ texts: [{ label: "planted", text: JSON.stringify({ x: line }) }], secrets });
        assert.deepEqual(found, [{ label: "db-password-1-line-2", where: "planted" }]);
    });

    it("up creates every scope's resources; the state equals the server; each redeploy once", async () => {
        await requests();
        await stack.up();
        const log = await requests();
        const posts = writes(log).filter((w) => w.startsWith("POST /variable"));
        const expectedPosts = [
            "POST /variable", // region
            "POST /variable", // DB_PASSWORD
            "POST /variable", // TLS_CA
            "POST /variable/import", // HELM_API_KEY, CHART_TOKEN and CHART_MODE: the helm service's, coalesced
            `POST /variable/${stateOf("tls-ca")!.id}/alias`, // the helm service's
            `POST /variable/${stateOf("db-password")!.id}/override`, // the application's
            `POST /variable/${hostBuiltIn.id}/alias`, // the container's
        ];
        assert.deepEqual(posts.sort(), expectedPosts.sort());
        const redeploys = log.filter((r) => r.method === "POST" && r.path.endsWith("/redeploy") && r.status === 202);
        assert.deepEqual(redeploys.map((r) => r.path).sort(), [
            `/environment/${env}/redeploy`,
            `/helm/${helm}/redeploy`,
        ]);
        assert.equal((await admin.environmentDeployments(env)).length, 1);

        await assertStateIsServer();
        const expected: Record<string, [scope: string, key: string]> = {
            region: ["PROJECT", "REGION"],
            "db-password": ["ENVIRONMENT", "DB_PASSWORD"],
            "api-db-password": ["APPLICATION", "DB_PASSWORD"],
            "worker-host": ["CONTAINER", "SELF_HOST"],
            "helm-api-key": ["HELM", "HELM_API_KEY"],
            "tls-ca": ["ENVIRONMENT", "TLS_CA"],
            "helm-tls-ca": ["HELM", "CHART_TLS_CA"],
            "chart-secret-CHART_TOKEN": ["HELM", "CHART_TOKEN"],
            "chart-variable-CHART_MODE": ["HELM", "CHART_MODE"],
        };
        assert.deepEqual(
            variables()
                .map((r) => r.urn.split("::").pop())
                .sort(),
            Object.keys(expected).sort(),
        );
        for (const [name, [scope, key]] of Object.entries(expected)) {
            assert.deepEqual([stateOf(name)!.outputs!.scope, stateOf(name)!.outputs!.key], [scope, key], name);
        }
        const rows = await admin.storedRows();
        const row = (name: string) => rows.find((r) => r.id === stateOf(name)!.id)!;
        assert.equal(row("db-password").value, dbPassword1, "the multi-line value arrives unchanged");
        assert.equal(row("api-db-password").override_of, stateOf("db-password")!.id);
        assert.equal(row("worker-host").alias_of, hostBuiltIn.id);
        assert.equal(row("helm-tls-ca").alias_of, stateOf("tls-ca")!.id);
        assert.equal(row("tls-ca").mount_path, "/etc/tls/ca.pem");
        assert.equal(stateOf("worker-host")!.outputs!.serviceId, container);
        assert.equal(stateOf("environment-redeploy")!.outputs!.targetKind, "ENVIRONMENT");
        assert.equal(stateOf("chart-redeploy")!.outputs!.targetKind, "HELM");
    });

    it("a second up has nothing to do: preview --expect-no-changes, no write", async () => {
        await stack.preview(["--expect-no-changes"]);
        assert.deepEqual(writes(await requests()), []);
    });

    it("in place: the environment secret's new value is one PUT, then exactly one environment redeploy", async () => {
        const id = stateOf("db-password")!.id!;
        change("db-password", { value: dbPassword2 });
        await stack.up();
        const log = (await requests()).filter((r) => r.method !== "GET" && !r.path.endsWith("/status"));
        assert.deepEqual(
            log.map((r) => `${r.method} ${r.path} ${r.status}`),
            [`PUT /variable/${id} 200`, `POST /environment/${env}/redeploy 202`],
            "one PUT, no POST or DELETE of a variable, one redeploy after the PUT",
        );
        assert.equal(stateOf("db-password")!.id, id);
        assert.equal((await rowOf("db-password"))!.value, dbPassword2);
        assert.equal((await admin.environmentDeployments(env)).length, 2);
    });

    it("cascade: a new mountPath replaces the environment secret delete-first; the helm alias exists again on it", async () => {
        const old = stateOf("tls-ca")!.id!;
        const oldAlias = stateOf("helm-tls-ca")!.id!;
        change("tls-ca", { mountPath: "/etc/tls/ca.crt" });
        const r = await stack.up();
        const now = stateOf("tls-ca")!.id!;
        assert.notEqual(now, old);
        // Qovery deletes the helm service's alias with the old secret. The alias is declared after
        // its target (dependsOn), so the provider meets it only once the secret is replaced: the
        // alias's own resource makes it again on the new secret, in the same `up`.
        assert.deepEqual(
            writes(await requests()).filter((w) => w.includes("/variable")),
            [
                `DELETE /variable/${old}`,
                "POST /variable",
                `POST /variable/${now}/alias`,
                `DELETE /variable/${oldAlias}`,
            ],
        );
        assert.match(
            r.output,
            /secret alias "CHART_TLS_CA" .* was deleted with its target, replaced earlier in this run/,
        );
        const alias = (await admin.storedRows(helm)).filter((x) => x.key === "CHART_TLS_CA");
        assert.equal(alias.length, 1);
        assert.equal(alias[0].alias_of, now, "the helm alias points at the new secret");
        assert.equal(stateOf("helm-tls-ca")!.id, alias[0].id, "the state's id is the server's");
        assert.equal((await rowOf("tls-ca"))!.mount_path, "/etc/tls/ca.crt");
        assert.equal((await rowOf("tls-ca"))!.value, tlsCa);
        await assertStateIsServer();
        await stack.preview(["--refresh", "--expect-no-changes"]);
    });

    it("drift of a plain variable: refresh shows it", async () => {
        const regionId = stateOf("region")!.id!;
        await publicApi("PUT", `/variable/${regionId}`, { key: "REGION", value: "us-east-1" });
        await stack.refresh();
        assert.equal(stateOf("region")!.outputs!.value, "us-east-1");
        assert.equal(stateOf("region")!.inputs!.value, "us-east-1");
        await assertStateIsServer();
    });

    it("up puts the program's value back, and adopts a secret made outside: one PUT, no POST, id unchanged", async () => {
        const made = await publicApi("POST", "/variable", {
            key: "PAYMENTS_KEY",
            value: "made-in-the-console",
            is_secret: true,
            variable_scope: "APPLICATION",
            variable_parent_id: app,
        });
        writeSpecs([
            ...specs,
            {
                type: "Secret",
                name: "adopted",
                args: { applicationId: app, key: "PAYMENTS_KEY", value: adoptedValue, adopt: true },
            },
        ]);
        await requests();
        await stack.up();
        const log = writes(await requests()).filter((w) => w.includes("/variable"));
        assert.deepEqual(log.sort(), [`PUT /variable/${made.id}`, `PUT /variable/${stateOf("region")!.id}`].sort());
        assert.equal(stateOf("adopted")!.id, made.id);
        assert.equal((await rowOf("adopted"))!.value, adoptedValue);
        assert.equal((await rowOf("region"))!.value, "eu-west-3");
        await stack.preview(["--expect-no-changes"]);
        await assertStateIsServer();
    });

    it("destroy: everything the program made is gone; built-ins and rows made outside remain", async () => {
        const builtIns = (await admin.storedRows()).filter((r) => r.scope === "BUILT_IN").map((r) => r.id);
        await stack.destroy();
        assert.deepEqual(resources(), []);
        const left = await madeRows();
        assert.deepEqual(
            left.map((r) => r.key),
            ["OUTSIDE_NOTE"],
        );
        assert.equal(left[0].value, outsideValue);
        const builtInsAfter = (await admin.storedRows()).filter((r) => r.scope === "BUILT_IN").map((r) => r.id);
        assert.deepEqual(builtInsAfter, builtIns);
        assert.ok(builtIns.includes(hostBuiltIn.id));
    });
});
