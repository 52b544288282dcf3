/**
 * Reading Qovery's error bodies, and keeping secrets out of any text we show.
 */

const MAX_MESSAGE_LENGTH = 500;

/**
 * Qovery's message from an error body. Both shapes exist in the wild:
 * `{"status": 400, "detail": "..."}` and `{"status": 400, "error": "Bad Request", "message": "..."}`.
 * A body that is not JSON is used as text when it is short and printable (proxies answer HTML).
 */
export function qoveryMessageFrom(rawBody: string): string | undefined {
    const text = rawBody.trim();
    if (text === "") return undefined;
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        return text.startsWith("<") ? undefined : shorten(text);
    }
    if (parsed !== null && typeof parsed === "object") {
        const body = parsed as Record<string, unknown>;
        for (const field of ["detail", "message", "error"]) {
            const v = body[field];
            if (typeof v === "string" && v.trim() !== "") return shorten(v.trim());
        }
        return undefined;
    }
    return typeof parsed === "string" ? shorten(parsed) : undefined;
}

function shorten(text: string): string {
    const oneLine = text.replace(/\s+/g, " ");
    return oneLine.length > MAX_MESSAGE_LENGTH ? `${oneLine.slice(0, MAX_MESSAGE_LENGTH)}...` : oneLine;
}

/** From this length a secret is cut out wherever it occurs; shorter ones only where they stand alone. */
const MIN_ANYWHERE = 8;

/**
 * Removes every secret (value, token) from a text we are about to show, replacing it with
 * `[redacted]`. A short secret ("v", "1234") is replaced only where it stands as a word of
 * its own: cutting it out of every word that contains it would mangle the message.
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
    let out = text;
    for (const secret of secrets) {
        if (!secret || !out.includes(secret)) continue;
        if (secret.length >= MIN_ANYWHERE) {
            out = out.split(secret).join("[redacted]");
        } else {
            const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
            out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, "gu"), "[redacted]");
        }
    }
    return out;
}
