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
    AdoptionRefusedError,
    ConflictError,
    CreateOutcomePendingError,
    NotFoundError,
    SecretOperationError,
    TargetResolutionError,
    isOutcomeUnknown,
    type SecretOperation,
} from "../qovery/errors";
import { safeMessage } from "../qovery/messages";
import type { VariableRow } from "../qovery/wire";
import { declaredInRun, redeployAfterRemoval } from "../deploy/afterRemoval";
import { explainConflict, matchForAdoption } from "./adopt";
import {
    type CreateDependent,
    lostToCascade,
    noteDeclared,
    noteDeclaredTarget,
    prepareDelete,
    restoreAfterCreate,
    sameObjectIn,
} from "./cascade";
import { checkInputs } from "./check";
import { CLOCK_SLACK_MS, isRowOfCreate } from "./lostCreate";
import { claim, claimOf, isOthers } from "./claims";
import { diffProps } from "./diff";
import type { Kind, Props } from "./kind";
import { type StateAddress, nextStepAfterReadOrDelete, stateDeleteCommand } from "./nextSteps";
import { currentInputsOf, outputsFor } from "./outputs";
import {
    client,
    configureFrom,
    freshListOf,
    hiddenValues,
    listNow,
    listOf,
    settingsProblem,
    tokenSource,
    writing,
} from "./runtime";
import { type Parent, describeParent } from "./scopes";
import {
    type PendingCreate,
    PendingCreateError,
    isPendingId,
    noteResolved,
    pendingSlot,
    rawSafe,
    takeResolving,
    withoutPending,
} from "./pending";
import { lookForPending, pendingHooks } from "./pendingHooks";
import { checkTargetById, resolveTarget } from "./targets";
import { createCoalesced, noteCheck } from "./bulk";

/** A dynamic provider's hooks, as every hooks module exports them. */
export interface Hooks {
    configure(req: pulumi.dynamic.ConfigureRequest): Promise<void>;
    check(olds: unknown, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult>;
    diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
    create(inputs: Props): Promise<pulumi.dynamic.CreateResult>;
    read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
    update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
    delete(id: string, props: Props): Promise<void>;
}

/** Creates an alias or override that Qovery's cascade took, on the variable that replaces its target. */
const createDependent: CreateDependent = (dependent, inputs) => hooksFor(dependent).create(inputs);

/** How many times a create whose outcome was lost is looked up and tried again. */
const MAX_CREATE_RECOVERIES = 3;

export function hooksFor(kind: Kind): Hooks {
    /** What messages call one object of the kind, without "job" ("secret", "environment variable alias"). */
    const what = kind.noun.replace(/^job /, "");
    const resourceType = `pulumi-nodejs:dynamic/qovery:${kind.type}`;

    /** The parent the inputs name (check has made sure one is). */
    const parentOf = (props: Props): Parent => {
        const parent = kind.parentOf(props);
        if (parent === undefined) throw new Error(`no ${kind.parentFields.join(" or ")} in the ${kind.type}'s inputs`);
        return parent;
    };
    /** "job …", "environment …": where the resource lives, for messages; undefined when the inputs do not say. */
    const whereOf = (props: Props): string | undefined => {
        const parent = kind.parentOf(props);
        return parent === undefined ? undefined : describeParent(parent);
    };

    /** A hook's failure, naming the resource; the kind's secret inputs never appear in it. */
    const failed = (operation: SecretOperation, props: Props, id: string | undefined, err: unknown, next?: string) =>
        new SecretOperationError(
            operation,
            {
                key: kind.label(props),
                jobId: props.jobId as string | undefined,
                parent: whereOf(props),
                secretId: id,
                noun: kind.noun,
            },
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
                      parent: whereOf(props) ?? "its parent",
                      parentNoun: kind.parentOf(props)?.scope.noun ?? "parent",
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
        parent: describeParent(parentOf(props)),
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
            if (err instanceof PendingCreateError) throw err; // already names the resource; must keep its id
            throw failed(operation, props, id, err);
        }
    };

