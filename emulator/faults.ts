// Faults on public requests: programmed ones (POST /__admin/faults) and random ones (chaos), both
// turned into one FaultPlan that the request pipeline follows.
import { STATUS_CODES } from "node:http";
import { DEFAULT_CHAOS_DELAY_MS } from "./config";
import { HttpError, matchTemplate, type Outcome } from "./http";
import { asObject, nonNegative } from "./input";
import {
    CHAOS_KINDS,
    type ActiveFault,
    type ChaosConfig,
    type ChaosKind,
    type FaultKind,
    type FaultSpec,
    type ProgrammedFaultKind,
} from "./types";

/** How a fault (programmed or chaos) shapes one request. */
export interface FaultPlan {
    kind: FaultKind;
    /** Answered instead of the operation. */
    outcome?: Outcome;
    dropBefore?: boolean;
    dropAfter?: boolean;
    delayMs?: number;
}

type ErrorFn = (status: number, message: string) => Outcome;

/** The armed programmed faults; the oldest matching one applies and uses up one of its `times`. */
export class FaultBook {
    private faults: ActiveFault[] = [];
    private nextId = 1;

    list(): ActiveFault[] {
        return this.faults;
    }

    arm(body: unknown): ActiveFault {
        const fault: ActiveFault = { id: this.nextId++, ...parseFault(body) };
        this.faults.push(fault);
        return fault;
    }

    clear(): void {
        this.faults = [];
    }

    take(method: string, pathname: string): ActiveFault | undefined {
        const fault = this.faults.find(
            (f) => (f.method === "*" || f.method === method) && faultPathMatches(f.path, pathname),
        );
        if (fault && --fault.times <= 0) this.faults = this.faults.filter((f) => f !== fault);
        return fault;
    }
}

export function programmedPlan(fault: ActiveFault, error: ErrorFn): FaultPlan {
    return {
        kind: faultKind(fault),
        outcome: fault.status !== undefined ? faultOutcome(fault, error) : undefined,
        dropBefore: fault.drop === "before",
        dropAfter: fault.drop === "after",
        delayMs: fault.delayMs,
    };
}

export function chaosPlan(kind: ChaosKind, chaos: ChaosConfig | null, error: ErrorFn): FaultPlan {
    const plan: FaultPlan = { kind: `chaos:${kind}` };
    switch (kind) {
        case "500":
        case "502":
        case "503": {
            const status = Number(kind);
            plan.outcome = error(status, `Injected fault (chaos): ${STATUS_CODES[status] ?? status}`);
            break;
        }
        case "429-reset":
            // Only the reset header says when to come back, as with Qovery's own limiter.
            plan.outcome = {
                ...error(429, "Too many requests (chaos)"),
                headers: {
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": String(Math.ceil((Date.now() + 1000) / 1000)),
                },
            };
            break;
        case "429-retry-after":
            plan.outcome = { ...error(429, "Too many requests (chaos)"), headers: { "Retry-After": "1" } };
            break;
        case "drop-before":
            plan.dropBefore = true;
            break;
        case "drop-after":
            plan.dropAfter = true;
            break;
        case "delay":
            plan.delayMs = chaos?.delayMs ?? DEFAULT_CHAOS_DELAY_MS;
            break;
    }
    return plan;
}

/** mulberry32: tiny, fast and good enough to make chaos reproducible from a seed. */
function mulberry32(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

export class ChaosMonkey {
    private config: ChaosConfig | null = null;
    private random: () => number = Math.random;

    constructor(config: ChaosConfig | null) {
        this.configure(config);
    }

    /** Also restarts a seeded sequence, so a test can replay it. */
    configure(config: ChaosConfig | null): void {
        this.config = config;
        this.random = config?.seed === undefined ? Math.random : mulberry32(config.seed);
    }

    // Ineligible requests draw nothing, so the method filter does not shift the sequence of the others.
    draw(method: string): ChaosKind | undefined {
        const config = this.config;
        if (!config || config.rate <= 0) return undefined;
        if (config.methods && !config.methods.includes(method)) return undefined;
        if (this.random() >= config.rate) return undefined;
        const kinds = config.kinds ?? CHAOS_KINDS;
        return kinds[Math.floor(this.random() * kinds.length)];
    }
}

function faultKind(fault: ActiveFault): ProgrammedFaultKind {
    if (fault.status !== undefined) return "status";
    if (fault.drop === "before") return "drop-before";
    if (fault.drop === "after") return "drop-after";
    return "delay";
}

function faultOutcome(fault: ActiveFault, error: ErrorFn): Outcome {
    const status = fault.status as number;
    if (fault.body !== undefined) return { status, body: fault.body, headers: fault.headers };
    if (status === 204 || status < 400) return { status, headers: fault.headers };
    return { ...error(status, `Injected fault: ${STATUS_CODES[status] ?? status}`), headers: fault.headers };
}

function faultPathMatches(pattern: string, pathname: string): boolean {
    if (pattern === "*") return true;
    if (!pattern.includes("{")) return pattern === pathname;
    return matchTemplate(pattern, pathname) !== undefined;
}

function parseFault(body: unknown): Omit<ActiveFault, "id"> {
    const input = asObject(body) as Partial<Record<keyof FaultSpec, unknown>>;
    if (typeof input.method !== "string" || input.method === "") throw new HttpError(400, "method is required");
    if (typeof input.path !== "string" || input.path === "") throw new HttpError(400, "path is required");
    const fault: Omit<ActiveFault, "id"> = {
        method: input.method.toUpperCase(),
        path: input.path,
        times: input.times === undefined ? 1 : nonNegative(input.times, "times"),
    };
    if (fault.times < 1) throw new HttpError(400, "times must be at least 1");
    if (input.status !== undefined) {
        const status = nonNegative(input.status, "status");
        if (status < 100 || status > 599) throw new HttpError(400, "status must be an HTTP status code");
        fault.status = status;
    }
    if (input.body !== undefined) fault.body = input.body;
    if (input.headers !== undefined) {
        const headers = asObject(input.headers);
        if (!Object.values(headers).every((v) => typeof v === "string")) {
            throw new HttpError(400, "headers values must be strings");
        }
        fault.headers = headers as Record<string, string>;
    }
    if (input.delayMs !== undefined) fault.delayMs = nonNegative(input.delayMs, "delayMs");
    if (input.drop !== undefined) {
        if (input.drop !== "before" && input.drop !== "after")
            throw new HttpError(400, 'drop must be "before" or "after"');
        fault.drop = input.drop;
    }
    if (fault.status !== undefined && fault.drop !== undefined) {
        throw new HttpError(400, "status and drop are exclusive: a dropped connection has no status");
    }
    if (fault.status === undefined && fault.drop === undefined && !fault.delayMs) {
        throw new HttpError(400, "a fault needs status, drop or delayMs");
    }
    return fault;
}
