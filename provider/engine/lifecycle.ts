/**
 * The lifecycle every kind shares: what each Pulumi dynamic-provider hook does with Qovery's
 * API, given the kind's table entry (kind.ts, kinds.ts).
 *
 * Runs in the provider process, loaded by name from the serialized provider (see
 * ../provider.ts), so nothing here is ever serialized into state. The hooks receive plain
 * values: Pulumi unwraps secrets before calling a dynamic provider.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { QoveryClient } from "../qovery/client";
import {
    ConflictError,
    NetworkError,
    NotFoundError,
    ResponseFormatError,
    SecretOperationError,
    ServerError,
    TargetResolutionError,
    TimeoutError,
    type SecretOperation,
} from "../qovery/errors";
import type { VariableRow } from "../qovery/wire";
import { checkInputs } from "./check";
import { diffProps } from "./diff";
import type { Kind, Props } from "./kind";
import { outputsFor } from "./outputs";
import { client, configureFrom, listOf, lists, writing } from "./runtime";
import { resolveTarget } from "./targets";

export interface Hooks {
    configure(req: pulumi.dynamic.ConfigureRequest): Promise<void>;
    check(olds: unknown, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult>;
    diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
    create(inputs: Props): Promise<pulumi.dynamic.CreateResult>;
    read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
    update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
    delete(id: string, props: Props): Promise<void>;
}

/** How many times a create whose outcome was lost is looked up and tried again. */
const MAX_CREATE_RECOVERIES = 3;
/** Tolerance on "created after this create began": the `Date` header has 1 s resolution. */
const CLOCK_SLACK_MS = 2_000;

