// Qovery's two Authorization schemes: `Token <api token>` and `Bearer <jwt>`.
import { timingSafeEqual } from "node:crypto";
import type { AuthorizationScheme } from "./types";

export function parseAuthorization(header: string | undefined): { scheme: AuthorizationScheme; credentials?: string } {
    if (!header) return { scheme: "none" };
    const m = /^(\S+)\s+(\S.*)$/.exec(header.trim());
    const scheme = m?.[1]?.toLowerCase();
    if (scheme === "token") return { scheme: "Token", credentials: m?.[2] };
    if (scheme === "bearer") return { scheme: "Bearer", credentials: m?.[2] };
    return { scheme: "other" };
}

/** Either scheme with the expected token, compared in constant time. */
export function authorized(header: string | undefined, token: string): boolean {
    const { scheme, credentials } = parseAuthorization(header);
    if ((scheme !== "Token" && scheme !== "Bearer") || credentials === undefined) return false;
    const given = Buffer.from(credentials);
    const expected = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
}
