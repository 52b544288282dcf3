/**
 * The lifecycle every kind shares: what each Pulumi dynamic-provider hook does with Qovery's
 * API, given the kind's table entry (kind.ts, kinds.ts).
 *
 * Runs in the provider process, loaded by name from the serialized provider (see
 * ../provider.ts), so nothing here is ever serialized into state. The hooks receive plain
 * values: Pulumi unwraps secrets before calling a dynamic provider.
 */
import type * as pulumi from "@pulumi/pulumi";
import { judgeAbsence, look } from "../qovery/absence";
import type { QoveryClient } from "../qovery/client";
import {
    AbsenceNotProvenError,
    ConflictError,
    GatewayTimeoutError,
    NetworkError,
    NotFoundError,
    QoveryError,
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
import { type StateAddress, nextStepAfterReadOrDelete, stateDeleteCommand } from "./nextSteps";
import { currentInputsOf, outputsFor } from "./outputs";
import { client, configureFrom, hiddenValues, listOf, lists, tokenSource, writing } from "./runtime";
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
    /** What messages call one object of the kind, without "job" ("secret", "environment variable alias"). */
    const what = kind.noun.replace(/^job /, "");
    const resourceType = `pulumi-nodejs:dynamic/qovery:${kind.type}`;

    /** A hook's failure, naming the resource; the kind's secret inputs never appear in it. */
    const failed = (operation: SecretOperation, props: Props, id: string | undefined, err: unknown, next?: string) =>
        new SecretOperationError(
            operation,
            { key: kind.label(props), jobId: props.jobId as string | undefined, secretId: id, noun: kind.noun },
            err,
            hiddenValues(...kind.hidden.map((n) => props[n])),
            next,
        );

    /** Records the secret-bearing values a hook handles, so that any later error is cleaned of them. */
    const handling = (...all: Props[]) => {
        for (const props of all) hiddenValues(...kind.hidden.map((n) => props[n]));
    };

    /** A failed refresh or delete, with the way out when the error alone does not give it. */
    const readOrDeleteError = (operation: "refresh" | "delete", id: string, props: Props, err: unknown) => {
        const address: StateAddress = { urn: props.resourceUrn as string | undefined, type: resourceType, id };
        const next =
            err instanceof AbsenceNotProvenError
                ? `If you know the ${what} is gone, remove it from the state yourself: ${stateDeleteCommand(address)}`
                : nextStepAfterReadOrDelete(err, {
                      address,
                      jobId: props.jobId as string,
                      what,
                      tokenSource: tokenSource(),
                  });
        return failed(operation, props, id, err, next);
    };

    const configuredClient = (operation: "refresh" | "delete", id: string, props: Props): QoveryClient => {
        try {
            return client();
        } catch (err) {
            throw readOrDeleteError(operation, id, props, err);
        }
    };

    const absenceQuestion = (api: QoveryClient, id: string, props: Props) => ({
        jobId: props.jobId as string,
        id,
        what,
        apiUrl: api.baseUrl,
        confirmApi: () => api.confirmQoveryApi(),
    });

    const current = (row: VariableRow, prior: Props): Props => currentInputsOf(kind, row, prior);

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
            // Only the server's clock can say whether it was created after this create began; the
            // local clock may be minutes off, and adopting someone else's would be worse.
            if (serverDate === undefined) throw new CreateOutcomeUnknownError(api.baseUrl, kind, jobId, found);
            const createdAt = Date.parse(found.created_at);
            if (createdAt >= serverDate - (performance.now() - began) - CLOCK_SLACK_MS) return found;
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
            handling(inputs);
            const jobId = inputs.jobId as string;
            const row = await attempt("create", inputs, undefined, async () => {
                const api = client();
                const parentId = await targetOf(api, inputs);
                return writing(kind.api, jobId, () => createOnce(api, inputs, parentId, kind.createBody(inputs)));
            });
            return { id: row.id, outs: outputsFor(kind, row, current(row, inputs)) };
        },

        async update(id, olds, news) {
            handling(olds, news);
            const jobId = news.jobId as string;
            const row = await attempt("update", { ...olds, ...news }, id, () =>
                writing(kind.api, jobId, () =>
                    client().editJobVariable(kind.api, jobId, id, kind.editBody(olds, news) as never),
                ),
            );
            return { outs: outputsFor(kind, row, current(row, news), olds) };
        },

        /**
         * There is no GET of one variable: list the job and find ours by id. What the API does
         * not return (a secret's value and mount path) is kept from state; what it returns
         * shows in both outputs and inputs, so that the next preview compares the program
         * with what Qovery holds.
         */
        async read(id, props) {
            handling(props);
            const jobId = props.jobId as string;
            const api = configuredClient("refresh", id, props);
            const outcome = await look(() => listOf(kind.api, jobId, api));
            try {
                // Only positive evidence drops it: a list without it (deleted, or deleted with its
                // target by Qovery's cascade), or a 404 for the job proven to be Qovery's. 401/403
                // and anything unproven are errors: the resource stays in the state.
                const verdict = await judgeAbsence(absenceQuestion(api, id, props), outcome);
                if (verdict.state === "gone") return { id: undefined, props: {} };
            } catch (err) {
                throw readOrDeleteError("refresh", id, props, err);
            }
            const rows = "listed" in outcome ? (outcome.listed as VariableRow[]) : [];
            const found = rows.find((r) => r.id === id)!;
            const inputs = current(found, props);
            return { id, props: outputsFor(kind, found, inputs, props), inputs };
        },

        async delete(id, props) {
            handling(props);
            const jobId = props.jobId as string;
            const api = configuredClient("delete", id, props);
            try {
                await writing(kind.api, jobId, () => api.deleteJobVariable(kind.api, jobId, id));
                return;
            } catch (err) {
                if (!(err instanceof NotFoundError)) throw readOrDeleteError("delete", id, props, err);
            }
            // A 404 is "already gone" (deleted, or with its target by Qovery's cascade) only on the
            // same evidence as a refresh: a proxy's or a wrong path's 404 must not let Pulumi forget
            // an object that still exists.
            const outcome = await look(async () => (await api.listJobVariablesWithDate(kind.api, jobId)).rows);
            let verdict;
            try {
                verdict = await judgeAbsence(absenceQuestion(api, id, props), outcome);
            } catch (err) {
                throw readOrDeleteError("delete", id, props, err);
            }
            if (verdict.state === "present") {
                throw readOrDeleteError(
                    "delete",
                    id,
                    props,
                    new AbsenceNotProvenError(
                        `${api.baseUrl} answered 404 to the DELETE, yet the job's list still holds the ${what}; it is kept in the state. Run the command again`,
                    ),
                );
            }
        },
    };
}

/** A lost-answer create met a matching object, and nothing tells whether this run created it. */
class CreateOutcomeUnknownError extends QoveryError {
    override readonly name: string = "CreateOutcomeUnknownError";
    constructor(apiUrl: string, kind: Kind, jobId: string, found: VariableRow) {
        const what = kind.noun.replace(/^job /, "");
        super(
            `the answer to the create was lost, and the job now has a ${what} with this key (id ${found.id}, created ${found.created_at}), but ${apiUrl} sent no Date header to compare that time with, so it cannot be told whether this run created it; it is not adopted. If nobody else created it, it is this run's: delete it (Qovery console, or DELETE ${apiUrl}/job/${jobId}/${kind.api}/${found.id}) and run \`pulumi up\` again`,
        );
    }
}

/** Failures after which the server may or may not have created the variable. */
function isOutcomeUnknown(err: unknown): boolean {
    if (err instanceof NetworkError) return err.code !== "ECONNREFUSED";
    return (
        err instanceof ServerError ||
        err instanceof GatewayTimeoutError ||
        err instanceof TimeoutError ||
        err instanceof ResponseFormatError
    );
}
