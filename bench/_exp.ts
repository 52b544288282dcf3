import { randomBytes } from "node:crypto";
import { EmulatorAdmin, startEmulator } from "../emulator";
import { consumerRoot } from "../tests/e2e/workspace";
import { BenchStack } from "./cli";
import { median } from "./stats";

async function main() {
    const n = Number(process.argv[2] ?? 100);
    const reps = Number(process.argv[3] ?? 2);
    const consumer = await consumerRoot();
    const token = `t-${randomBytes(16).toString("hex")}`;
    const emulator = await startEmulator({ token });
    const admin = new EmulatorAdmin(emulator.url);
    const jobId = await admin.createJob();
    const base = { consumer, admin, apiUrl: emulator.url, token, parallel: 10 };
    const stacks: Record<string, BenchStack> = {
        jobsecret: await BenchStack.create({ kind: "jobsecret", ...base }),
        noop: await BenchStack.create({ kind: "noop", ...base }),
        "noop+outputs": await BenchStack.create({ kind: "noop", ...base, env: { BENCH_NOOP_OUTPUTS: "1" } }),
    };
    const res: Record<
        string,
        { wall: number[]; program: number[]; provider: number[]; bench: number[]; total: number[] }
    > = {};
    const names = Object.keys(stacks);
    for (let rep = 0; rep < reps; rep++) {
        const order = [...names.slice(rep % 3), ...names.slice(0, rep % 3)];
        for (const kind of order) {
            stacks[kind].setSecrets(jobId, n);
            const m = await stacks[kind].run("up");
            await stacks[kind].run("destroy");
            const r = (res[kind] ??= { wall: [], program: [], provider: [], bench: [], total: [] });
            r.wall.push(m.seconds);
            r.program.push(m.cpu.program);
            r.provider.push(m.cpu.provider);
            r.bench.push(m.cpu.bench);
            r.total.push(Object.values(m.cpu).reduce((a, b) => a + b, 0));
            console.error(
                `${kind} up wall=${m.seconds.toFixed(2)} program=${m.cpu.program.toFixed(2)} provider=${m.cpu.provider.toFixed(2)}`,
            );
        }
    }
    for (const [k, r] of Object.entries(res)) {
        console.log(
            k,
            Object.entries(r)
                .map(([f, xs]) => `${f}=${median(xs).toFixed(2)}`)
                .join(" "),
        );
    }
    for (const s of Object.values(stacks)) s.cleanup();
    await emulator.stop();
}
void main();
