import assert from "node:assert/strict";
import {
    CascadeRefusedError,
    type CreateDependent,
    dependentsOf,
    forgetCascades,
    noteDeclared,
    prepareDelete,
    restoreAfterCreate,
    sameObjectIn,
    unrestorable,
} from "../../provider/engine/cascade";
import { claim, forgetClaims } from "../../provider/engine/claims";
import { noteDeclaredUrn } from "../../provider/engine/declared";
import type { Kind, Props } from "../../provider/engine/kind";
import { KINDS } from "../../provider/engine/kinds";
import type { QoveryClient } from "../../provider/qovery/client";
import type { VariableRow } from "../../provider/qovery/wire";

const JOB = "00000000-0000-4000-8000-000000000001";
const OLD = "11111111-1111-4111-8111-111111111111";
const NEW = "22222222-2222-4222-8222-222222222222";
const SECRET_URN = "urn:pulumi:s::p::pulumi-nodejs:dynamic/qovery:JobSecret::tls";
const ALIAS_URN = "urn:pulumi:s::p::pulumi-nodejs:dynamic/qovery:JobSecretAlias::tls-alias";

const row = (fields: Partial<VariableRow> & Record<string, unknown>): VariableRow =>
    ({ created_at: "2026-01-01T00:00:00Z", scope: "JOB", variable_type: "VALUE", ...fields }) as VariableRow;
const aliasRow = (id: string, key: string, parent: { id: string; key: string }, description?: string) =>
    row({ id, key, variable_type: "ALIAS", description, aliased_secret: { ...parent, scope: "JOB" } });

/** A client whose only call is the job's list; counts the calls. */
function listing(rows: VariableRow[]) {
    const calls: string[] = [];
    const api = {
        async listJobVariablesWithDate(which: string, jobId: string) {
            calls.push(`${which} ${jobId}`);
            return { rows, serverDate: undefined };
        },
    } as unknown as QoveryClient;
    return { api, calls };
}

/** Records what would be created, answering new ids. */
function creations(fail?: (inputs: Props) => Error | undefined) {
    const made: { kind: Kind; inputs: Props }[] = [];
    const create: CreateDependent = async (kind, inputs) => {
        const err = fail?.(inputs);
        if (err) throw err;
        made.push({ kind, inputs });
        return { id: `restored-${made.length}` };
    };
    return { made, create };
}

const secretProps = { jobId: JOB, key: "TLS_KEY", mountPath: "/a", resourceUrn: SECRET_URN };

