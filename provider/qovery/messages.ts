/**
 * Reading Qovery's error bodies, and keeping secrets out of any text we show.
 *
 * Order matters: a secret is redacted from the whole text first, in every form it can come
 * back in, and only then is the text collapsed to one line and cut to a readable length.
 * Shortening first would change the secret's shape (newlines collapsed, cut in the middle)
 * so that it no longer matches, and the rest of it would reach the CLI output.
 */

const MAX_MESSAGE_LENGTH = 500;

/** What a message says in place of Qovery's text when that text cannot be made safe. */
export const WITHHELD =
    "(Qovery's message is not shown: it quoted a secret in a form that could not be removed safely)";

/**
 * Qovery's message from an error body, cleaned of the given secrets and shortened to one line.
 * Both shapes exist in the wild: `{"status": 400, "detail": "..."}` and
 * `{"status": 400, "error": "Bad Request", "message": "..."}`. A body that is not JSON is used
 * as text unless it is HTML (proxies answer HTML pages).
 */
export function qoveryMessageFrom(rawBody: string, secrets: readonly (string | undefined)[] = []): string | undefined {
    const text = rawMessageFrom(rawBody);
    return text === undefined ? undefined : safeMessage(text, secrets);
}

/**
 * Whether an error body has Qovery's shape: a JSON object with a non-empty `detail`, `message`
 * or `error`, whose `status`, when it has one, is the HTTP status. A proxy's HTML page, an empty
 * body or plain text is not.
 */
export function isQoveryErrorBody(rawBody: string, status: number): boolean {
    let parsed: unknown;
    try {
        parsed = JSON.parse(rawBody);
    } catch {
        return false;
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return false;
    const body = parsed as Record<string, unknown>;
    if ("status" in body && body.status !== status) return false;
    return ["detail", "message", "error"].some((f) => typeof body[f] === "string" && body[f] !== "");
}

/** The message field of an error body, untouched (not shortened, not cleaned). */
function rawMessageFrom(rawBody: string): string | undefined {
    const text = rawBody.trim();
    if (text === "") return undefined;
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        return text.startsWith("<") ? undefined : text;
    }
    if (parsed !== null && typeof parsed === "object") {
        const body = parsed as Record<string, unknown>;
        for (const field of ["detail", "message", "error"]) {
            const v = body[field];
            if (typeof v === "string" && v.trim() !== "") return v.trim();
        }
        return undefined;
    }
    return typeof parsed === "string" && parsed.trim() !== "" ? parsed.trim() : undefined;
}

/**
 * A text made safe to show: every secret redacted in all its forms, then collapsed to one line
 * and cut to {@link MAX_MESSAGE_LENGTH}. When a trace of a secret survives (it should not), the
 * whole text is replaced by {@link WITHHELD}.
 */
export function safeMessage(text: string, secrets: readonly (string | undefined)[]): string {
    // Collapsing whitespace can join a secret's parts back together: redact before and after.
    const oneLine = redact(redact(text, secrets).replace(/\s+/g, " ").trim(), secrets);
    const shown = oneLine.length > MAX_MESSAGE_LENGTH ? `${oneLine.slice(0, MAX_MESSAGE_LENGTH)}...` : oneLine;
    return containsSecret(shown, secrets) ? WITHHELD : shown;
}

/** From this length a secret is cut out wherever it occurs; shorter ones only where they stand alone. */
const MIN_ANYWHERE = 8;
/**
 * Any run of this many characters of a long secret is cut out too: the API, a proxy or our own
 * shortening may have cut the secret, and a part of a key is still a part of a key.
 */
export const FRAGMENT_LENGTH = 8;

const MARK = "[redacted]";

/**
 * Removes every secret (value, token) from a text we are about to show, replacing it with
 * `[redacted]`, in every form in which it can come back (see {@link secretForms}), and for a
 * secret of {@link MIN_ANYWHERE} characters or more, any run of {@link FRAGMENT_LENGTH} of its
 * characters. A short secret ("v", "1234") is replaced only where it stands as a word of its
 * own: cutting it out of every word that contains it would mangle the message.
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
    const present = secrets.filter((s): s is string => !!s);
    const long = present.filter((s) => s.length >= MIN_ANYWHERE);
    let out = text;
    // Whole forms first, for every secret: a value quoted whole shrinks the text before the
    // (costlier) search for its fragments.
    for (const secret of long) {
        for (const form of secretForms(secret)) if (out.includes(form)) out = out.split(form).join(MARK);
    }
    for (const secret of long) out = redactFragments(out, secretForms(secret));
    for (const secret of present.filter((s) => s.length < MIN_ANYWHERE)) {
        for (const form of secretForms(secret)) if (out.includes(form)) out = out.replace(standingAlone(form), MARK);
    }
    return out;
}

/** Whether a trace of a secret is left in the text (the test {@link redact} must pass). */
export function containsSecret(text: string, secrets: readonly (string | undefined)[]): boolean {
    for (const secret of secrets) {
        if (!secret) continue;
        const forms = secretForms(secret);
        if (secret.length >= MIN_ANYWHERE) {
            if (fragmentSpans(text, forms).length > 0) return true;
        } else if (forms.some((f) => standingAlone(f).test(text))) {
            return true;
        }
    }
    return false;
}

/**
 * The forms in which a secret can come back in a message: as is; JSON-escaped (an API quoting
 * the request body, with non-ASCII escaped or not); with its whitespace collapsed (a message
 * made one line); HTML-escaped (a proxy's page). Long forms first.
 */
