// Deployments of services and environments as a state machine: queued → deploying → deployed (or a
// programmed failure). An environment redeploy is one record on the environment and one, with the same
// id and timing, on each of its services.
// A deployment's phase is computed from its request time and step durations whenever it is looked at,
// so there are no timers to cancel and a persisted deployment carries on after a restart.
import { randomUUID } from "node:crypto";
import { HttpError } from "./http";
import { asObject, nonNegative } from "./input";
import type { StoredEnvironment, StoredService } from "./store";
import type { DeploymentOutcome, DeploymentRecord, DeploymentTiming, ProgrammedDeployment } from "./types";

export const DEFAULT_DEPLOYMENT_TIMING: DeploymentTiming = { queuedMs: 500, deployingMs: 2000 };

/** Step durations from start-up options or an admin call; only the fields given change. */
export function parseTiming(body: unknown, base: DeploymentTiming): DeploymentTiming {
    const input = asObject(body ?? {});
    return {
        queuedMs: input.queuedMs === undefined ? base.queuedMs : nonNegative(input.queuedMs, "queuedMs"),
        deployingMs: input.deployingMs === undefined ? base.deployingMs : nonNegative(input.deployingMs, "deployingMs"),
    };
}

export type DeploymentPhase = "queued" | "deploying" | "succeeded" | "failed";

export function phaseAt(d: DeploymentRecord, now: number): DeploymentPhase {
    const requested = Date.parse(d.requested_at);
    if (now < requested + d.queued_ms) return "queued";
    if (now < requested + d.queued_ms + d.deploying_ms) return "deploying";
    return d.outcome === "success" ? "succeeded" : "failed";
}

function finishedAt(d: DeploymentRecord): number {
    return Date.parse(d.requested_at) + d.queued_ms + d.deploying_ms;
}

const IN_PROGRESS: DeploymentPhase[] = ["queued", "deploying"];

/** A deployable thing: its records, and (for a service) the revision a success is judged against. */
interface Deployable {
    id: string;
    revision?: number;
    deployments: DeploymentRecord[];
}

function inProgress(holder: Deployable, now: number): boolean {
    const latest = holder.deployments.at(-1);
    return latest !== undefined && IN_PROGRESS.includes(phaseAt(latest, now));
}

/** What the spec's `Status` says about a service (of any kind) at `now`. */
export function serviceStatus(job: StoredService, now = Date.now()): Record<string, unknown> {
    const latest = job.deployments.at(-1);
    const phase = latest && phaseAt(latest, now);
    const finished = job.deployments.filter((d) => !IN_PROGRESS.includes(phaseAt(d, now)));
    const lastSuccess = finished.filter((d) => d.outcome === "success").at(-1);
    const lastFinished = finished.at(-1);
    return {
        id: job.id,
        state: phase ? STATES[phase] : "READY",
        // Judged on the rows the service's list shows only: a deployment made before a later write is out of date.
        service_deployment_status: !lastSuccess
            ? "NEVER_DEPLOYED"
            : lastSuccess.revision === job.revision
              ? "UP_TO_DATE"
              : "OUT_OF_DATE",
        ...(lastFinished ? { last_deployment_date: new Date(finishedAt(lastFinished)).toISOString() } : {}),
        is_part_last_deployment: latest !== undefined,
        status_details: { action: "DEPLOY", status: phase ? ACTION_STATUSES[phase] : "NEVER", sub_action: "NONE" },
        deployment_request_id: latest?.id ?? null,
        deployment_requests_count: job.deployments.filter((d) => IN_PROGRESS.includes(phaseAt(d, now))).length,
    };
}

/** What the spec's `EnvironmentStatus` says about an environment at `now`. */
export function environmentStatus(
    env: StoredEnvironment,
    services: StoredService[],
    now = Date.now(),
): Record<string, unknown> {
    const latest = env.deployments.at(-1);
    const phase = latest && phaseAt(latest, now);
    const lastFinished = env.deployments.filter((d) => !IN_PROGRESS.includes(phaseAt(d, now))).at(-1);
    const finishedPhase = lastFinished && phaseAt(lastFinished, now);
    return {
        id: env.id,
        state: phase ? STATES[phase] : "READY",
        last_deployment_date: lastFinished ? new Date(finishedAt(lastFinished)).toISOString() : null,
        last_deployment_state: finishedPhase ? STATES[finishedPhase] : "READY",
        last_deployment_id: lastFinished?.id ?? null,
        total_deployment_duration_in_seconds: lastFinished
            ? Math.round((lastFinished.queued_ms + lastFinished.deploying_ms) / 1000)
            : null,
        // EnvironmentStatusEventOriginEnum: null is not among its values, so absent until a redeploy.
        ...(latest ? { origin: "API" } : {}),
        deployment_status: environmentDeploymentStatus(env, services, now),
        deployment_request_id: latest?.id ?? null,
    };
}

