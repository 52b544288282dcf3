import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorAdmin, type RunningEmulator, startEmulator } from "../../emulator";
import { type Secret, stackLeaks } from "./leaks";
import { PulumiStack, isCiphertextSecret } from "./pulumi";
import { consumerRoot, installProgram, pulumiBinary } from "./workspace";

/**
 * A create whose answer is lost and whose check meets a 429 with a far reset, under the real
 * CLI: `up` fails saying the outcome is unknown, the state keeps the resource as pending (no
 * plaintext), and the next `up` takes over what was made (no 409, no second POST) or creates it.
 */
describe("end to end through the Pulumi CLI: a lost create stays pending and the next up resolves it", function () {
    this.timeout(600_000);
    const token = `pend-token-${randomBytes(12).toString("hex")}`;
    const secrets: Secret[] = [{ label: "token", value: token }];
    const value = (label: string) => {
        const v = `pend-value-${randomBytes(12).toString("hex")}`;
        secrets.push({ label, value: v });
        return v;
    };
    let emulator: RunningEmulator;
    let admin: EmulatorAdmin;
    let job: string;
    let stack: PulumiStack;

    const write = (specs: object[]) =>
        fs.writeFileSync(path.join(stack.programDir, "secrets.json"), JSON.stringify(specs));
    const resourceOf = (name: string) => stack.jobSecrets().find((r) => r.urn.endsWith(`::${name}`));
    const writes = async () =>
        (await admin.requests()).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.status}`);
    /** The POST's answer lost (written or not), then the recovery's list meets a 429 an hour from reset. */
    const loseNextCreate = async (drop: "after" | "before") => {
        await admin.fault({ method: "POST", path: "/job/{jobId}/secret", drop, times: 1 });
        await admin.fault({
            method: "GET",
            path: "/job/{jobId}/secret",
            status: 429,
            body: { status: 429, detail: "Too Many Requests" },
            headers: {
                "X-RateLimit-Reset": String(Math.floor(Date.now() / 1000) + 3600),
                "X-RateLimit-Remaining": "0",
            },
            times: 1,
        });
    };

    before(async () => {
        pulumiBinary();
        emulator = await startEmulator({ token });
        admin = new EmulatorAdmin(emulator.url);
        job = await admin.createJob({ name: "pending" });
        const dir = installProgram(await consumerRoot(), path.join(__dirname, "programs", "lifecycle"), "pending");
        stack = await PulumiStack.create({ programDir: dir });
        await stack.setConfig("qovery:apiUrl", emulator.url);
        await stack.setConfig("qovery:apiToken", token, true);
    });
    after(async () => {
        stack?.cleanup();
        await emulator?.stop();
    });
    afterEach("no plaintext secret anywhere the stack writes", () => {
        if (stack) assert.deepEqual(stackLeaks(stack, secrets), []);
    });

    it("the POST wrote: up fails (outcome unknown), pending in state; the next up adopts it with no 409 nor POST; a third has nothing to do", async () => {
        write([{ name: "db", jobId: job, key: "DB_PASSWORD", value: value("db") }]);
        await loseNextCreate("after");
        const r = await stack.run(["up", "--yes", "--skip-preview"]);
        assert.notEqual(r.code, 0, r.output);
        assert.match(r.output, /outcome of the create is unknown/);
        assert.match(r.output, /kept in the state as pending/);
        const pending = resourceOf("db")!;
        assert.ok(pending, "the resource is in the state");
        assert.match(String(pending.id), /^pending-create-/);
        assert.equal(pending.outputs?.value, undefined, "no value among the pending outputs");
        assert.ok(isCiphertextSecret(pending.inputs?.value), "the input value stays ciphertext");
        const made = (await admin.storedSecrets(job)).filter((s) => s.key === "DB_PASSWORD");
        assert.equal(made.length, 1, "the POST wrote");

        await admin.clearFaults();
        await admin.clearRequests();
        await stack.up();
        assert.deepEqual(await writes(), ["PUT 200"], "one PUT of the program's values: no POST, no 409, no DELETE");
        assert.equal(resourceOf("db")!.id, made[0]!.id);
        assert.ok(
            (await admin.requests()).every((q) => !q.path.includes("pending-create-")),
            "the marker is never sent",
        );

        await admin.clearRequests();
        await stack.up(["--expect-no-changes"]);
        assert.deepEqual(await writes(), []);
    });

    it("the POST did not write: the next up creates it", async () => {
        write([
            { name: "db", jobId: job, key: "DB_PASSWORD", value: value("db") },
            { name: "api", jobId: job, key: "API_KEY", value: value("api") },
        ]);
        await stack.up(); // db's new value; settles before the fault
        await loseNextCreate("before");
        write([
            { name: "db", jobId: job, key: "DB_PASSWORD", value: value("db-2") },
            { name: "api", jobId: job, key: "API_KEY", value: value("api") },
            { name: "tls", jobId: job, key: "TLS_KEY", value: value("tls") },
        ]);
        const r = await stack.run(["up", "--yes", "--skip-preview"]);
        assert.notEqual(r.code, 0, r.output);
        assert.match(String(resourceOf("tls")?.id), /^pending-create-/);
        assert.equal((await admin.storedSecrets(job)).filter((s) => s.key === "TLS_KEY").length, 0);

        await admin.clearFaults();
        await admin.clearRequests();
        await stack.up();
        assert.deepEqual(
            (await admin.requests()).filter((q) => q.method === "POST").map((q) => q.status),
            [201],
            "created once",
        );
        const tls = (await admin.storedSecrets(job)).find((s) => s.key === "TLS_KEY")!;
        assert.equal(resourceOf("tls")!.id, tls.id);
        await stack.up(["--expect-no-changes"]);
        await stack.destroy();
        assert.deepEqual(await admin.storedSecrets(job), []);
    });
});
