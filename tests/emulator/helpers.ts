// Shared helpers for the emulator tests: real HTTP calls against a running emulator.
import { EmulatorAdmin } from "../../emulator/admin";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator/server";

export interface ApiResponse {
    status: number;
    headers: Headers;
    /** Parsed JSON body, or undefined when the body is empty. */
    body: unknown;
    text: string;
}

export interface CallOptions {
    /** Full Authorization header; null sends none. Default: `Token <emulator token>`. */
    authorization?: string | null;
    /** Raw body text, sent instead of JSON.stringify(body). */
    raw?: string;
    signal?: AbortSignal;
}

export async function call(
    emu: RunningEmulator,
    method: string,
    path: string,
    body?: unknown,
    options: CallOptions = {},
): Promise<ApiResponse> {
    const authorization = options.authorization === undefined ? `Token ${emu.token}` : options.authorization;
    const headers: Record<string, string> = {};
    if (authorization !== null) headers.Authorization = authorization;
    const payload = options.raw ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetch(emu.url + path, { method, headers, body: payload, signal: options.signal });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : undefined, text };
}

export interface Harness {
    emu: RunningEmulator;
    admin: EmulatorAdmin;
    jobId: string;
}

/** Starts an emulator on a free port with one job. */
export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
    const emu = await startEmulator({ port: 0, ...options });
    const admin = new EmulatorAdmin(emu.url);
    const jobId = await admin.createJob();
    return { emu, admin, jobId };
}

export const secretsPath = (jobId: string): string => `/job/${jobId}/secret`;
export const secretPath = (jobId: string, secretId: string): string => `/job/${jobId}/secret/${secretId}`;
export const variablesPath = (jobId: string): string => `/job/${jobId}/environmentVariable`;
export const variablePath = (jobId: string, variableId: string): string =>
    `/job/${jobId}/environmentVariable/${variableId}`;
export const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

/** Like call(), but a dropped connection resolves to the Error instead of rejecting. */
export async function attempt(
    emu: RunningEmulator,
    method: string,
    path: string,
    body?: unknown,
    options: CallOptions = {},
): Promise<ApiResponse | Error> {
    try {
        return await call(emu, method, path, body, options);
    } catch (err) {
        return err instanceof Error ? err : new Error(String(err));
    }
}

/** An http-date (RFC 9110), as the Date header carries it. */
export const HTTP_DATE_RE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
/** ISO 8601 in UTC with milliseconds, as Date.prototype.toISOString writes it. */
export const ISO_MS_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
