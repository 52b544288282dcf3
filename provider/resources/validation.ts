/**
 * Checks across the program's resources, run in the program process where every resource is
 * constructed. The provider's `check` runs per resource and cannot see the others, so two
 * resources claiming one key of one job would only meet Qovery's 409 during `up`.
 */
import * as pulumi from "@pulumi/pulumi";

/** A resource of the program that occupies a key of a job. */
export interface KeyClaim {
    /** The class, e.g. `JobSecret`. */
    type: string;
    /** The resource's name in the program. */
    name: string;
    jobId: string;
    key: string;
}

/** Two resources of the program that would hold the same key in the same job. */
export interface DuplicateKey {
    jobId: string;
    key: string;
    first: KeyClaim;
    second: KeyClaim;
    /** What `validateResources` reports, naming both resources. */
    message: string;
}

/** What one program run has seen. */
interface Registry {
    claims: Map<string, KeyClaim>;
    duplicates: DuplicateKey[];
    pending: Set<Promise<unknown>>;
}

const newRegistry = (): Registry => ({ claims: new Map(), duplicates: [], pending: new Set() });

/**
 * One registry per run of the program, keyed by its root stack resource: an Automation API
 * inline program runs again in the same process, and must not meet its own earlier run. Under
 * mocks there is usually no stack resource: one registry, which `resetResourceValidation` clears.
 */
const byStack = new WeakMap<object, Registry>();
let outsideStack = newRegistry();

function currentRegistry(): Registry {
    const stack: unknown = pulumi.runtime.getStackResource();
    if (typeof stack !== "object" || stack === null) return outsideStack;
    let registry = byStack.get(stack);
    if (registry === undefined) {
        registry = newRegistry();
        byStack.set(stack, registry);
    }
    return registry;
}

/**
 * Records that `resource` will hold `key` in `jobId`, once both are known (never during a
 * preview where either is computed). A duplicate fails the program run, naming both resources;
 * under Pulumi's mocks it is only recorded, for `validateResources`.
 */
export function claimKey(
    resource: pulumi.Resource,
    type: string,
    name: string,
    jobId: pulumi.Input<string> | undefined,
    key: pulumi.Input<string> | undefined,
): void {
    if (jobId === undefined || key === undefined) return;
    const { claims, duplicates, pending } = currentRegistry();
    const done = pulumi.all([jobId, key]).apply(([j, k]) => {
        if (typeof j !== "string" || typeof k !== "string") return;
        const claim: KeyClaim = { type, name, jobId: j.toLowerCase(), key: k };
        const id = `${claim.jobId}\u0000${claim.key}`;
        const first = claims.get(id);
        if (first === undefined) {
            claims.set(id, claim);
            return;
        }
        const duplicate: DuplicateKey = {
            jobId: claim.jobId,
            key: k,
            first,
            second: claim,
            message: duplicateMessage(first, claim),
        };
        duplicates.push(duplicate);
        if (!isMocked()) {
            // An uncaught ResourceError is how a Pulumi program fails with a message attached to
            // a resource (exit code 32: "already reported"); log.error alone would not fail it.
            const err = new pulumi.ResourceError(duplicate.message, resource, true);
            setImmediate(() => {
                throw err;
            });
        }
    });
    // Output.promise() is the SDK's own way to wait for an output; it resolves even when the
    // value is unknown during a preview (the callback above then never runs).
    const settled = (done as unknown as { promise(): Promise<unknown> }).promise().catch(() => undefined);
    pending.add(settled);
    void settled.then(() => pending.delete(settled));
}

function duplicateMessage(first: KeyClaim, second: KeyClaim): string {
    return (
        `${second.type} "${second.name}" and ${first.type} "${first.name}" both hold key "${second.key}" in job ${second.jobId}: ` +
        `Qovery allows one key per job across secrets and environment variables, so \`pulumi up\` would fail with a 409. ` +
        `Give one of them another key, or remove one. If you renamed a resource, keep one declaration and give it the ` +
        `\`aliases\` option with its old name (\`{ aliases: [{ name: "old-name" }] }\`)`
    );
}

/** Whether the program runs under `pulumi.runtime.setMocks` (unit tests), not under the CLI. */
function isMocked(): boolean {
    const monitor: unknown = pulumi.runtime.getMonitor();
    return (monitor as { constructor?: { name?: string } } | undefined)?.constructor?.name === "MockMonitor";
}

/** Thrown by `validateResources`: every problem found, one per line. */
export class ResourceValidationError extends Error {
    override readonly name = "ResourceValidationError";
    constructor(readonly duplicates: readonly DuplicateKey[]) {
        super(duplicates.map((d) => d.message).join("\n"));
    }
}

/**
 * The duplicate `(jobId, key)` pairs among the resources constructed so far, once their inputs
 * are resolved.
 */
export async function findDuplicateKeys(): Promise<DuplicateKey[]> {
    const { duplicates, pending } = currentRegistry();
    while (pending.size > 0) await Promise.all([...pending]);
    return [...duplicates];
}

/**
 * For unit tests with Pulumi's mocks (`pulumi.runtime.setMocks`, which runs no provider code):
 * waits for the inputs of every resource of this library constructed so far and throws a
 * `ResourceValidationError` naming both resources of each `(jobId, key)` held twice. Under the
 * Pulumi CLI the same check fails the preview by itself.
 *
 * ```ts
 * await import("../index"); // the program, under setMocks
 * await validateResources();
 * ```
 */
export async function validateResources(): Promise<void> {
    const found = await findDuplicateKeys();
    if (found.length > 0) throw new ResourceValidationError(found);
}

/** Forgets every resource seen so far: between unit tests that construct programs in one process. */
export function resetResourceValidation(): void {
    const registry = currentRegistry();
    registry.claims.clear();
    registry.duplicates.length = 0;
    outsideStack = newRegistry();
}