    /** The id of the variable an alias or override points at. */
    const targetOf = async (api: QoveryClient, inputs: Props): Promise<string | undefined> => {
        const t = kind.target;
        if (t === undefined) return undefined;
        const parent = parentOf(inputs);
        if (typeof inputs[t.byId] === "string") {
            const id = inputs[t.byId] as string;
            // Over /variable, a target named by id is checked against the parent's (shared) list
            // first: an alias of an alias, or an override of its own scope, is refused before any POST.
            if (kind.channel.name === "variable") checkTargetById(kind, parent, await listOf(kind, parent, api), id);
            return id;
        }
        const key = inputs[t.byKey] as string;
        try {
            return resolveTarget(kind, parent, await listOf(kind, parent, api), key);
        } catch (err) {
            // The shared list may predate the target (made in the console a moment ago): a
            // failure is only believed from a list made for it.
            if (!(err instanceof TargetResolutionError)) throw err;
            return resolveTarget(kind, parent, await freshListOf(kind, parent, api), key);
        }
    };

    const post = (api: QoveryClient, parent: Parent, targetId: string | undefined, body: object) => {
        switch (kind.target?.relation) {
            case "alias":
                return kind.channel.alias(api, parent, targetId!, body);
            case "override":
                return kind.channel.override(api, parent, targetId!, body);
            default:
                return kind.channel.create(api, parent, body);
        }
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
        const parent = parentOf(inputs);
        const began = performance.now();
        let lastError: unknown;
        for (let recovery = 0; ; recovery++) {
            try {
                const made = await post(api, parent, parentId, body);
                // Synchronously after the answer: no other resource of the run can hold a new id,
                // but the registry must know it before any other hook looks.
                hold(made.id, inputs, "created");
                return made;
            } catch (err) {
                // 409 after a lost answer may be our own earlier POST landing late: look it up.
                const ours = isOutcomeUnknown(err) || (err instanceof ConflictError && lastError !== undefined);
                if (!ours) throw err;
                if (recovery >= MAX_CREATE_RECOVERIES) {
                    if (!isOutcomeUnknown(err)) throw err;
                    throw new CreateOutcomePendingError(
                        `${MAX_CREATE_RECOVERIES + 1} attempts were lost the same way (${safeMessage((err as Error).message, hiddenValues())})`,
                        err,
                    );
                }
                lastError = err;
            }
            let listed: Awaited<ReturnType<typeof listNow>>;
            try {
                listed = await listNow(kind, parent, api);
            } catch (err) {
                throw new CreateOutcomePendingError(
                    `the ${parent.scope.noun}'s list, which would tell, could not be read (${safeMessage((err as Error).message, hiddenValues())})`,
                    err,
                );
            }
            const { rows, serverDate } = listed;
            const found = rows.find((r) => isRowOfCreate(kind, r, inputs, parentId));
            // Made or adopted by another resource of this run: never ours, whatever its time. The
            // claim refuses it, naming both resources.
            if (found !== undefined && isOthers(claimOf(kind.api, found.id), inputs.resourceUrn as string | undefined))
                hold(found.id, inputs, "created");
            if (found === undefined) continue; // nothing was created: POST again
            // Only the server's clock can say whether it was created after this create began; the
            // local clock may be minutes off, and adopting someone else's would be worse.
            if (serverDate === undefined)
                throw new CreateOutcomePendingError(
                    `the ${parent.scope.noun} now has a ${what} with this key (id ${found.id}, created ${found.created_at}), but ${api.baseUrl} sent no Date header to compare that time with`,
                );
            const createdAt = Date.parse(found.created_at);
            if (createdAt >= serverDate - (performance.now() - began) - CLOCK_SLACK_MS) {
                hold(found.id, inputs, "created");
                return found;
            }
            throw new ConflictError({
                status: 409,
                method: "POST",
                path: kind.channel.createPath(parent),
                qoveryMessage: `a ${kind.noun} with this key (id ${found.id}, created ${found.created_at}) existed before this create began; it is not adopted`,
            });
        }
    };

