import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorAdmin, type RunningEmulator, startEmulator } from "../../emulator";
import type { StoredSecret } from "../../emulator/types";
import { type Secret, stackLeaks } from "./leaks";
import { PulumiStack, type StateResource } from "./pulumi";
import { consumerRoot, installProgram, pulumiBinary } from "./workspace";

interface Spec {
    type: string;
    name: string;
    args: Record<string, unknown>;
    secret?: string[];
    opts?: Record<string, unknown>;
}

const TOKEN = `cascade-token-${randomBytes(12).toString("hex")}`;

/**
 * Qovery's cascade under the real CLI: a JobSecret whose mountPath changes is replaced delete
 * first, and Qovery deletes its aliases with it. After `up`, the program's alias and one made
 * outside the program exist again on the new secret; a refreshed preview shows nothing; a second
 * `up` has nothing to do. The same for a JobEnvironmentVariable replaced delete-first (by
 * `--replace` with `deleteBeforeReplace`: its own change table never replaces it in place of an
 * edit). An alias deleted by the cascade and re-created by hand is found again by refresh.
 */
describe("end to end through the Pulumi CLI: cascades", function () {
    this.timeout(600_000);

    let emulator: RunningEmulator;
    let admin: EmulatorAdmin;
    let jobId: string;
    let stack: PulumiStack;
    let specs: Spec[];
    let sharedCertId: string;
    const tlsValue = `cascade-tls-${randomBytes(12).toString("hex")}`;
    const secrets: Secret[] = [
        { label: "API token", value: TOKEN },
        { label: "tls", value: tlsValue },
    ];

    const writeSpecs = (next: Spec[]) => {
        specs = next;
        fs.writeFileSync(path.join(stack.programDir, "family.json"), JSON.stringify(specs, null, 2));
    };
    const change = (name: string, args: Record<string, unknown>) =>
        writeSpecs(specs.map((s) => (s.name === name ? { ...s, args: { ...s.args, ...args } } : s)));
    const stateOf = (name: string): StateResource | undefined =>
        (stack.state().checkpoint.latest?.resources ?? []).find((r) => r.urn.endsWith(`::${name}`));
    const own = (rows: StoredSecret[], key: string) => rows.filter((r) => r.key === key && r.scope === "JOB");
    /** An alias made outside the program, through the public API (as the console would). */
    const outsideAlias = async (api: string, parentId: string, key: string, description?: string) => {
        const res = await fetch(`${emulator.url}/job/${jobId}/${api}/${parentId}/alias`, {
            method: "POST",
            headers: { Authorization: `Token ${TOKEN}`, "Content-Type": "application/json" },
            body: JSON.stringify({ key, description }),
        });
        assert.equal(res.status, 201, await res.clone().text());
        return ((await res.json()) as { id: string }).id;
    };
    /** The non-GET requests since the last call, as "METHOD path" with the job and ids named. */
    const writes = async (names: Record<string, string>) => {
        const log = await admin.requests();
        await admin.clearRequests();
        return log
            .filter((r) => r.method !== "GET")
            .map((r) => {
                let p = `${r.method} ${r.path.replace(jobId, "J")}`;
                for (const [name, id] of Object.entries(names)) p = p.replace(id, name);
                return p;
            });
    };

    before(async () => {
        pulumiBinary();
        emulator = await startEmulator({ token: TOKEN });
        admin = new EmulatorAdmin(emulator.url);
        jobId = await admin.createJob({ name: "cascade" });
        sharedCertId = (await admin.seedSecret(jobId, { key: "SHARED_CERT", value: "c1", scope: "PROJECT" })).id;
        const programDir = installProgram(await consumerRoot(), path.join(__dirname, "programs", "family"), "cascade");
        stack = await PulumiStack.create({ programDir });
        await stack.setConfig("qovery:apiUrl", emulator.url);
        await stack.setConfig("qovery:apiToken", TOKEN, true);
        writeSpecs([
            {
                type: "JobSecret",
                name: "tls",
                args: { jobId, key: "TLS_KEY", value: tlsValue, mountPath: "/etc/tls/old.key" },
                secret: ["value"],
            },
            {
                type: "JobEnvironmentVariable",
                name: "conf",
                args: { jobId, key: "APP_CONF", value: "a=1" },
                opts: { deleteBeforeReplace: true },
            },
            { type: "JobSecretAlias", name: "cert", args: { jobId, aliasedKey: "SHARED_CERT", key: "CERT" } },
        ]);
    });

    after(async () => {
        stack?.cleanup();
        await emulator?.stop();
    });

    afterEach("leak scan: state, backups, history, config and CLI output", function () {
        if (!stack) return;
        assert.deepEqual(stackLeaks(stack, secrets), []);
    });

    it("up, then aliases by key (a second up: nothing orders them after their targets); then one of each made outside", async () => {
        await stack.up();
        writeSpecs([
            ...specs,
            { type: "JobSecretAlias", name: "tls-alias", args: { jobId, aliasedKey: "TLS_KEY", key: "TLS_ALIAS" } },
            {
                type: "JobEnvironmentVariableAlias",
                name: "conf-alias",
                args: { jobId, aliasedKey: "APP_CONF", key: "CONF_ALIAS", description: "the program's" },
            },
        ]);
        await stack.up();
        await outsideAlias("secret", stateOf("tls")!.id!, "TLS_OUTSIDE", "made outside the program");
        await outsideAlias("environmentVariable", stateOf("conf")!.id!, "CONF_OUTSIDE", "made outside the program");
        assert.equal(own(await admin.storedSecrets(jobId), "TLS_OUTSIDE").length, 1);
    });

    it("a new mountPath replaces the secret delete-first; both aliases exist again on the new secret", async () => {
        const old = stateOf("tls")!.id!;
        const oldAlias = stateOf("tls-alias")!.id!;
        change("tls", { mountPath: "/etc/tls/new.key" });
        await admin.clearRequests();
        const r = await stack.up();
        const now = stateOf("tls")!.id!;
        assert.notEqual(now, old);
        // The order is the point: the aliases are created after the new secret, in the same `up`.
        assert.deepEqual(await writes({ OLD: old, NEW: now }), [
            "DELETE /job/J/secret/OLD",
            "POST /job/J/secret",
            "POST /job/J/secret/NEW/alias",
            "POST /job/J/secret/NEW/alias",
        ]);
        const rows = await admin.storedSecrets(jobId);
        for (const key of ["TLS_ALIAS", "TLS_OUTSIDE"]) {
            assert.equal(own(rows, key).length, 1, `${key} exists`);
            assert.equal(own(rows, key)[0].alias_of, now, `${key} points at the new secret`);
        }
        assert.equal(own(rows, "TLS_OUTSIDE")[0].description, "made outside the program");
        assert.match(r.output, /created again the secret alias "TLS_ALIAS" of the secret "TLS_KEY"/);
        assert.equal(stateOf("tls-alias")!.id, oldAlias, "the alias itself was not touched by this up");
    });

    it("preview --refresh --expect-no-changes shows nothing; refresh records the alias's new id; a second up does nothing", async () => {
        await stack.preview(["--refresh", "--expect-no-changes"]);
        await stack.refresh();
        const restored = own(await admin.storedSecrets(jobId), "TLS_ALIAS")[0];
        assert.equal(stateOf("tls-alias")!.id, restored.id);
        await admin.clearRequests();
        await stack.up(["--expect-no-changes"]);
        assert.deepEqual(await writes({}), []);
    });

    it("a JobEnvironmentVariable replaced delete-first (--replace, deleteBeforeReplace): its aliases exist again", async () => {
        const old = stateOf("conf")!.id!;
        await admin.clearRequests();
        await stack.up(["--replace", stateOf("conf")!.urn]);
        const now = stateOf("conf")!.id!;
        assert.deepEqual(await writes({ OLD: old, NEW: now }), [
            "DELETE /job/J/environmentVariable/OLD",
            "POST /job/J/environmentVariable",
            "POST /job/J/environmentVariable/NEW/alias",
            "POST /job/J/environmentVariable/NEW/alias",
        ]);
        const rows = await admin.storedVariables(jobId);
        for (const key of ["CONF_ALIAS", "CONF_OUTSIDE"]) assert.equal(own(rows, key)[0]?.alias_of, now, key);
        assert.equal(own(rows, "CONF_ALIAS")[0].description, "the program's");
        await stack.preview(["--refresh", "--expect-no-changes"]);
    });

    it("an alias deleted by the cascade and re-created by hand (same key, same target): refresh finds it, no 409 next", async () => {
        // Outside the program: the project's secret deleted (Qovery deletes the alias with it) and
        // both made again, with new ids.
        await admin.deleteStoredSecret(jobId, sharedCertId);
        assert.equal(own(await admin.storedSecrets(jobId), "CERT").length, 0, "the emulator cascaded");
        const again = await admin.seedSecret(jobId, { key: "SHARED_CERT", value: "c2", scope: "PROJECT" });
        const aliasId = await outsideAlias("secret", again.id, "CERT");
        await stack.refresh();
        assert.equal(stateOf("cert")!.id, aliasId, "found again: same key, same target");
        await admin.clearRequests();
        await stack.up(["--expect-no-changes"]);
        assert.deepEqual(await writes({}), []);
    });

    it("destroy leaves nothing of the job's own", async () => {
        await stack.destroy();
        const left = [...(await admin.storedSecrets(jobId)), ...(await admin.storedVariables(jobId))].filter(
            (e) => e.scope === "JOB",
        );
        assert.deepEqual(left, []);
    });
});
