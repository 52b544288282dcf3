/**
 * The calls table: API requests per `up`, `preview`, `refresh` and `destroy` of plain
 * variables of applications (half Secret, half EnvironmentVariable) over one or more services,
 * at the CLI's default parallelism and at a higher one, each `up` also with creates coalescing
 * turned off (`qovery:bulkCreate false`: one POST per variable) on the same run.
 *
 * Requests are counted by the emulator (reset before each command). `up` runs as users run it,
 * the engine writing its checkpoint before and after each step: those writes pace the creates
 * that reach the provider, so they decide how many can be coalesced. The other commands
 * coalesce nothing (one list per parent, one DELETE per variable, no request in a preview), so
 * they skip the intermediate checkpoints (PULUMI_SKIP_CHECKPOINTS), which on the file backend
 * cost most of a 1,000-resource command's time and none of its requests.
 */
import { randomBytes } from "node:crypto";
import type { EmulatorAdmin } from "../emulator";
import { BenchStack, type Measurement, type Operation } from "./cli";

/** One size of the table: `n` variables spread evenly over `services` applications. */
export interface CallsSize {
    n: number;
    services: number;
}

/** One configuration of a run: the CLI's `--parallel` (`null`: no flag, the CLI's default) and coalescing. */
export interface CallsCase extends CallsSize {
    parallel: number | null;
    bulk: boolean;
}

export interface CallsRun extends CallsCase {
    op: Operation;
    m: Measurement;
}

export interface CallsPlan {
    sizes: CallsSize[];
    parallels: (number | null)[];
    /** Coalescing settings to run, by default on then off. */
    bulk?: boolean[];
}

export interface CallsOptions {
    consumer: string;
    admin: EmulatorAdmin;
    apiUrl: string;
    token: string;
    progress: (line: string) => void;
}

/** The spec operations the table names, shortened. */
const SHORT: Record<string, string> = {
    "POST /variable": "POST",
    "POST /variable/import": "import",
    "GET /variable": "list",
    "DELETE /variable/{variableId}": "DELETE",
    "PUT /variable/{variableId}": "PUT",
};

/** "import 8, list 8, POST 3": the requests by spec operation, in the table's words. */
export function byOperation(m: Measurement): string {
    const entries = Object.entries(m.byOperation).filter(([, c]) => c > 0);
    if (entries.length === 0) return "none";
    return entries
        .sort(([, a], [, b]) => b - a)
        .map(([op, c]) => `${SHORT[op] ?? op} ${c}`)
        .join(", ");
}

/**
 * Runs every size at every parallelism, coalescing on (up, preview, refresh, destroy) then off
 * (up, destroy), on one stack of the scoped program, against applications of one environment.
 */
export async function measureCalls(plan: CallsPlan, opts: CallsOptions): Promise<CallsRun[]> {
    const { admin, progress } = opts;
    const project = await admin.createProject({ name: "bench-calls" });
    const environment = await admin.createEnvironment(project, { name: "bench-calls" });
    const most = Math.max(...plan.sizes.map((s) => s.services));
    const services: string[] = [];
    for (let i = 0; i < most; i++) {
        services.push(await admin.createService("APPLICATION", environment, { name: `bench-app-${i}` }));
    }
    const stack = await BenchStack.create({
        kind: "scoped",
        consumer: opts.consumer,
        admin,
        apiUrl: opts.apiUrl,
        token: opts.token,
        parallel: 1,
    });
    /** Rows the program manages: the services' own, not their BUILT_IN ones. */
    const managed = async (ids: string[]) =>
        (await admin.storedRows()).filter((r) => ids.includes(r.parent_id) && r.scope === "APPLICATION").length;
    const runs: CallsRun[] = [];
    try {
        for (const size of plan.sizes) {
            const ids = services.slice(0, size.services);
            writeVariables(stack, size, ids);
            for (const parallel of plan.parallels) {
                for (const bulk of plan.bulk ?? [true, false]) {
                    const c: CallsCase = { ...size, parallel, bulk };
                    await stack.setConfig("qovery:bulkCreate", String(bulk));
                    const ops: Operation[] = bulk ? ["up", "preview", "refresh", "destroy"] : ["up", "destroy"];
                    for (const op of ops) {
                        const env: Record<string, string> = op === "up" ? {} : { PULUMI_SKIP_CHECKPOINTS: "true" };
                        const m = await stack.run(op, { parallel, env });
                        runs.push({ ...c, op, m });
                        progress(
                            `  calls N=${c.n} S=${c.services} ${parallel === null ? "default" : `--parallel ${parallel}`}` +
                                ` bulkCreate ${bulk} ${op}: ${m.requests} requests (${byOperation(m)}), ${m.seconds.toFixed(1)} s`,
                        );
                        const rows = await managed(ids);
                        const want = op === "destroy" ? 0 : c.n;
                        if (rows !== want) throw new Error(`calls table: after ${op}, ${rows} variables, not ${want}`);
                    }
                }
            }
        }
    } finally {
        stack.cleanup();
        await admin.deleteEnvironment(environment);
        await admin.deleteProject(project);
    }
    return runs;
}

/**
 * variables.json: `n` variables, the services' in turn (each service's together, as a program
 * declares service after service), alternately Secret and EnvironmentVariable.
 */
function writeVariables(stack: BenchStack, size: CallsSize, services: string[]): void {
    if (size.n % size.services !== 0)
        throw new Error(`calls table: ${size.n} variables do not split over ${size.services} services`);
    const per = size.n / size.services;
    const specs = [];
    const values = [];
    for (const [s, applicationId] of services.entries()) {
        for (let i = 0; i < per; i++) {
            const value = randomBytes(16).toString("hex");
            values.push(value);
            specs.push({ name: `var-${s}-${i}`, secret: i % 2 === 0, applicationId, key: `BENCH_${s}_${i}`, value });
        }
    }
    stack.writeSpecs("variables.json", specs, values);
}