    /** Records that this resource holds the id in this run; fails when another resource of the run does. */
    const hold = (id: string, props: Props, how: "state" | "created" | "adopted", previousKey?: unknown) => {
        const urn = props.resourceUrn as string | undefined;
        const key = kind.label(props);
        const held = claim(kind.api, id, {
            urn,
            how,
            key,
            ...(typeof previousKey === "string" && previousKey !== key ? { previousKey } : {}),
        });
        if (held !== undefined) {
            throw new AdoptionRefusedError(
                `the ${what} ${key === undefined ? "" : `"${key}" `}(id ${id}) is held by two resources of this program: ${held.urn} (${held.how === "adopted" ? "adopted it in this run" : held.how === "created" ? "created it in this run" : "from the state"}) and ${urn}. One variable, one resource: remove one of the two declarations, and \`pulumi state delete\` the one you removed if it stays in the state`,
            );
        }
    };

    /**
     * `adopt: true`: take over the job's own variable of the same kind, key and target, if there
     * is one: one PUT of the program's values (a secret's value always: it cannot be read), and
     * its id. Undefined when there is none: create as usual.
     */
    const adoptExisting = async (api: QoveryClient, inputs: Props, parentId: string | undefined) => {
        const parent = parentOf(inputs);
        const rows = await listOf(kind, parent, api);
        const verdict = matchForAdoption(kind, rows, inputs, parentId, (id) => claimOf(kind.api, id));
        if (verdict.state === "none") return undefined;
        if (verdict.state === "refuse") throw new AdoptionRefusedError(verdict.reason);
        const found = verdict.row;
        // Claimed before the PUT, synchronously: two resources of one run cannot both take it.
        hold(found.id, inputs, "adopted");
        const row = await writeProgramValues(api, inputs, found);
        // Keys and ids only: never a value.
        console.error(
            `pulumi-qovery-secrets: adopted the ${what} "${found.key}" (id ${found.id}) of ${describeParent(parent)}${inputs.resourceUrn ? ` as ${inputs.resourceUrn}` : ""}: the program's values were written, nothing was created`,
        );
        return row;
    };

    /** One PUT of the program's values onto a row the resource takes over. */
    const writeProgramValues = (api: QoveryClient, inputs: Props, found: VariableRow) => {
        const parent = parentOf(inputs);
        const olds = { ...kind.currentInputs(found, {}), key: found.key };
        return writing(parent, () => kind.channel.edit(api, parent, found.id, kind.editBody(olds, inputs)));
    };

    /**
     * `up` after a pending create (diff asked for this replacement): take over what that create
     * made, with one PUT of the program's values; undefined when the list proves it made nothing.
     * Any failure keeps the resource pending, with the first create's start.
     */
    const resolvePendingAtCreate = async (api: QoveryClient, inputs: Props, pending: PendingCreate) => {
        const found = await lookForPending(kind, api, inputs, pending);
        if (found === "none") return undefined;
        hold(found.id, inputs, "created");
        const row = await writeProgramValues(api, inputs, found);
        console.error(
            `pulumi-qovery-secrets: found the ${what} "${found.key}" (id ${found.id}) of ${describeParent(parentOf(inputs))} that an earlier run's create made (its answer was lost)${inputs.resourceUrn ? `; now managed by ${inputs.resourceUrn}` : ""}; the program's values were written`,
        );
        return row;
    };

    /** The error that keeps the resource in the state as pending (pending.ts), naming it and what happens next. */
    const pendingError = (inputs: Props, cause: unknown, pending: PendingCreate) => {
        const wrapped = failed(
            "create",
            inputs,
            undefined,
            cause,
            "It is kept in the state as pending: the next `pulumi up` (or `pulumi refresh`) looks again and takes over what this create made, or creates it if nothing was made. Nothing to do by hand; if the API stays unreachable, check `qovery:apiUrl` and the rate limit first",
        );
        return new PendingCreateError(wrapped.message, kind, inputs, pending);
    };