/** NEVER_DEPLOYED until something was deployed; OUT_OF_DATE when any service is not UP_TO_DATE. */
function environmentDeploymentStatus(env: StoredEnvironment, services: StoredService[], now: number): string {
    if (services.length === 0) {
        const success = env.deployments.some((d) => phaseAt(d, now) === "succeeded");
        return success ? "UP_TO_DATE" : "NEVER_DEPLOYED";
    }
    const statuses = services.map((s) => serviceStatus(s, now).service_deployment_status);
    if (statuses.every((s) => s === "NEVER_DEPLOYED")) return "NEVER_DEPLOYED";
    return statuses.every((s) => s === "UP_TO_DATE") ? "UP_TO_DATE" : "OUT_OF_DATE";
}

const STATES: Record<DeploymentPhase, string> = {
    queued: "DEPLOYMENT_QUEUED",
    deploying: "DEPLOYING",
    succeeded: "DEPLOYED",
    failed: "DEPLOYMENT_ERROR",
};

const ACTION_STATUSES: Record<DeploymentPhase, string> = {
    queued: "QUEUED",
    deploying: "ONGOING",
    succeeded: "SUCCESS",
    failed: "ERROR",
};

/** Step durations and the programmed outcomes of the next deployments, per service or environment (test state, not persisted). */
export class DeploymentDesk {
    private current: DeploymentTiming;
    private readonly programmed = new Map<string, ProgrammedDeployment[]>();

    constructor(private readonly initialTiming: DeploymentTiming) {
        this.current = initialTiming;
    }

    get timing(): DeploymentTiming {
        return this.current;
    }

    /** Only the fields given change. */
    configure(body: unknown): DeploymentTiming {
        this.current = parseTiming(body, this.current);
        return this.current;
    }

    /** Queues the outcome (and durations) of the next deployment(s) of a service or environment; `times` repeats it. */
    program(jobId: string, body: unknown): ProgrammedDeployment[] {
        const input = asObject(body ?? {});
        if (input.outcome !== undefined && input.outcome !== "success" && input.outcome !== "failure") {
            throw new HttpError(400, 'outcome must be "success" or "failure"');
        }
        const entry: ProgrammedDeployment = { outcome: (input.outcome as DeploymentOutcome | undefined) ?? "success" };
        if (input.queuedMs !== undefined) entry.queuedMs = nonNegative(input.queuedMs, "queuedMs");
        if (input.deployingMs !== undefined) entry.deployingMs = nonNegative(input.deployingMs, "deployingMs");
        const times = input.times === undefined ? 1 : nonNegative(input.times, "times");
        if (times < 1) throw new HttpError(400, "times must be at least 1");
        const queue = this.programmed.get(jobId) ?? [];
        for (let i = 0; i < times; i++) queue.push({ ...entry });
        this.programmed.set(jobId, queue);
        return queue;
    }

    pending(jobId: string): ProgrammedDeployment[] {
        return this.programmed.get(jobId) ?? [];
    }

    forget(jobId: string): void {
        this.programmed.delete(jobId);
    }

    reset(): void {
        this.current = this.initialTiming;
        this.programmed.clear();
    }

    /**
     * Starts a deployment of a service: 409 while one is in progress (its own, or its environment's, which
     * put a record on it). Returns the new record.
     */
    start(
        job: StoredService,
        action: DeploymentRecord["action"],
        request: DeploymentRecord["request"],
        forceEvent: string | null,
    ): DeploymentRecord {
        const now = Date.now();
        if (inProgress(job, now)) throw new HttpError(409, "Operation is in progress");
        const next = this.programmed.get(job.id)?.shift() ?? {};
        const record: DeploymentRecord = {
            id: randomUUID(),
            action,
            request,
            force_event: forceEvent,
            requested_at: new Date(now).toISOString(),
            queued_ms: next.queuedMs ?? this.current.queuedMs,
            deploying_ms: next.deployingMs ?? this.current.deployingMs,
            outcome: next.outcome ?? "success",
            revision: job.revision,
        };
        job.deployments.push(record);
        return record;
    }

    /**
     * Redeploys an environment: one record on it and one on each of its services, with the same id and timing
     * (the environment's programmed deployment, else the current timing). A service's own programmed outcome
     * applies to its record; the environment's record fails when it was programmed to or a service fails.
     * 409 while the environment or any of its services is deploying.
     */
    startEnvironment(env: StoredEnvironment, services: StoredService[]): DeploymentRecord {
        const now = Date.now();
        if (inProgress(env, now) || services.some((s) => inProgress(s, now))) {
            throw new HttpError(409, "Operation is in progress");
        }
        const next = this.programmed.get(env.id)?.shift() ?? {};
        const id = randomUUID();
        const base = {
            id,
            action: "redeploy" as const,
            request: null,
            force_event: null,
            requested_at: new Date(now).toISOString(),
            queued_ms: next.queuedMs ?? this.current.queuedMs,
            deploying_ms: next.deployingMs ?? this.current.deployingMs,
        };
        let failed = next.outcome === "failure";
        for (const service of services) {
            const own = this.programmed.get(service.id)?.shift();
            const outcome = own?.outcome ?? next.outcome ?? "success";
            if (outcome === "failure") failed = true;
            service.deployments.push({ ...base, outcome, revision: service.revision, environment_id: env.id });
        }
        const record: DeploymentRecord = {
            ...base,
            outcome: failed ? "failure" : "success",
            revision: 0,
            services: services.map((s) => s.id),
        };
        env.deployments.push(record);
        return record;
    }
}
