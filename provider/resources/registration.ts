/**
 * What each resource class tells the provider's `check` about the run, besides its arguments,
 * and the order in which its registrations reach the engine. Both serve coalesced creates
 * (engine/bulk.ts, engine/pace.ts): a batch of a service's creates goes when no more can join it.
 *
 * - `__run.parallel`: the engine's `--parallel`, which the language host gives the program
 *   (`PULUMI_NODEJS_PARALLEL`) and not the provider.
 * - `__run.parent` and `__run.siblings`: for a variable whose create a batch could carry (a plain
 *   key and value at a service's scope), its service and how many such variables the program
 *   declared in it. The others are not counted: an alias or override may not even register
 *   before its target's create returns, and a job class's create never joins a batch.
 * `check` takes `__run` out of the inputs: it is never stored nor compared.
 *
 * The order: Pulumi's SDK registers a resource once its inputs are resolved, and the first
 * resource of each class waits for its class's provider to be serialized. Left alone, a
 * program declaring a service's secrets and plain variables side by side reaches the engine
 * class by class (every Secret of every service, then every EnvironmentVariable), and no batch
 * can hold a whole service. So `__run` (the last input before Pulumi's `__provider`) resolves
 * once the program's synchronous declarations are done and every provider is serialized, for
 * all resources in the order the program declared them: their registrations then leave in
 * that order.
 */
import { onlyKeyAndValue } from "../engine/pace";
import { SCOPES } from "../engine/scopes";

/** What `check` reads from `__run` (engine/pace.ts). */
export interface RunHints {
    parallel?: number;
    parent?: string;
    siblings?: number;
}

const PARALLEL = (() => {
    const p = Number(process.env.PULUMI_NODEJS_PARALLEL);
    return Number.isInteger(p) && p > 0 ? p : undefined;
})();

/** Declared variables a batch could carry, per service ("APPLICATION:<id>", as the provider keys it). */
const declared = new Map<string, number>();

interface Waiting {
    props: Record<string, unknown>;
    parent: string | undefined;
    resolve(hints: RunHints): void;
}
let waiting: Waiting[] = [];

/**
 * The service a plain variable's arguments name, keyed as the provider keys it, when a batch
 * could carry its create: a service's id known now (not an Output), and nothing an import
 * cannot carry. Undefined otherwise: such a variable is not counted.
 */
export function batchableParent(args: object): string | undefined {
    const a = args as Record<string, unknown>;
    if (!onlyKeyAndValue(a)) return undefined;
    for (const scope of Object.values(SCOPES)) {
        const id = a[scope.field];
        if (id === undefined) continue;
        return typeof id === "string" && scope.level === 2 ? `${scope.api}:${id.toLowerCase()}` : undefined;
    }
    return undefined;
}

/**
 * The props with `__run` added last. `countIn`: the arguments of a plain variable (Secret,
 * EnvironmentVariable), counted in its service when a batch could carry it; omitted for any
 * other resource.
 */
export function withRunHints<T extends Record<string, unknown>>(
    props: T,
    countIn?: object,
): T & { __run: Promise<RunHints> } {
    const parent = countIn === undefined ? undefined : batchableParent(countIn);
    if (parent !== undefined) declared.set(parent, (declared.get(parent) ?? 0) + 1);
    let resolve!: (hints: RunHints) => void;
    const run = new Promise<RunHints>((r) => (resolve = r));
    const out = { ...props, __run: run };
    if (waiting.length === 0) setImmediate(() => void release());
    waiting.push({ props: out, parent, resolve });
    return out;
}

/** Resolves every `__run` waiting, in the order declared, once the providers are serialized. */
async function release(): Promise<void> {
    // The SDK sets `__provider` (a promise of the serialized provider) on the props it was given.
    for (let seen = -1; seen !== waiting.length;) {
        seen = waiting.length;
        const providers = new Set(waiting.map((w) => w.props.__provider).filter((p) => p instanceof Promise));
        await Promise.allSettled(providers);
    }
    const now = waiting;
    waiting = [];
    for (let i = 0; i < now.length; i++) {
        // A few registrations per turn of the event loop: sent all at once, the engine's gRPC
        // server takes them in an order of its own; a turn apart, it takes them in turn.
        if (i > 0 && i % RELEASE_CHUNK === 0) await new Promise((r) => setTimeout(r, 1));
        const w = now[i];
        w.resolve({
            ...(PARALLEL === undefined ? {} : { parallel: PARALLEL }),
            ...(w.parent === undefined ? {} : { parent: w.parent, siblings: declared.get(w.parent) }),
        });
    }
}

/** How many registrations leave together (see release). */
const RELEASE_CHUNK = 8;
