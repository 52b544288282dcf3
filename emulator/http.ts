// HTTP plumbing shared by the public and admin sides: reading bodies, writing answers, error outcomes.
import { STATUS_CODES } from "node:http";
import type * as http from "node:http";
import type { ErrorShape } from "./types";

/** What an operation answers: status, optional JSON (or text) body, extra headers. */
export interface Outcome {
    status: number;
    body?: unknown;
    headers?: Record<string, string>;
}

/** Thrown to answer with a status; the caller shapes the body (public error shape or admin {error}). */
export class HttpError extends Error {
    constructor(
        readonly status: number,
        message: string,
    ) {
        super(message);
    }
}

export type ParsedBody = { ok: true; value: unknown } | { ok: false };

export function send(res: http.ServerResponse, outcome: Outcome): void {
    if (res.destroyed) return;
    const headers: Record<string, string> = { ...outcome.headers };
    if (outcome.status === 204 || outcome.body === undefined) {
        res.writeHead(outcome.status, headers).end();
        return;
    }
    const text = typeof outcome.body === "string";
    const payload = text ? (outcome.body as string) : JSON.stringify(outcome.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
        headers["Content-Type"] = text ? "text/plain; charset=utf-8" : "application/json";
    }
    res.writeHead(outcome.status, headers).end(payload);
}

export async function readBody(req: http.IncomingMessage, maxBytes: number): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > maxBytes) throw new HttpError(413, `Request body too large (over ${maxBytes} bytes)`);
        chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString("utf8");
}

/** An empty body parses to undefined; malformed JSON is reported, not thrown. */
export function parseJson(raw: string): ParsedBody {
    if (raw.trim() === "") return { ok: true, value: undefined };
    try {
        return { ok: true, value: JSON.parse(raw) as unknown };
    } catch {
        return { ok: false };
    }
}

/**
 * Matches a concrete path against a template whose `{placeholders}` match one segment each;
 * returns the decoded parameters, or undefined.
 */
export function matchTemplate(template: string, pathname: string): Record<string, string> | undefined {
    const names: string[] = [];
    const source = template
        .split(/(\{[^}]+\})/)
        .map((part) => {
            const param = /^\{([^}]+)\}$/.exec(part);
            if (!param) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
            names.push(param[1] as string);
            return "([^/]+)";
        })
        .join("");
    const m = new RegExp(`^${source}$`).exec(pathname);
    if (!m) return undefined;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
        const raw = m[i + 1] as string;
        try {
            params[name] = decodeURIComponent(raw);
        } catch {
            params[name] = raw;
        }
    });
    return params;
}

/** Qovery's two error bodies: {"status","detail"} (default) or {"status","error","message"}. */
export function errorOutcome(shape: ErrorShape, status: number, message: string): Outcome {
    const body =
        shape === "message" ? { status, error: STATUS_CODES[status] ?? "Error", message } : { status, detail: message };
    return { status, body };
}
