// Checks for admin-API and option inputs (the public API is checked against the spec instead).
import { HttpError } from "./http";

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function asObject(value: unknown): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new HttpError(400, "body must be a JSON object");
    }
    return value as Record<string, unknown>;
}

export function optionalString(input: Record<string, unknown>, name: string): string | undefined {
    const value = input[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") throw new HttpError(400, `${name} must be a string`);
    return value;
}

export function nonNegative(value: unknown, name: string, integer = true): number {
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
        throw new HttpError(400, `${name} must be a non-negative ${integer ? "integer" : "number"}`);
    }
    return value;
}

export function optionalBoolean(input: Record<string, unknown>, name: string): boolean | undefined {
    const value = input[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "boolean") throw new HttpError(400, `${name} must be a boolean`);
    return value;
}
