/**
 * The URNs the program declares in this run: each variable resource's `check` notes its own
 * (Pulumi checks every resource the program registers, also under `--replace`, which skips
 * `diff`). A delete of a declared resource is a replacement's; of an undeclared one, a removal.
 * One set per provider process, shared by the cascade restore (cascade.ts) and the redeploy
 * after removals (../deploy/afterRemoval.ts).
 */
const declared = new Set<string>();

export function noteDeclaredUrn(urn: unknown): void {
    if (typeof urn === "string") declared.add(urn);
}

export function isDeclared(urn: unknown): boolean {
    return typeof urn === "string" && declared.has(urn);
}

/** For tests: a new provider process. */
export function forgetDeclared(): void {
    declared.clear();
}