    /** A 409 on create, explained from what the parent's lists of both kinds show for the key. */
    const conflictExplained = async (
        api: QoveryClient,
        inputs: Props,
        parentId: string | undefined,
        err: ConflictError,
    ) => {
        const parent = parentOf(inputs);
        try {
            const [own, others] = await Promise.all([listNow(kind, parent, api), kind.channel.others(api, parent)]);
            const hint =
                explainConflict(kind, inputs, parentId, own.rows, others, claimOf) ?? unseenHolder(parent, inputs);
            if (hint === undefined) return err;
            return new ConflictError(
                { status: err.status, method: err.method, path: err.path, qoveryMessage: err.qoveryMessage },
                hint,
            );
        } catch {
            return err; // the plain 409 still says what happened
        }
    };

    /**
     * Over /variable, a 409 for a key that the parent's list does not show: Qovery keeps one key
     * across a parent and what is below it, so something below holds it.
     */
    const unseenHolder = (parent: Parent, inputs: Props): string | undefined => {
        if (kind.channel.name !== "variable" || parent.scope.level === 2) return undefined;
        const key = kind.occupiedKey(inputs);
        const below = parent.scope.level === 0 ? "an environment or a service of it" : "a service of it";
        const discover =
            parent.scope.level === 1
                ? `npx pulumi-qovery-secrets discover --environment ${parent.id} --services`
                : "npx pulumi-qovery-secrets discover --environment <id> --services";
        return `the ${describeParent(parent)}'s list shows no ${typeof key === "string" ? `"${key}"` : "such key"}, so ${below} holds it: Qovery refuses a key above one that a lower scope already has. Find it (\`${discover}\`), then remove it there, adopt it in its own place, or give this ${what} another key`;
    };

    const pendingOps = pendingHooks({
        kind,
        what,
        client: configuredClient,
        failed,
        readOrDeleteError,
        view: (row, prior) => {
            const inputs = current(row, withoutPending(prior));
            return { outputs: outputsFor(kind, row, inputs), inputs };
        },
    });

    /** A step of `delete` whose failure is reported as the delete's. */
    const deleteStep = async <T>(id: string, props: Props, step: () => Promise<T>): Promise<T> => {
        try {
            return await step();
        } catch (err) {
            throw readOrDeleteError("delete", id, props, err);
        }
    };

    /**
     * An alias or override whose id is gone from the job's list, found again by key and target
     * (Qovery's cascade deleted it with its target, and it was created again: cascade.ts).
     */
    const foundAgain = (rows: readonly VariableRow[], id: string, props: Props, doing: string) => {
        const row = sameObjectIn(kind, rows, id, props);
        if (row === undefined) return undefined;
        hold(row.id, props, "state");
        console.error(
            `pulumi-qovery-secrets: the ${what} "${row.key}" (id ${id}) is gone from ${whereOf(props)}; the ${what} of the same key and target is id ${row.id} (deleted with its target and created again): ${doing} it`,
        );
        return row;
    };