describe("cascade bookkeeping (provider/engine/cascade.ts)", () => {
    const quiet = console.error;
    beforeEach(() => {
        console.error = () => {};
    });
    afterEach(() => {
        console.error = quiet;
        forgetClaims();
        forgetCascades();
    });

    it("dependentsOf: the job-scoped aliases and overrides of that id, with what re-creating them needs", () => {
        const rows = [
            row({ id: OLD, key: "TLS_KEY" }),
            aliasRow("a1", "TLS_ALIAS", { id: OLD, key: "TLS_KEY" }, "d"),
            aliasRow("a2", "OTHER", { id: "elsewhere", key: "X" }),
            row({
                id: "o1",
                key: "TLS_KEY",
                variable_type: "OVERRIDE",
                overridden_secret: { id: OLD, key: "TLS_KEY" },
            }),
            row({
                id: "p1",
                key: "P",
                scope: "PROJECT",
                variable_type: "ALIAS",
                aliased_secret: { id: OLD, key: "K" },
            }),
        ];
        claim("secret", "a1", { urn: ALIAS_URN, how: "state" });
        const found = dependentsOf("secret", rows, OLD);
        assert.deepEqual(found, [
            { relation: "alias", id: "a1", key: "TLS_ALIAS", description: "d", heldBy: ALIAS_URN },
            { relation: "override", id: "o1", key: "TLS_KEY" },
        ]);
        assert.match(unrestorable("secret", found[1])!, /never returns/);
        assert.equal(unrestorable("secret", found[0]), undefined);
        assert.equal(unrestorable("environmentVariable", { ...found[1], value: "plain" }), undefined);
    });

    it("a delete-first replacement: the dependents listed before the delete are created again on the same key's create", async () => {
        const { api, calls } = listing([
            row({ id: OLD, key: "TLS_KEY" }),
            aliasRow("a1", "TLS_ALIAS", { id: OLD, key: "TLS_KEY" }, "d"),
        ]);
        claim("secret", OLD, { urn: SECRET_URN, how: "state" }); // diffed in this run: a replacement
        const { made, create } = creations();
        const after = await prepareDelete(KINDS.JobSecret, api, OLD, secretProps, create);
        assert.deepEqual(calls, [`secret ${JOB}`]);
        assert.ok(after);
        await after();
        assert.equal(made.length, 0, "nothing before the replacement exists");
        // Another key, or another job: not the replacement.
        await restoreAfterCreate(KINDS.JobSecret, { jobId: JOB, key: "OTHER" }, row({ id: "x", key: "OTHER" }), create);
        await restoreAfterCreate(
            KINDS.JobSecret,
            { jobId: "job-2", key: "TLS_KEY" },
            row({ id: "y", key: "TLS_KEY" }),
            create,
        );
        assert.equal(made.length, 0);
        const lost = await restoreAfterCreate(KINDS.JobSecret, secretProps, row({ id: NEW, key: "TLS_KEY" }), create);
        assert.equal(lost, undefined);
        assert.deepEqual(made, [
            {
                kind: KINDS.JobSecretAlias,
                inputs: { jobId: JOB, aliasedSecretId: NEW, key: "TLS_ALIAS", description: "d" },
            },
        ]);
        // Consumed: a second create of the key restores nothing.
        await restoreAfterCreate(KINDS.JobSecret, secretProps, row({ id: "z", key: "TLS_KEY" }), create);
        assert.equal(made.length, 1);
    });

    it("an environment variable override is created again with its value; a secret override refuses the delete", async () => {
        const v = row({
            id: "o1",
            key: "K",
            variable_type: "OVERRIDE",
            value: "job-value",
            overridden_variable: { id: OLD, key: "K" },
        });
        claim("environmentVariable", OLD, { urn: "u", how: "state" });
        const { made, create } = creations();
        const props = { jobId: JOB, key: "K", resourceUrn: "u" };
        await (await prepareDelete(KINDS.JobEnvironmentVariable, listing([v]).api, OLD, props, create))!();
        await restoreAfterCreate(KINDS.JobEnvironmentVariable, props, row({ id: NEW, key: "K" }), create);
        assert.deepEqual(made[0].inputs, { jobId: JOB, overriddenVariableId: NEW, value: "job-value" });

        claim("secret", OLD, { urn: SECRET_URN, how: "state" });
        const s = row({
            id: "o2",
            key: "TLS_KEY",
            variable_type: "OVERRIDE",
            overridden_secret: { id: OLD, key: "TLS_KEY" },
        });
        await assert.rejects(
            prepareDelete(KINDS.JobSecret, listing([s]).api, OLD, secretProps, create),
            (err: Error) =>
                err instanceof CascadeRefusedError &&
                /cannot be created again/.test(err.message) &&
                /Nothing was deleted/.test(err.message),
        );
    });

    it("a removal (not diffed in this run): refused without a request when the program still declares an alias of it", async () => {
        const { api, calls } = listing([]);
        const { create } = creations();
        // Nothing declared: deleted as asked, nothing listed, nothing parked.
        assert.equal(await prepareDelete(KINDS.JobSecret, api, OLD, secretProps, create), undefined);
        // An alias that is being replaced (pointed elsewhere) is no longer a dependent.
        noteDeclared(KINDS.JobSecretAlias, { aliasedSecret: { id: OLD } }, { resourceUrn: ALIAS_URN }, ["aliasedKey"]);
        assert.equal(await prepareDelete(KINDS.JobSecret, api, OLD, secretProps, create), undefined);
        noteDeclared(
            KINDS.JobSecretAlias,
            { aliasedSecret: { id: OLD, key: "TLS_KEY" } },
            { key: "TLS_ALIAS", aliasedKey: "TLS_KEY", resourceUrn: ALIAS_URN },
            [],
        );
        await assert.rejects(prepareDelete(KINDS.JobSecret, api, OLD, secretProps, create), (err: Error) => {
            assert.ok(err instanceof CascadeRefusedError);
            assert.match(
                err.message,
                /removes the secret "TLS_KEY" .* still declares the job secret alias "TLS_ALIAS"/,
            );
            assert.ok(err.message.includes(ALIAS_URN));
            return true;
        });
        assert.deepEqual(calls, [], "no request");
    });

    it("a replacement that skips the provider's diff (`--replace`): known from `check`, so not refused as a removal", async () => {
        const { api, calls } = listing([aliasRow("a1", "TLS_ALIAS", { id: OLD, key: "TLS_KEY" })]);
        noteDeclared(
            KINDS.JobSecretAlias,
            { aliasedSecret: { id: OLD } },
            { key: "TLS_ALIAS", resourceUrn: ALIAS_URN },
            [],
        );
        noteDeclaredUrn(secretProps.resourceUrn); // its check ran: the program still declares it
        const { create } = creations();
        assert.ok(await prepareDelete(KINDS.JobSecret, api, OLD, secretProps, create));
        assert.equal(calls.length, 1, "listed: its dependents are kept to be put back");
    });

    it("a create-first replacement (key changed too): restored on the replacement right after the delete", async () => {
        const { api } = listing([aliasRow("a1", "TLS_ALIAS", { id: OLD, key: "TLS_KEY" })]);
        const { made, create } = creations();
        await restoreAfterCreate(
            KINDS.JobSecret,
            { ...secretProps, key: "TLS_KEY_2" },
            row({ id: NEW, key: "TLS_KEY_2" }),
            create,
        );
        claim("secret", OLD, { urn: SECRET_URN, how: "state" });
        await (await prepareDelete(KINDS.JobSecret, api, OLD, secretProps, create))!();
        assert.deepEqual(made[0].inputs, { jobId: JOB, aliasedSecretId: NEW, key: "TLS_ALIAS" });
    });

    it("a restore that fails names each dependent lost and the steps", async () => {
        const { api } = listing([
            aliasRow("a1", "TLS_ALIAS", { id: OLD, key: "TLS_KEY" }),
            aliasRow("a2", "KEPT", { id: OLD, key: "TLS_KEY" }),
        ]);
        claim("secret", OLD, { urn: SECRET_URN, how: "state" });
        const { made, create } = creations((i) => (i.key === "TLS_ALIAS" ? new Error("rate limit spent") : undefined));
        await (await prepareDelete(KINDS.JobSecret, api, OLD, secretProps, create))!();
        const lost = await restoreAfterCreate(KINDS.JobSecret, secretProps, row({ id: NEW, key: "TLS_KEY" }), create);
        assert.equal(made.length, 1, "the others are still restored");
        assert.ok(lost);
        assert.match(lost.message, /1 of 2 could not be created again/);
        assert.match(lost.message, /secret alias "TLS_ALIAS" \(id a1\): rate limit spent/);
        assert.match(lost.message, /pulumi up --refresh/);
    });

    it("sameObjectIn: the one row of the kind with the same key and target, not held by another resource", () => {
        const props = {
            jobId: JOB,
            key: "TLS_ALIAS",
            aliasedKey: "TLS_KEY",
            aliasedSecret: { id: OLD, key: "TLS_KEY", scope: "JOB" },
            resourceUrn: ALIAS_URN,
        };
        const again = aliasRow("a2", "TLS_ALIAS", { id: NEW, key: "TLS_KEY" });
        const kind = KINDS.JobSecretAlias;
        assert.equal(sameObjectIn(kind, [again], "a1", props)?.id, "a2");
        // The target named by id in the program: its key is the state's output.
        assert.equal(sameObjectIn(kind, [again], "a1", { ...props, aliasedKey: undefined })?.id, "a2");
        assert.equal(
            sameObjectIn(kind, [aliasRow("a2", "TLS_ALIAS", { id: NEW, key: "OTHER" })], "a1", props),
            undefined,
        );
        assert.equal(sameObjectIn(kind, [aliasRow("a2", "ELSE", { id: NEW, key: "TLS_KEY" })], "a1", props), undefined);
        assert.equal(
            sameObjectIn(
                kind,
                [{ ...again, aliased_secret: { id: NEW, key: "TLS_KEY", scope: "PROJECT" } }],
                "a1",
                props,
            ),
            undefined,
            "another scope is another target",
        );
        assert.equal(sameObjectIn(kind, [row({ ...again, variable_type: "VALUE" })], "a1", props), undefined);
        assert.equal(
            sameObjectIn(KINDS.JobSecret, [again], "a1", props),
            undefined,
            "an own variable is never re-found",
        );
        claim("secret", "a2", { urn: "urn:another", how: "state" });
        assert.equal(sameObjectIn(kind, [again], "a1", props), undefined, "held by another resource of the run");
    });
});