export function secretForms(secret: string): string[] {
    const cached = formsCache.get(secret);
    if (cached) return cached;
    const forms = computeForms(secret);
    const size = forms.reduce((n, f) => n + f.length, 0);
    // Oldest first out, until what is kept fits the budget.
    while (formsCache.size > 0 && cachedChars + size > FORMS_CACHE_CHARS) {
        const [oldest, oldForms] = formsCache.entries().next().value!;
        formsCache.delete(oldest);
        cachedChars -= oldForms.reduce((n, f) => n + f.length, 0);
    }
    formsCache.set(secret, forms);
    cachedChars += size;
    return forms;
}

/**
 * The forms of the secrets seen last: every error is cleaned of every value the process has
 * handled, and a value may be MBs, so they are computed once. Bounded in characters, not entries.
 */
const formsCache = new Map<string, string[]>();
const FORMS_CACHE_CHARS = 64 * 1024 * 1024;
let cachedChars = 0;

function computeForms(secret: string): string[] {
    const collapsed = secret.replace(/\s+/g, " ").trim();
    const candidates = [secret, collapsed].flatMap((s) => [s, jsonEscaped(s), asciiJsonEscaped(s), htmlEscaped(s)]);
    return [...new Set(candidates.filter((f) => f.length > 0))].sort((a, b) => b.length - a.length);
}

function jsonEscaped(s: string): string {
    return JSON.stringify(s).slice(1, -1);
}

function asciiJsonEscaped(s: string): string {
    return jsonEscaped(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function htmlEscaped(s: string): string {
    return s
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;")
        .replace(/'/g, "&#39;");
}

function standingAlone(form: string): RegExp {
    const escaped = form.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, "gu");
}

function redactFragments(text: string, forms: readonly string[]): string {
    const spans = fragmentSpans(text, forms);
    if (spans.length === 0) return text;
    let out = "";
    let at = 0;
    for (const [start, end] of spans) {
        out += text.slice(at, start) + MARK;
        at = end;
    }
    return out + text.slice(at);
}

// Rabin-Karp over UTF-16 code units, in 32-bit integer arithmetic (wrapping is fine: a hash
// match is always confirmed by comparing the characters).
const BASE = 0x01000193;
const FILTER_BITS = 20;

/**
 * The spans of the text (merged, in order) covered by a run of {@link FRAGMENT_LENGTH}
 * characters that also occurs in one of the forms. Linear in the text and the forms, so that
 * a secret of several MB costs milliseconds, not minutes.
 */
function fragmentSpans(text: string, forms: readonly string[]): [number, number][] {
    const k = FRAGMENT_LENGTH;
    const long = forms.filter((f) => f.length >= k);
    if (text.length < k || long.length === 0) return [];
    // Index the windows of the smaller side (a message or a value may be MBs), slide over the other.
    const formsLength = long.reduce((n, f) => n + f.length, 0);
    const indexText = text.length <= formsLength;
    const indexed = indexText ? text.length : formsLength;
    const index = new Map<number, [string, number][]>();
    // A bitmap in front of the map, sized to what is indexed: most windows of the larger side
    // are not in the smaller one, and a bit test is much cheaper than a map lookup.
    const bits = Math.min(FILTER_BITS, Math.max(10, Math.ceil(Math.log2(indexed * 8))));
    const filter = new Uint8Array(1 << bits);
    const mask = (1 << bits) - 1;
    const add = (s: string) => (hash: number, at: number) => {
        filter[hash & mask] = 1;
        const list = index.get(hash);
        if (list) list.push([s, at]);
        else index.set(hash, [[s, at]]);
    };
    const covered: [number, number][] = [];
    if (indexText) {
        forEachWindowHash(text, k, add(text));
        // The hot loop (a value may be MBs): the rolling hash inline, no call per character.
        const top = windowTop(k);
        for (const form of long) {
            let hash = 0;
            for (let c = 0; c < form.length; c++) {
                if (c >= k) hash = (hash - Math.imul(form.charCodeAt(c - k), top)) | 0;
                hash = (Math.imul(hash, BASE) + form.charCodeAt(c)) | 0;
                if (c < k - 1 || filter[hash & mask] === 0) continue;
                const j = c - k + 1;
                for (const [, i] of index.get(hash) ?? []) {
                    if (text.startsWith(form.slice(j, j + k), i)) covered.push([i, i + k]);
                }
            }
        }
    } else {
        for (const form of long) forEachWindowHash(form, k, add(form));
        forEachWindowHash(text, k, (hash, i) => {
            if (filter[hash & mask] === 0) return;
            const window = text.slice(i, i + k);
            if ((index.get(hash) ?? []).some(([form, j]) => form.startsWith(window, j))) covered.push([i, i + k]);
        });
    }
    covered.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [s, e] of covered) {
        const last = merged[merged.length - 1];
        if (last && s <= last[1]) last[1] = Math.max(last[1], e);
        else merged.push([s, e]);
    }
    return merged;
}

/** BASE^(k-1), wrapping: what the character leaving a window of k weighs in its hash. */
function windowTop(k: number): number {
    let top = 1;
    for (let i = 1; i < k; i++) top = Math.imul(top, BASE);
    return top;
}

function forEachWindowHash(s: string, k: number, visit: (hash: number, start: number) => void): void {
    const top = windowTop(k);
    let hash = 0;
    for (let i = 0; i < s.length; i++) {
        if (i >= k) hash = (hash - Math.imul(s.charCodeAt(i - k), top)) | 0;
        hash = (Math.imul(hash, BASE) + s.charCodeAt(i)) | 0;
        if (i >= k - 1) visit(hash, i - k + 1);
    }
}
