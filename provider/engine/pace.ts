/**
 * What this provider process knows of how the Pulumi engine runs its steps, so that coalesced
 * creates (bulk.ts) send a batch when no more creates can join it, rather than after a guess of
 * time. The program tells some of it: each resource class passes `__run` to `check`
 * (../resources/registration.ts), which takes it out of the inputs, never stored nor compared.
 *
 * - **The engine's parallelism.** The engine runs at most `--parallel` steps at once (by
 *   default 4 per CPU). The language host tells the program, not the provider.
 * - **The steps running now.** A create, update or delete holds one of the engine's slots until
 *   it returns. When every running step is a create waiting in a batch, and they are as many as
 *   the parallelism, nothing else can arrive: the engine waits for them.
 * - **What each service still awaits.** The program tells how many variables it declared in each
 *   parent that a batch could carry (plain keys and values at a service's scope: not an alias,
 *   an override nor a job class, whose creates never join one and may wait on another's), and
 *   marks each of them. The engine checks each resource before it runs its step: a check
 *   without old inputs is a resource to create. Once every marked variable of a service is
 *   checked and every create among them has arrived, no more can join its batch.
 */

/** The engine's parallelism, once a check has told it. */
let parallel: number | undefined;
/** Creates, updates and deletes running now. */
let running = 0;
/** Per parent: the new resources checked that a batch could carry, and the creates of them that arrived. */
const awaited = new Map<string, number>();
const arrived = new Map<string, number>();
/** Per parent: the variables the program declared in it that a batch could carry, and how many of them were checked. */
const declared = new Map<string, number>();
const checked = new Map<string, number>();

/** Inputs an import cannot carry: a variable with one of them set is created alone. */
const CREATED_ALONE_WITH = ["description", "mountPath", "enableInterpolationInFile"] as const;

/**
 * Whether a variable's inputs hold nothing an import cannot carry (no description, mount path,
 * interpolation flag nor `adopt`): the one rule for the program's count
 * (resources/registration.ts) and for what joins a batch (bulk.ts). In the program an input
 * can still be an Output, which counts as set: a variable counted that never joins a batch
 * would keep its siblings waiting for it.
 */
export function onlyKeyAndValue(inputs: Record<string, unknown>): boolean {
    const unset = (v: unknown) => v === undefined || v === null;
    return (unset(inputs.adopt) || inputs.adopt === false) && CREATED_ALONE_WITH.every((n) => unset(inputs[n]));
}

/** The input that carries the run's hints from the program to `check` (resources/registration.ts). */
export const RUN_INPUT = "__run";

/**
 * Takes the run's hints out of a check's inputs, and remembers them. Hints that name a parent
 * are those of a variable the program counted in it: this check is one of them.
 */
export function takeRunHints(news: Record<string, unknown>): Record<string, unknown> {
    if (!(RUN_INPUT in news)) return news;
    const { [RUN_INPUT]: hints, ...rest } = news;
    if (typeof hints === "object" && hints !== null) {
        const { parallel: p, parent, siblings } = hints as Record<string, unknown>;
        if (typeof p === "number" && Number.isInteger(p) && p > 0) parallel = p;
        if (typeof parent === "string" && typeof siblings === "number") {
            declared.set(parent, Math.max(declared.get(parent) ?? 0, siblings));
            checked.set(parent, (checked.get(parent) ?? 0) + 1);
        }
    }
    return rest;
}

/** The engine's parallelism, when known. */
export function engineParallel(): number | undefined {
    return parallel;
}

let stepEnded: (() => void) | undefined;

/** Runs a step's hook, counted among the engine's slots in use while it runs. */
export async function occupying<T>(hook: () => Promise<T>): Promise<T> {
    running++;
    try {
        return await hook();
    } finally {
        running--;
        stepEnded?.();
    }
}

/** What to do when a step's hook ends (bulk.ts: the engine is not quiet). */
export function whenStepEnds(listener: () => void): void {
    stepEnded = listener;
}

/** The steps running now (creates, updates, deletes). */
export function runningSteps(): number {
    return running;
}

/** A check of a new variable of the parent whose create a batch can carry. */
export function noteAwaited(parent: string): void {
    awaited.set(parent, (awaited.get(parent) ?? 0) + 1);
}

/** A create a batch can carry reached the process. */
export function noteArrived(parent: string): void {
    arrived.set(parent, (arrived.get(parent) ?? 0) + 1);
}

/** Whether every create checked for the parent has arrived. */
function allArrived(parent: string): boolean {
    const want = awaited.get(parent);
    return want !== undefined && (arrived.get(parent) ?? 0) >= want;
}

/**
 * Whether no more creates of the parent can come: the engine has checked every variable the
 * program counted in it, and every create checked has arrived.
 */
export function complete(parent: string): boolean {
    const want = declared.get(parent);
    return want !== undefined && (checked.get(parent) ?? 0) >= want && allArrived(parent);
}

/** For tests: forget everything, as a new provider process would. */
export function forgetPace(): void {
    parallel = undefined;
    running = 0;
    awaited.clear();
    arrived.clear();
    declared.clear();
    checked.clear();
}
