/**
 * Secret values of awkward shapes, and the ways an API, a proxy or a WAF can quote them back in
 * an error: the redaction tests at every layer use both lists.
 */
import { randomBytes } from "node:crypto";

/** A multi-line PEM private key (random body, real shape). */
export function pemKey(): string {
    const body = randomBytes(1200).toString("base64");
    const lines = body.match(/.{1,64}/g)!.join("\n");
    return `-----BEGIN PRIVATE KEY-----\n${lines}\n-----END PRIVATE KEY-----\n`;
}

/** Values of every shape the issue names; each unique per call. */
export function awkwardValues(): { label: string; value: string }[] {
    const tag = randomBytes(4).toString("hex");
    return [
        { label: "multi-line PEM", value: pemKey() },
        { label: "5 MB", value: `${tag}-` + randomBytes(5 * 1024 * 1024 * 0.75).toString("base64") },
        { label: "quotes and backslashes", value: `q"uo'te\\back\\\\slash-${tag}-"\\n"` },
        { label: "non-ASCII", value: `pässwörd-密码-🔑-${tag}` },
        { label: "long single line (800 characters)", value: `${tag}${"Ab1-".repeat(200)}` },
    ];
}

/** How a message can quote a value: each shape returns the text of the error's message. */
export const ECHO_SHAPES: { label: string; echo: (value: string) => string }[] = [
    { label: "raw", echo: (v) => `value '${v}' is not valid` },
    { label: "JSON-escaped", echo: (v) => `invalid body {"value":${JSON.stringify(v)}}` },
    {
        label: "JSON-escaped, non-ASCII as \\u",
        echo: (v) =>
            `invalid body {"value":${JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}}`,
    },
    { label: "whitespace collapsed", echo: (v) => `rejected: ${v.replace(/\s+/g, " ")}` },
    { label: "cut at 100 characters by the server", echo: (v) => `value starts with ${v.slice(0, 100)}... (too long)` },
    { label: "cut at 40 characters, from its middle", echo: (v) => `bad segment ${v.slice(20, 60)} in value` },
];

/** How long a run of a value's characters counts as a leak (the provider redacts such runs). */
const LEAK_RUN = 8;

/**
 * An independent leak check (plain substrings, not the provider's hashing): the whole value, or
 * any run of 8 characters of it (as is, JSON-escaped or whitespace-collapsed) in the text.
 */
export function leaks(text: string, value: string): boolean {
    if (value.length > 0 && text.includes(value)) return true;
    const runs = new Set<string>();
    for (let i = 0; i + LEAK_RUN <= text.length; i++) runs.add(text.slice(i, i + LEAK_RUN));
    const forms = new Set([value, JSON.stringify(value).slice(1, -1), value.replace(/\s+/g, " ")]);
    for (const form of forms) {
        for (let j = 0; j + LEAK_RUN <= form.length; j++) if (runs.has(form.slice(j, j + LEAK_RUN))) return true;
    }
    return false;
}
