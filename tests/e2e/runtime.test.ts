/**
 * The engine pair behaves as a real Pulumi install: the language host honours the runtime
 * options of Pulumi.yaml (plain JavaScript, `nodeargs`, a type-checked strict TypeScript
 * program) and tells the program its root directory.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorAdmin, type RunningEmulator, startEmulator } from "../../emulator";
import { type Secret, stackLeaks } from "./leaks";
import { PulumiStack, isCiphertextSecret } from "./pulumi";
import { consumerRoot, enginePair, installProgram, pulumiBinary } from "./workspace";

const TOKEN = `rt-token-${randomBytes(12).toString("hex")}`;

describe("end to end through the Pulumi CLI: the engine pair honours Pulumi.yaml's runtime options", function () {
    this.timeout(600_000);
    let emulator: RunningEmulator;
    let admin: EmulatorAdmin;
    const stacks: PulumiStack[] = [];

    before(async () => {
        pulumiBinary();
        emulator = await startEmulator({ token: TOKEN });
        admin = new EmulatorAdmin(emulator.url);
    });

    after(async () => {
        for (const s of stacks) s.cleanup();
        await emulator?.stop();
    });

    /** A stack of the named test program, configured for a new job; returns it with the value it holds. */
    async function programStack(program: string, typeCheck = false) {
        const jobId = await admin.createJob({ name: program });
        const value = `rt-value-${randomBytes(12).toString("hex")}`;
        const dir = installProgram(await consumerRoot(), path.join(__dirname, "programs", program), program);
        const stack = await PulumiStack.create({ programDir: dir, typeCheck });
        stacks.push(stack);
        await stack.setConfig("qovery:apiUrl", emulator.url);
        await stack.setConfig("qovery:apiToken", TOKEN, true);
        await stack.setConfig("jobId", jobId);
        await stack.setConfig("value", value, true);
        const secrets: Secret[] = [
            { label: "API token", value: TOKEN },
            { label: `${program} value`, value },
        ];
        return { stack, jobId, value, secrets, dir };
    }

    /** preview (no API call), up (the value lands in Qovery), then destroy (it is gone); leak scans after each. */
    async function lifecycle(
        t: Awaited<ReturnType<typeof programStack>>,
        key: string,
    ): Promise<Record<string, unknown>> {
        await admin.clearRequests();
        await t.stack.preview();
        assert.deepEqual(await admin.requests(), [], "preview makes no API call");
        await t.stack.up();
        const stored = await admin.storedSecrets(t.jobId);
        assert.deepEqual(
            stored.map((s) => [s.key, s.value]),
            [[key, t.value]],
        );
        const [resource] = t.stack.jobSecrets();
        assert.ok(isCiphertextSecret(resource.inputs?.value) && isCiphertextSecret(resource.outputs?.value));
        assert.deepEqual(stackLeaks(t.stack, t.secrets), []);
        const outputs = await t.stack.outputs();
        await t.stack.destroy();
        assert.deepEqual(await admin.storedSecrets(t.jobId), []);
        assert.deepEqual(stackLeaks(t.stack, t.secrets), []);
        return outputs;
    }

    it("runs on a CLI and language host of the same version", () => {
        const { cli, host } = enginePair();
        console.log(`      pulumi ${cli}, pulumi-language-nodejs ${host}`);
        assert.equal(host, cli);
    });

    it("typescript: false runs a plain JavaScript program, without ts-node; getRootDirectory() is its folder", async () => {
        const t = await programStack("runtime-javascript");
        const outputs = await lifecycle(t, "JS_SECRET");
        assert.equal(outputs.rootDirectory, fs.realpathSync(t.dir));
        assert.equal(outputs.tsNodeLoaded, false);
    });

    it("nodeargs reach Node.js: a --require preload runs and the flags are in process.execArgv", async () => {
        const t = await programStack("runtime-nodeargs");
        const outputs = await lifecycle(t, "NODEARGS_SECRET");
        assert.equal(outputs.preloaded, "preload.js ran");
        assert.ok(
            (outputs.execArgv as string[]).includes("--max-old-space-size=1536"),
            `execArgv: ${JSON.stringify(outputs.execArgv)}`,
        );
    });

    it("a strict TypeScript program is type-checked: a type error fails preview, the fixed program runs", async () => {
        const t = await programStack("runtime-strict-typescript", true);
        const source = path.join(t.dir, "index.ts");
        const good = fs.readFileSync(source, "utf8");
        // A number where the library's Args declare a string: only a type check sees it.
        fs.writeFileSync(source, good.replace('key: "STRICT_SECRET"', "key: 42"));
        const bad = await t.stack.run(["preview"]);
        assert.notEqual(bad.code, 0);
        assert.match(bad.output, /TS2322/);
        fs.writeFileSync(source, good);

        const outputs = await lifecycle(t, "STRICT_SECRET");
        assert.equal(outputs.rootDirectory, fs.realpathSync(t.dir));
    });
});
