/**
 * What must hold between the state and the server after any run, whatever failed on the way:
 * no duplicate (two secrets of one resource), no orphan (a secret on the server that the state
 * does not know), no phantom (a state entry for a secret that does not exist), and the values
 * the program asked for.
 */
import type { EmulatorAdmin } from "../../emulator";
import type { PulumiStack } from "./pulumi";

export interface Expected {
    name: string;
    jobId: string;
    key: string;
    value: string;
}

export interface Tally {
    duplicates: number;
    orphans: number;
    phantoms: number;
    wrongValues: number;
    missing: number;
}

export async function tally(stack: PulumiStack, admin: EmulatorAdmin, jobs: string[], expected: Expected[]) {
    const server = (await Promise.all(jobs.map(async (j) => (await admin.storedSecrets(j)).map((s) => ({ ...s, j })))))
        .flat()
        .filter((s) => s.scope === "JOB");
    const state = stack.jobSecrets();
    const stateIds = new Set(state.map((r) => r.id));
    const serverIds = new Set(server.map((s) => s.id));
    const t: Tally = { duplicates: 0, orphans: 0, phantoms: 0, wrongValues: 0, missing: 0 };
    const perKey = new Map<string, number>();
    for (const s of server) perKey.set(`${s.j}/${s.key}`, (perKey.get(`${s.j}/${s.key}`) ?? 0) + 1);
    for (const n of perKey.values()) if (n > 1) t.duplicates += n - 1;
    for (const s of server) if (!stateIds.has(s.id)) t.orphans++;
    for (const r of state) if (!serverIds.has(r.id!)) t.phantoms++;
    for (const e of expected) {
        const s = server.find((x) => x.j === e.jobId && x.key === e.key);
        if (!s) t.missing++;
        else if (s.value !== e.value) t.wrongValues++;
    }
    return t;
}

export function clean(t: Tally): boolean {
    return Object.values(t).every((n) => n === 0);
}
