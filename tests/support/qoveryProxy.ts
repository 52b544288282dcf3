/**
 * A small HTTP proxy in front of the emulator, standing for what sits in front of Qovery in real
 * life: a corporate proxy, a gateway, a WAF. It forwards everything, and can be told to
 * misbehave (answer HTML pages, strip the rate limit headers, answer `200 {}`, echo a request
 * body in an error). It also serves `GET /organization` as Qovery does (the emulator implements
 * only the job-secret operations), which the provider uses to confirm that a URL and a token
 * reach Qovery's API.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface ProxyAnswer {
    status: number;
    body?: string | object;
    headers?: Record<string, string>;
}

/** Decides a request's fate: an answer of its own, or undefined to forward it. */
export type ProxyRule = (req: {
    method: string;
    path: string;
    body: string;
    authorization?: string;
}) => ProxyAnswer | undefined;

export interface QoveryProxyOptions {
    /** The emulator's base URL. */
    target: string;
    /** The token `GET /organization` accepts (401 for any other); unset: that route is forwarded (404). */
    organizationToken?: string;
}

export interface RunningProxy {
    url: string;
    /** Rules tried in order before forwarding; replace freely between runs. */
    rules: ProxyRule[];
    /**
     * Rules tried after the emulator answered: an answer replaces the emulator's (which is lost),
     * as a gateway that gives up waiting after Qovery has acted does.
     */
    afterRules: ProxyRule[];
    /** Headers dropped from every forwarded answer (e.g. {@link RATE_LIMIT_HEADERS}, or /^date$/i). */
    stripHeaders: RegExp | undefined;
    /** Rewrites the body of every forwarded answer (an API that differs from the emulator in a detail). */
    rewriteBody: ((req: { method: string; path: string }, body: string) => string) | undefined;
    /** The most requests that were in flight at once. */
    maxInFlight: number;
    /** Requests seen, in order. */
    seen: { method: string; path: string; answeredBy: "proxy" | "emulator" }[];
    stop(): Promise<void>;
}

/** What a proxy that hides the rate limit strips. */
export const RATE_LIMIT_HEADERS = /^(x-ratelimit-|retry-after$)/i;

export async function startQoveryProxy(options: QoveryProxyOptions): Promise<RunningProxy> {
    const target = new URL(options.target);
    const running: RunningProxy = {
        url: "",
        rules: [],
        afterRules: [],
        stripHeaders: undefined,
        rewriteBody: undefined,
        maxInFlight: 0,
        seen: [],
        stop: async () => undefined,
    };
    const organizationRule: ProxyRule = (req) => {
        if (options.organizationToken === undefined || req.method !== "GET" || req.path !== "/organization") {
            return undefined;
        }
        const ok =
            req.authorization === `Token ${options.organizationToken}` ||
            req.authorization === `Bearer ${options.organizationToken}`;
        return ok
            ? { status: 200, body: { results: [{ id: "0f0e0d0c-0b0a-4909-8807-060504030201", name: "emulated" }] } }
            : { status: 401, body: { status: 401, detail: "Access token is missing or invalid" } };
    };

    let inFlight = 0;
    const server = http.createServer((req, res) => {
        running.maxInFlight = Math.max(running.maxInFlight, ++inFlight);
        res.on("close", () => inFlight--);
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            const body = Buffer.concat(chunks);
            const method = req.method ?? "GET";
            const path = req.url ?? "/";
            const info = { method, path, body: body.toString("utf8"), authorization: req.headers.authorization };
            for (const rule of [organizationRule, ...running.rules]) {
                const answer = rule(info);
                if (answer === undefined) continue;
                running.seen.push({ method, path, answeredBy: "proxy" });
                const text = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body ?? "");
                const type = typeof answer.body === "string" ? "text/html; charset=utf-8" : "application/json";
                res.writeHead(answer.status, { "Content-Type": type, ...answer.headers });
                res.end(answer.body === undefined ? "" : text);
                return;
            }
            running.seen.push({ method, path, answeredBy: "emulator" });
            const upstream = http.request(
                {
                    host: target.hostname,
                    port: target.port,
                    method,
                    path,
                    headers: { ...req.headers, host: target.host },
                },
                (up) => {
                    for (const rule of running.afterRules) {
                        const answer = rule(info);
                        if (answer === undefined) continue;
                        up.resume();
                        res.writeHead(answer.status, { "Content-Type": "application/json", ...answer.headers });
                        res.end(JSON.stringify(answer.body ?? ""));
                        return;
                    }
                    const headers: http.OutgoingHttpHeaders = {};
                    for (const [k, v] of Object.entries(up.headers)) {
                        if (running.stripHeaders?.test(k)) continue;
                        headers[k] = v;
                    }
                    // Node adds its own Date unless told not to.
                    if (running.stripHeaders?.test("date")) res.sendDate = false;
                    const rewrite = running.rewriteBody;
                    if (rewrite === undefined) {
                        res.writeHead(up.statusCode ?? 502, headers);
                        up.pipe(res);
                        return;
                    }
                    const parts: Buffer[] = [];
                    up.on("data", (c: Buffer) => parts.push(c));
                    up.on("end", () => {
                        const text = rewrite({ method, path }, Buffer.concat(parts).toString("utf8"));
                        delete headers["content-length"];
                        res.writeHead(up.statusCode ?? 502, headers);
                        res.end(text);
                    });
                },
            );
            upstream.on("error", () => res.destroy());
            upstream.end(body);
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    running.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    running.stop = () =>
        new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
        });
    return running;
}

/** A proxy's "page not found", as nginx answers it. */
export const HTML_NOT_FOUND: ProxyAnswer = {
    status: 404,
    body: "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
};