export function hooksFor(kind: Kind): Hooks {
    /** A hook's failure, naming the resource; the kind's secret inputs never appear in it. */
    const failed = (operation: SecretOperation, props: Props, id: string | undefined, err: unknown) =>
        new SecretOperationError(
            operation,
            { key: kind.label(props), jobId: props.jobId as string | undefined, secretId: id, noun: kind.noun },
            err,
            kind.hidden.map((n) => (typeof props[n] === "string" ? (props[n] as string) : undefined)),
        );

    const attempt = async <T>(
        operation: SecretOperation,
        props: Props,
        id: string | undefined,
        call: () => Promise<T>,
    ) => {
        try {
            return await call();
        } catch (err) {
            throw failed(operation, props, id, err);
        }
    };

    /** The id of the variable an alias or override points at. */
    const targetOf = async (api: QoveryClient, inputs: Props): Promise<string | undefined> => {
        const t = kind.target;
        if (t === undefined) return undefined;
        if (typeof inputs[t.byId] === "string") return inputs[t.byId] as string;
        const jobId = inputs.jobId as string;
        const key = inputs[t.byKey] as string;
        try {
            return resolveTarget(kind, await listOf(kind.api, jobId, api), key);
        } catch (err) {
            // The shared list may predate the target (made in the console a moment ago): a
            // failure is only believed from a list made for it.
            if (!(err instanceof TargetResolutionError)) throw err;
            lists[kind.api].invalidate(jobId);
            return resolveTarget(kind, await listOf(kind.api, jobId, api), key);
        }
    };

    const post = (api: QoveryClient, jobId: string, parentId: string | undefined, body: object) => {
        switch (kind.target?.relation) {
            case "alias":
                return api.createJobVariableAlias(kind.api, jobId, parentId!, body as never);
            case "override":
                return api.createJobVariableOverride(kind.api, jobId, parentId!, body as never);
            default:
                return api.createJobVariable(kind.api, jobId, body as never);
        }
    };

    /** Whether a row of the job's list is what our lost create would have made. */
    const isOurs = (row: VariableRow, inputs: Props, parentId: string | undefined): boolean => {
        if (!kind.owns(row)) return false;
        if (kind.target) {
            const parent = (row as Record<string, unknown>)[kind.target.wire] as { id?: string } | null | undefined;
            if (parent?.id !== parentId) return false;
        }
        const key = kind.occupiedKey(inputs);
        return typeof key !== "string" || row.key === key;
    };

    /**
     * POST once; if the answer is lost, find out what happened before trying again.
     *
     * A POST is not idempotent, and when its answer is lost (5xx, connection dropped after
     * the server wrote, timeout, unreadable 2xx) the variable may or may not exist. Trying
     * again blindly would at best get a 409 for our own one (Qovery refuses a second variable
     * with one key in a job) and leave it orphaned. So: list the job. If nothing matches,
     * nothing was created: POST again. If a row matches, it is ours only if Qovery created it
     * after this create began (its `created_at` against the server's own clock, the `Date`
     * header, minus the time we have been at it): then it is adopted. A matching row that is
     * older existed before this create began: it is not ours to adopt, and that is a
     * conflict, as a plain 409 is.
     */
    const createOnce = async (api: QoveryClient, inputs: Props, parentId: string | undefined, body: object) => {
        const jobId = inputs.jobId as string;
        const began = performance.now();
        let lastError: unknown;
        for (let recovery = 0; ; recovery++) {
            try {
                return await post(api, jobId, parentId, body);
            } catch (err) {
                // 409 after a lost answer may be our own earlier POST landing late: look it up.
                const ours = isOutcomeUnknown(err) || (err instanceof ConflictError && lastError !== undefined);
                if (!ours || recovery >= MAX_CREATE_RECOVERIES) throw err;
                lastError = err;
            }
            const { rows, serverDate } = await api.listJobVariablesWithDate(kind.api, jobId);
            const found = rows.find((r) => isOurs(r, inputs, parentId));
            if (found === undefined) continue; // nothing was created: POST again
            const now = serverDate ?? Date.now();
            const createdAt = Date.parse(found.created_at);
            if (createdAt >= now - (performance.now() - began) - CLOCK_SLACK_MS) return found;
            throw new ConflictError({
                status: 409,
                method: "POST",
                path: `/job/${jobId}/${kind.api}`,
                qoveryMessage: `a ${kind.noun} with this key (id ${found.id}, created ${found.created_at}) existed before this create began; it is not adopted`,
            });
        }
    };

    return {
        async configure(req) {
            configureFrom(req.config);
        },

        async check(_olds, news) {
            return checkInputs(kind, news);
        },

        async diff(_id, olds, news) {
            const { changes, replaces, deleteBeforeReplace } = diffProps(kind, olds, news);
            return { changes, replaces, deleteBeforeReplace };
        },

        async create(inputs) {
            const jobId = inputs.jobId as string;
            const row = await attempt("create", inputs, undefined, async () => {
                const api = client();
                const parentId = await targetOf(api, inputs);
                return writing(kind.api, jobId, () => createOnce(api, inputs, parentId, kind.createBody(inputs)));
            });
            return { id: row.id, outs: outputsFor(kind, row, kind.currentInputs(row, inputs)) };
        },

        async update(id, olds, news) {
            const jobId = news.jobId as string;
            const row = await attempt("update", { ...olds, ...news }, id, () =>
                writing(kind.api, jobId, () =>
                    client().editJobVariable(kind.api, jobId, id, kind.editBody(olds, news) as never),
                ),
            );
            return { outs: outputsFor(kind, row, kind.currentInputs(row, news), olds) };
        },

        /**
         * There is no GET of one variable: list the job and find ours by id. What the API does
         * not return (a secret's value and mount path) is kept from state; what it returns
         * shows in both outputs and inputs, so that the next preview compares the program
         * with what Qovery holds.
         */
        async read(id, props) {
            const jobId = props.jobId as string;
            let rows: VariableRow[];
            try {
                rows = await listOf(kind.api, jobId);
            } catch (err) {
                // 404: the job itself is gone, and its variables with it. 401/403 are errors: a
                // token problem must never make Pulumi forget a resource that still exists.
                if (err instanceof NotFoundError) return { id: undefined, props: {} };
                throw failed("refresh", props, id, err);
            }
            // Absent: deleted, or (an alias or override) deleted with its target by Qovery's cascade.
            const found = rows.find((r) => r.id === id);
            if (found === undefined) return { id: undefined, props: {} };
            const current = kind.currentInputs(found, props);
            return { id, props: outputsFor(kind, found, current, props), inputs: current };
        },

        async delete(id, props) {
            const jobId = props.jobId as string;
            try {
                await writing(kind.api, jobId, () => client().deleteJobVariable(kind.api, jobId, id));
            } catch (err) {
                // Already gone (deleted, or cascaded with its target): that is what we wanted.
                if (err instanceof NotFoundError) return;
                throw failed("delete", props, id, err);
            }
        },
    };
}

/** Failures after which the server may or may not have created the variable. */
function isOutcomeUnknown(err: unknown): boolean {
    if (err instanceof NetworkError) return err.code !== "ECONNREFUSED";
    return err instanceof ServerError || err instanceof TimeoutError || err instanceof ResponseFormatError;
}
