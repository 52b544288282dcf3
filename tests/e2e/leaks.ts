/**
 * The leak scan: no plaintext secret (value or token) in any file under the given folders
 * (state, `.bak`, history, backups, stack config) nor in any text (CLI output), in any encoding
 * a value can take there (raw, JSON-escaped once or twice, base64).
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
        const forms = decodings(text);
        for (const s of secrets) if (occurs(s, text, forms)) findings.push({ label: s.label, where });
    };
    for (const dir of opts.dirs ?? []) for (const f of filesUnder(dir)) look(f, readText(f));
    for (const t of opts.texts ?? []) look(t.label, t.text);
    return findings;
}

/**
 * Every form the text can hold a value in: as it is, and with JSON string escapes undone once and twice. The
 * checkpoint and the CLI's JSON are JSON, where a PEM's newlines read `\n`, a quote `\"`, a backslash `\\`, and
 * Go's encoder writes `<`, `>`, `&` and some others as `\u003c`...; a JSON document held in a string (a nested
 * checkpoint, an error body quoted in a message) is escaped twice.
 */
export function decodings(text: string): string[] {
    const once = unescapeJson(text);
    const twice = unescapeJson(once);
    return [...new Set([text, once, twice])];
}

const JSON_ESCAPES: Record<string, string> = {
    n: "\n",
    r: "\r",
    t: "\t",
    b: "\b",
    f: "\f",
    '"': '"',
    "\\": "\\",
    "/": "/",
};

/** Undoes JSON string escapes wherever they are in the text (the text need not be one JSON string). */
function unescapeJson(text: string): string {
    return text.replace(
        /\\(?:u([0-9a-fA-F]{4})|(["\\/bfnrt]))/g,
        (_m, hex: string | undefined, ch: string | undefined) =>
            hex !== undefined ? String.fromCharCode(parseInt(hex, 16)) : (JSON_ESCAPES[ch as string] as string),
    );
}

/**
 * The value's own encodings that no unescaping reveals: base64, standard and URL-safe, cut to its whole
 * 4-character groups so that it is found also where the value starts a longer encoded text.
 */
function encodings(value: string): string[] {
    const bytes = Buffer.from(value, "utf8");
    const whole = Math.floor(bytes.length / 3) * 4;
    // Too short a value's base64 would match ordinary text by chance.
    if (whole < 8) return [];
    return [bytes.toString("base64").slice(0, whole), bytes.toString("base64url").slice(0, whole)];
}

function occurs(secret: Secret, text: string, forms: string[]): boolean {
    if (forms.some((form) => contains(secret, form, secret.value))) return true;
    return encodings(secret.value).some((encoded) => text.includes(encoded));
}

function contains(secret: Secret, text: string, value: string): boolean {
    if (!secret.wordBounded) return text.includes(value);
    const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
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
