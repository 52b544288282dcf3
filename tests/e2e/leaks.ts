/**
 * The leak scan: no plaintext secret (value or token) in any file under the given folders
 * (state, `.bak`, history, backups, stack config) nor in any text (CLI output).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";

export interface Secret {
    /** A name for reports: the secret itself is never printed. */
    label: string;
    value: string;
    /**
     * A value that is also part of ordinary words ("able" in "Variable"): found only where it
     * stands alone, as the provider redacts it.
     */
    wordBounded?: boolean;
}

export interface Finding {
    label: string;
    where: string;
}

export function filesUnder(dir: string): string[] {
    const out: string[] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            if (entry.name !== "node_modules") out.push(...filesUnder(p));
        } else if (entry.isFile()) {
            out.push(p);
        }
    }
    return out;
}

function readText(file: string): string {
    const raw = fs.readFileSync(file);
    // The file backend can gzip its checkpoints.
    return file.endsWith(".gz") ? zlib.gunzipSync(raw).toString("utf8") : raw.toString("utf8");
}

export function scanForLeaks(opts: {
    dirs?: string[];
    texts?: { label: string; text: string }[];
    secrets: Secret[];
}): Finding[] {
    const secrets = opts.secrets.filter((s) => s.value.length > 0);
    const findings: Finding[] = [];
    const look = (where: string, text: string) => {
        for (const s of secrets) if (occurs(s, text)) findings.push({ label: s.label, where });
    };
    for (const dir of opts.dirs ?? []) for (const f of filesUnder(dir)) look(f, readText(f));
    for (const t of opts.texts ?? []) look(t.label, t.text);
    return findings;
}

function occurs(secret: Secret, text: string): boolean {
    if (!secret.wordBounded) return text.includes(secret.value);
    const escaped = secret.value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, "u").test(text);
}

/** The scan of a stack after a step: its backend folder, its stack config and all it printed. */
export function stackLeaks(
    stack: { backendDir: string; programDir: string; stack: string; transcript: string[] },
    secrets: Secret[],
): Finding[] {
    const stackConfig = path.join(stack.programDir, `Pulumi.${stack.stack}.yaml`);
    return scanForLeaks({
        dirs: [stack.backendDir],
        texts: [
            ...(fs.existsSync(stackConfig) ? [{ label: stackConfig, text: fs.readFileSync(stackConfig, "utf8") }] : []),
            ...stack.transcript.map((text, i) => ({ label: `command #${i + 1}`, text })),
        ],
        secrets,
    });
}