    return {
        async configure(req) {
            configureFrom(req.config);
        },

        async check(olds, news) {
            noteCheck(kind, olds, news); // what the engine will create, for coalesced creates
            await declaredInRun(news.resourceUrn); // a declared variable is not removed: see ../deploy/afterRemoval.ts
            noteDeclaredTarget(kind, news); // what it points at may not be removed: see cascade.ts
            const result = checkInputs(kind, news);
            // Refused at preview rather than at the first API call of `up`.
            const problem = settingsProblem();
            return problem === undefined
                ? result
                : { ...result, failures: [...(result.failures ?? []), { property: "", reason: problem }] };
        },

        async diff(id, olds, news) {
            if (isPendingId(id)) return pendingOps.diff(olds, news);
            // No API call: the run's registry learns which resource holds which id.
            if (id) hold(id, { ...olds, ...news }, "state", olds.key);
            const { changes, replaces, deleteBeforeReplace } = diffProps(kind, olds, news);
            if (replaces.length === 0 && lostToCascade(kind, olds)) {
                // Deleted with its target earlier in this run: made again on the new one (created
                // first: the old row is gone; its delete then finds it gone).
                const t = kind.target!;
                const named = news[t.byKey] !== undefined ? t.byKey : t.byId;
                console.error(
                    `pulumi-qovery-secrets: the ${what} "${kind.label(olds) ?? ""}" (id ${id}) of ${whereOf(olds)} was deleted with its target, replaced earlier in this run: it is created again`,
                );
                return { changes: true, replaces: [named], deleteBeforeReplace: false };
            }
            noteDeclared(kind, olds, news, replaces);
            return { changes, replaces, deleteBeforeReplace };
        },

        async create(inputs) {
            handling(inputs);
            const parent = parentOf(inputs);
            const startedAt = new Date().toISOString();
            const earlier = takeResolving(pendingSlot(kind, inputs));
            let parentId: string | undefined;
            const row = await attempt("create", inputs, undefined, async () => {
                if (earlier !== undefined) {
                    try {
                        const found = await resolvePendingAtCreate(client(), inputs, earlier);
                        if (found !== undefined) return found;
                    } catch (err) {
                        // Still unknown: stays pending, with the first create's start.
                        throw pendingError(inputs, err, {
                            ...earlier,
                            reason: safeMessage((err as Error).message, hiddenValues()),
                        });
                    }
                }
                const api = client();
                parentId = await targetOf(api, inputs);
                const adopting = inputs.adopt === true;
                if (adopting) {
                    const adopted = await adoptExisting(api, inputs, parentId);
                    if (adopted !== undefined) return adopted;
                }
                try {
                    const made = await createCoalesced(kind, api, parent, inputs, () =>
                        writing(parent, () => createOnce(api, inputs, parentId, kind.createBody(inputs))),
                    );
                    // A row an import made is held here (a single create holds its own at once).
                    hold(made.id, inputs, "created");
                    return made;
                } catch (err) {
                    if (err instanceof CreateOutcomePendingError) {
                        throw pendingError(inputs, err, {
                            startedAt,
                            ...(parentId === undefined ? {} : { targetId: parentId }),
                            reason: err.message,
                        });
                    }
                    if (!(err instanceof ConflictError)) throw err;
                    if (adopting) {
                        // The shared list may predate the variable: look again in a fresh one.
                        await freshListOf(kind, parent, api);
                        const adopted = await adoptExisting(api, inputs, parentId);
                        if (adopted !== undefined) return adopted;
                    }
                    throw await conflictExplained(api, inputs, parentId, err);
                }
            });
            // The record of an earlier run's lost create is resolved: the marker's delete sends nothing.
            if (earlier !== undefined) noteResolved(pendingSlot(kind, inputs));
            const outs = outputsFor(kind, row, current(row, inputs));
            // What Qovery's cascade took from the variable this one replaces is put back on it.
            const lost = await restoreAfterCreate(kind, inputs, row, createDependent);
            // The variable exists: an error carrying its id keeps it in the state (Pulumi's partial failure).
            if (lost !== undefined)
                throw Object.assign(lost, {
                    id: row.id,
                    // `__provider`: the dynamic provider loads the next hooks of this resource from its outputs.
                    properties: rawSafe(kind, { ...outs, __provider: inputs.__provider }),
                    reasons: [lost.message],
                });
            return { id: row.id, outs };
        },

        async update(id, olds, news) {
            if (isPendingId(id)) return pendingOps.update(id, { ...olds, ...news });
            handling(olds, news);
            const parent = parentOf(news);
            const row = await attempt("update", { ...olds, ...news }, id, async () => {
                const api = client();
                try {
                    return await writing(parent, () => kind.channel.edit(api, parent, id, kind.editBody(olds, news)));
                } catch (err) {
                    const again = err instanceof NotFoundError && kind.target !== undefined;
                    const row = again
                        ? foundAgain(await freshListOf(kind, parent, api), id, olds, "updating")
                        : undefined;
                    if (row !== undefined) {
                        return await writing(parent, () =>
                            kind.channel.edit(api, parent, row.id, kind.editBody(olds, news)),
                        );
                    }
                    // A new key that is taken: say by what (a key swap in this run is the usual cause).
                    if (!(err instanceof ConflictError)) throw err;
                    throw await conflictExplained(api, { ...news, adopt: undefined, updating: true }, undefined, err);
                }
            });
            return { outs: outputsFor(kind, row, current(row, news), olds) };
        },

        /**
         * There is no GET of one variable: list the job and find ours by id. What the API does
         * not return (a secret's value and mount path) is kept from state; what it returns
         * shows in both outputs and inputs, so that the next preview compares the program
         * with what Qovery holds.
         */
        async read(id, props) {
            if (isPendingId(id)) return pendingOps.read(id, props);
            handling(props);
            const parent = parentOf(props);
            const api = configuredClient("refresh", id, props);
            const outcome = await look(() => listOf(kind, parent, api));
            try {
                // Only positive evidence drops it: a list without it (deleted, or deleted with its
                // target by Qovery's cascade), or a 404 for the job proven to be Qovery's. 401/403
                // and anything unproven are errors: the resource stays in the state.
                await judgeAbsence(absenceQuestion(api, id, props), outcome);
            } catch (err) {
                throw readOrDeleteError("refresh", id, props, err);
            }
            const rows = "listed" in outcome ? (outcome.listed as VariableRow[]) : [];
            // Gone by the evidence judged above, unless found again under a new id (an id a refresh may change).
            const found = rows.find((r) => r.id === id) ?? foundAgain(rows, id, props, "refresh records");
            if (found === undefined) return { id: undefined, props: {} };
            const inputs = current(found, props);
            return { id: found.id, props: outputsFor(kind, found, inputs, props), inputs };
        },

        async delete(id, props) {
            if (isPendingId(id)) return pendingOps.delete(id, props);
            handling(props);
            const parent = parentOf(props);
            const held = claimOf(kind.api, id);
            if (held?.how === "adopted" && isOthers(held, props.resourceUrn as string | undefined)) {
                // Renamed without `aliases`, and the new resource adopted it in this run: the
                // variable is managed, by the other resource. Deleting it would undo the adoption.
                console.error(
                    `pulumi-qovery-secrets: the ${what} ${kind.label(props) ?? ""} (id ${id}) was adopted in this run by ${held.urn}; ${props.resourceUrn ?? "the old resource"} leaves the state without deleting it`,
                );
                return;
            }
            const api = configuredClient("delete", id, props);
            // What Qovery's cascade will take with it: refused, or kept to be put back (cascade.ts).
            const cascaded = await deleteStep(id, props, () => prepareDelete(kind, api, id, props, createDependent));
            /**
             * Once it is gone: put back what the cascade took from a variable being replaced, then,
             * for a removal, the redeploy a JobDeployment left to it (../deploy/afterRemoval.ts).
             */
            const gone = async () => {
                await deleteStep(id, props, async () => cascaded?.());
                await redeployAfterRemoval({
                    api: kind.api,
                    id,
                    urn: props.resourceUrn,
                    what: `${what} "${kind.label(props) ?? ""}"`,
                });
            };
            const deleted = await writing(parent, () => kind.channel.remove(api, parent, id)).then(
                () => true,
                (err) => {
                    if (!(err instanceof NotFoundError)) throw readOrDeleteError("delete", id, props, err);
                    return false;
                },
            );
            if (deleted) return await gone();
            // A 404 is "already gone" (deleted, or with its target by Qovery's cascade) only on the
            // same evidence as a refresh: a proxy's or a wrong path's 404 must not let Pulumi forget
            // an object that still exists.
            const outcome = await look(async () => (await listNow(kind, parent, api)).rows);
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
                        `${api.baseUrl} answered 404 to the DELETE, yet the ${parent.scope.noun}'s list still holds the ${what}; it is kept in the state. Run the command again`,
                    ),
                );
            }
            const rows = "listed" in outcome ? (outcome.listed as VariableRow[]) : [];
            const again = foundAgain(rows, id, props, "deleting");
            if (again !== undefined) {
                await deleteStep(id, props, () => writing(parent, () => kind.channel.remove(api, parent, again.id)));
            }
            await gone();
        },
    };
}
