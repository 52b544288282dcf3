/**
 * The provider's hooks called in-process, against an in-process emulator over real HTTP: what one
 * call costs the provider process, without the Pulumi engine around it.
 */
import { randomBytes } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { EmulatorAdmin, startEmulator } from "../emulator";
import * as hooks from "../provider/hooks";
import type { JobSecretInputs, JobSecretOutputs } from "../provider/engine/inputs";
import { mean, percentile } from "./stats";

export interface HookTiming {
    hook: string;
    calls: number;
    meanMs: number;
    p99Ms: number;
}

export interface HookBenchOptions {
    calls: number;
    createCalls: number;
}

/** What the engine sends along with the inputs: the serialized provider (one line when installed). */
const PROVIDER_TEXT =
    'exports.handler = __f0;\n\nfunction __f0() {\n  return (function() {\n  with({  }) {\n\nreturn () => require("pulumi-qovery-secrets/hooks");\n\n  }\n}).apply(undefined, undefined).apply(this, arguments);\n}\n';

async function time(calls: number, warmup: number, call: (i: number) => Promise<unknown>): Promise<number[]> {
    // Warm-up calls are not measured: the first ones pay for module loading and JIT compilation.
    for (let i = 0; i < warmup; i++) await call(-1 - i);
    const ms: number[] = [];
    for (let i = 0; i < calls; i++) {
        const t0 = performance.now();
        await call(i);
        ms.push(performance.now() - t0);
    }
    return ms;
}

function summary(hook: string, ms: number[]): HookTiming {
    return { hook, calls: ms.length, meanMs: mean(ms), p99Ms: percentile(ms, 99) };
}

export async function benchHooks(opts: HookBenchOptions): Promise<HookTiming[]> {
    const token = `bench-token-${randomBytes(16).toString("hex")}`;
    const emulator = await startEmulator({ token });
    try {
        const jobId = await new EmulatorAdmin(emulator.url).createJob({ name: "bench-hooks" });
        const config: Record<string, string> = { "qovery:apiUrl": emulator.url, "qovery:apiToken": token };
        await hooks.configure({
            config: { get: (k: string) => config[k] },
        } as unknown as pulumi.dynamic.ConfigureRequest);

        const inputs = (i: number): JobSecretInputs => ({
            jobId,
            key: `BENCH_KEY_${i < 0 ? `W${-i}` : i}`,
            value: randomBytes(16).toString("hex"),
            description: "benchmark secret",
        });
        const olds: JobSecretOutputs = { ...inputs(0), createdAt: new Date().toISOString(), scope: "JOB" };

        const check = await time(opts.calls, 200, () => hooks.check({}, { ...inputs(0), __provider: PROVIDER_TEXT }));
        const diff = await time(opts.calls, 200, () => hooks.diff("id", olds, { ...olds, description: "changed" }));
        const create = await time(opts.createCalls, 20, (i) => hooks.create(inputs(i)));
        return [summary("check", check), summary("diff", diff), summary("create", create)];
    } finally {
        await emulator.stop();
    }
}
