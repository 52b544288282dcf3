/**
 * Checks across the program's resources, run in the program process where every resource is
 * constructed. The provider's `check` runs per resource and cannot see the others, so two
 * resources claiming one key of one job would only meet Qovery's 409 during `up`.
 */
import * as pulumi from "@pulumi/pulumi";

/** A resource of the program that occupies a key of a job (or, an override named by id, its target). */
export interface KeyClaim {
    /** The class, e.g. `JobSecret`. */
    type: string;
    /** The resource's name in the program. */
    name: string;
    /** The job's id; for the classes of every scope, the id of the project, environment or service. */
    jobId: string;
    /** What that id names, when it is not a job ("environment"). */
    parentNoun?: string;
    /** The key; empty for an override named by id, whose key is not known before `up`: see `targetId`. */
    key: string;
    /** The id of the variable an override named by id overrides. */
    targetId?: string;
}

/** Two resources of the program that would hold the same key (or override the same variable) in the same job. */
export interface DuplicateKey {
    jobId: string;
    key: string;
    /** Set when the two are overrides of the variable with this id. */
    targetId?: string;
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
    parentNoun?: string,
): void {
    if (key === undefined) return;
    const noun = parentNoun === undefined ? {} : { parentNoun };
    record(resource, jobId, key, (j, k) => ({
        slot: `${j}\u0000${k}`,
        claim: { type, name, jobId: j, key: k, ...noun },
    }));
}

/**
 * Records that the override `resource`, named by its target's id, overrides `targetId` in
 * `jobId`: Qovery allows one override per variable and job, so a second one (named by id too)
 * is refused at preview. An override named by key is covered by `claimKey` (its target's key).
 */
export function claimOverriddenId(
    resource: pulumi.Resource,
    type: string,
    name: string,
    jobId: pulumi.Input<string> | undefined,
    targetId: pulumi.Input<string> | undefined,
    parentNoun?: string,
): void {
    if (targetId === undefined) return;
    const noun = parentNoun === undefined ? {} : { parentNoun };
    record(resource, jobId, targetId, (j, id) => ({
        slot: `${j}\u0000override-of\u0000${id.toLowerCase()}`,
        claim: { type, name, jobId: j, key: "", targetId: id.toLowerCase(), ...noun },
    }));
}

/** The shared part of both claims: once `jobId` and `what` are known, one slot per job and thing held. */
function record(
    resource: pulumi.Resource,
    jobId: pulumi.Input<string> | undefined,
    what: pulumi.Input<string>,
    slotOf: (jobId: string, what: string) => { slot: string; claim: KeyClaim },
): void {
    if (jobId === undefined) return;
    const registry = currentRegistry();
    const settle = (j: unknown, w: unknown) => {
        if (typeof j !== "string" || typeof w !== "string") return;
        const { slot, claim } = slotOf(j.toLowerCase(), w);
        enter(registry, resource, slot, claim);
    };
    if (typeof jobId === "string" && typeof what === "string") {
        // Plain strings (most programs' ids and keys): claimed now, without the Output and the
        // promises the general case costs per resource.
        settle(jobId, what);
        return;
    }
    const done = pulumi.all([jobId, what]).apply(([j, w]) => settle(j, w));
    // Output.promise() is the SDK's own way to wait for an output; it resolves even when the
    // value is unknown during a preview (the callback above then never runs).
    const settled = (done as unknown as { promise(): Promise<unknown> }).promise().catch(() => undefined);
    registry.pending.add(settled);
    void settled.then(() => registry.pending.delete(settled));
}

/**
 * Takes the slot for the claim, or records the duplicate (and fails the run outside of mocks).
 * The first is the claim known first: a plain string's at construction, an Output's when it resolves.
 */
function enter(registry: Registry, resource: pulumi.Resource, slot: string, claim: KeyClaim): void {
    const { claims, duplicates } = registry;
    const first = claims.get(slot);
    if (first === undefined) {
        claims.set(slot, claim);
        return;
    }
    const duplicate: DuplicateKey = {
        jobId: claim.jobId,
        key: claim.key,
        ...(claim.targetId === undefined ? {} : { targetId: claim.targetId }),
        first,
        second: claim,
        message: claim.targetId === undefined ? duplicateMessage(first, claim) : duplicateOverrideMessage(first, claim),
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
}

function duplicateOverrideMessage(first: KeyClaim, second: KeyClaim): string {
    return (
        `${second.type} "${second.name}" and ${first.type} "${first.name}" both override the variable with id ${second.targetId} in ${where(second)}: ` +
        `Qovery allows one override per variable and ${second.parentNoun ?? "job"}, so \`pulumi up\` would fail. Remove one of them. If you renamed a resource, ` +
        `keep one declaration and give it the \`aliases\` option with its old name (\`{ aliases: [{ name: "old-name" }] }\`)`
    );
}

function duplicateMessage(first: KeyClaim, second: KeyClaim): string {
    return (
        `${second.type} "${second.name}" and ${first.type} "${first.name}" both hold key "${second.key}" in ${where(second)}: ` +
        `Qovery allows one key per ${second.parentNoun ?? "job"} across secrets and environment variables, so \`pulumi up\` would fail with a 409. ` +
        `Give one of them another key, or remove one. If you renamed a resource, keep one declaration and give it the ` +
        `\`aliases\` option with its old name (\`{ aliases: [{ name: "old-name" }] }\`)`
    );
}

/** "job …", "environment …". */
function where(claim: KeyClaim): string {
    return `${claim.parentNoun ?? "job"} ${claim.jobId}`;
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
