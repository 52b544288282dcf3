/**
 * Coalesced creates (engine/bulk.ts) with a fake client: which creates join a batch, what one
 * import and one list give each of them, and what happens to the rest.
 */
import assert from "node:assert/strict";
import { createCoalesced, forgetBatches, importable, noteCheck } from "../../provider/engine/bulk";
import { occupying, takeRunHints } from "../../provider/engine/pace";
import { KINDS } from "../../provider/engine/kinds";
import type { Props } from "../../provider/engine/kind";
import { configureFrom } from "../../provider/engine/runtime";
import { SCOPES } from "../../provider/engine/scopes";
import type { QoveryClient } from "../../provider/qovery/client";
import { CreateOutcomePendingError, NetworkError, ServerError } from "../../provider/qovery/errors";
import type { VariableImportRequest, VariableRow } from "../../provider/qovery/wire";

const APP = "22222222-2222-4222-8222-222222222222";
const app = { scope: SCOPES.application, id: APP };
const env = { scope: SCOPES.environment, id: APP };
const SERVER_NOW = Date.parse("2026-12-05T10:00:00Z");

interface Fake {
    api: QoveryClient;
    imports: VariableImportRequest[];
    lists: number;
    rows: VariableRow[];
}

/** A service whose import makes rows for the entries `accept` lets through (all by default). */
function service(options: { accept?: (name: string) => boolean; importError?: Error; listError?: Error } = {}): Fake {
    const fake: Fake = { imports: [], lists: 0, rows: [], api: undefined as unknown as QoveryClient };
    let n = 0;
    fake.api = {
        baseUrl: "http://fake",
        async importVariables(_id: string, scope: string, body: VariableImportRequest) {
            fake.imports.push(body);
            const ok = body.vars.filter((v) => options.accept?.(v.name) ?? true);
            for (const v of ok) {
                fake.rows.push({
                    id: `row-${++n}`,
                    created_at: new Date(SERVER_NOW).toISOString(),
                    key: v.name,
                    scope,
                    variable_type: "VALUE",
                    is_secret: v.is_secret,
                } as VariableRow);
            }
            if (options.importError) throw options.importError;
            return {
                imported: {
                    total_variables_to_import: body.vars.length,
                    successful_imported_variables: ok.map((v) => ({ name: v.name, scope, is_secret: v.is_secret })),
                },
                serverDate: SERVER_NOW,
            };
        },
        async listVariablesWithDate() {
            fake.lists++;
            if (options.listError) throw options.listError;
            return { rows: [...fake.rows], serverDate: SERVER_NOW + 50 };
        },
    } as unknown as QoveryClient;
    return fake;
}

const inputs = (key: string, extra: Props = {}): Props => ({ applicationId: APP, key, value: `v-${key}`, ...extra });
/** A create done alone, recorded. */
const alone = (made: string[], key: string) => async () => {
    made.push(key);
    return { id: `single-${key}`, created_at: "", key } as VariableRow;
};

describe("coalesced creates", () => {
    beforeEach(() => {
        forgetBatches();
        configureFrom({ get: () => undefined });
        delete process.env.QOVERY_BULK_CREATE;
    });

    it("only a plain key and value at a service's own scope, over /variable, can join a batch", () => {
        assert.equal(importable(KINDS.Secret, app, inputs("A")), true);
        assert.equal(importable(KINDS.EnvironmentVariable, app, inputs("A")), true);
        assert.equal(importable(KINDS.Secret, env, inputs("A")), false, "an environment's");
        assert.equal(importable(KINDS.JobSecret, app, inputs("A")), false, "the job classes keep their endpoints");
        assert.equal(importable(KINDS.SecretAlias, app, inputs("A")), false);
        for (const extra of [
            { description: "d" },
            { mountPath: "/f" },
            { enableInterpolationInFile: true },
            { adopt: true },
        ]) {
            assert.equal(importable(KINDS.Secret, app, inputs("A", extra)), false, JSON.stringify(extra));
        }
    });

    it("`qovery:bulkCreate false` (or QOVERY_BULK_CREATE=false) turns it off", () => {
        configureFrom({ get: (k) => (k === "qovery:bulkCreate" ? "false" : undefined) });
        assert.equal(importable(KINDS.Secret, app, inputs("A")), false);
        configureFrom({ get: () => undefined });
        process.env.QOVERY_BULK_CREATE = "false";
        assert.equal(importable(KINDS.Secret, app, inputs("A")), false);
        process.env.QOVERY_BULK_CREATE = "maybe";
        assert.throws(() => importable(KINDS.Secret, app, inputs("A")), /must be true or false/);
    });

    it("creates arriving together: one import and one list; each gets its own row", async () => {
        const f = service();
        const singles: string[] = [];
        const rows = await Promise.all([
            createCoalesced(KINDS.Secret, f.api, app, inputs("A"), alone(singles, "A")),
            createCoalesced(KINDS.EnvironmentVariable, f.api, app, inputs("B"), alone(singles, "B")),
            createCoalesced(KINDS.Secret, f.api, app, inputs("C"), alone(singles, "C")),
        ]);
        assert.deepEqual(
            rows.map((r) => r.key),
            ["A", "B", "C"],
        );
        assert.deepEqual(singles, []);
        assert.equal(f.imports.length, 1);
        assert.equal(f.lists, 1);
        assert.deepEqual(f.imports[0], {
            overwrite: false,
            vars: [
                { name: "A", value: "v-A", scope: "APPLICATION", is_secret: true },
                { name: "B", value: "v-B", scope: "APPLICATION", is_secret: false },
                { name: "C", value: "v-C", scope: "APPLICATION", is_secret: true },
            ],
        });
    });

    it("one create alone is sent alone: no import", async () => {
        const f = service();
        const singles: string[] = [];
        await createCoalesced(KINDS.Secret, f.api, app, inputs("ONLY"), alone(singles, "ONLY"));
        assert.deepEqual([f.imports.length, singles], [0, ["ONLY"]]);
    });

    it("what the import did not report imported is created alone, and gets a single create's answer", async () => {
        const f = service({ accept: (name) => name !== "TAKEN" });
        const singles: string[] = [];
        const rows = await Promise.all(
            ["A", "TAKEN", "B"].map((k) => createCoalesced(KINDS.Secret, f.api, app, inputs(k), alone(singles, k))),
        );
        assert.deepEqual(singles, ["TAKEN"]);
        assert.equal(rows[1].id, "single-TAKEN");
        assert.notEqual(rows[0].id, rows[2].id);
    });

    it("two creates of one key in one batch: the second is sent alone", async () => {
        const f = service();
        const singles: string[] = [];
        await Promise.all([
            createCoalesced(KINDS.Secret, f.api, app, inputs("K"), alone(singles, "K1")),
            createCoalesced(KINDS.EnvironmentVariable, f.api, app, inputs("K"), alone(singles, "K2")),
        ]);
        assert.deepEqual([f.imports.length, singles], [0, ["K1", "K2"]]);
    });

    it("the import's answer lost: rows made after it began are taken; a key with no row is created alone", async () => {
        const f = service({
            accept: (name) => name !== "NOT_MADE",
            importError: new ServerError({ status: 502, method: "POST", path: "/variable/import" } as never),
        });
        const singles: string[] = [];
        const rows = await Promise.all(
            ["A", "NOT_MADE"].map((k) => createCoalesced(KINDS.Secret, f.api, app, inputs(k), alone(singles, k))),
        );
        assert.equal(rows[0].key, "A");
        assert.match(rows[0].id, /^row-/);
        assert.deepEqual(singles, ["NOT_MADE"]);
    });

    it("the import's answer lost and the list unreadable: each create stays pending, none is sent again", async () => {
        const f = service({
            importError: new NetworkError("POST", "/variable/import", "ECONNRESET"),
            listError: new NetworkError("GET", "/variable", "ECONNRESET"),
        });
        const singles: string[] = [];
        const results = await Promise.allSettled(
            ["A", "B"].map((k) => createCoalesced(KINDS.Secret, f.api, app, inputs(k), alone(singles, k))),
        );
        for (const r of results) {
            assert.equal(r.status, "rejected");
            assert.ok((r as PromiseRejectedResult).reason instanceof CreateOutcomePendingError);
        }
        assert.deepEqual(singles, []);
    });

    it("a row of the key older than the import is not taken: that create goes alone (and meets the conflict)", async () => {
        const f = service({
            importError: new NetworkError("POST", "/variable/import", "ECONNRESET"),
            accept: () => false,
        });
        f.rows.push({
            id: "old",
            created_at: "2020-01-01T00:00:00Z",
            key: "OLD",
            scope: "APPLICATION",
            variable_type: "VALUE",
            is_secret: true,
        } as VariableRow);
        const singles: string[] = [];
        await Promise.all(
            ["OLD", "X"].map((k) => createCoalesced(KINDS.Secret, f.api, app, inputs(k), alone(singles, k))),
        );
        assert.deepEqual(singles.sort(), ["OLD", "X"]);
    });

    it("services are batched apart", async () => {
        const f = service();
        const other = { scope: SCOPES.helm, id: "33333333-3333-4333-8333-333333333333" };
        await Promise.all([
            createCoalesced(KINDS.Secret, f.api, app, inputs("A"), alone([], "A")),
            createCoalesced(KINDS.Secret, f.api, app, inputs("B"), alone([], "B")),
            createCoalesced(KINDS.Secret, f.api, other, { helmId: other.id, key: "C", value: "c" }, alone([], "C")),
            createCoalesced(KINDS.Secret, f.api, other, { helmId: other.id, key: "D", value: "d" }, alone([], "D")),
        ]);
        assert.equal(f.imports.length, 2);
    });
});

/** Settles within the test's own time, or says it has not. */
const within = <T>(p: Promise<T>, ms: number) =>
    Promise.race([p, new Promise<"waiting">((r) => setTimeout(() => r("waiting"), ms))]);

const imported = (f: Fake) => f.imports.map((i) => i.vars.map((v) => v.name));

describe("when a batch goes: what the process knows of the engine's pace", () => {
    beforeEach(() => {
        forgetBatches();
        configureFrom({ get: () => undefined });
        // A timer that never fires within a test: only the rules below can send a batch.
        process.env.QOVERY_BULK_WINDOW_MS = "60000";
    });
    afterEach(() => {
        forgetBatches();
        delete process.env.QOVERY_BULK_WINDOW_MS;
    });

    it("check takes the run's hints out of the inputs: they are never stored", () => {
        assert.deepEqual(
            takeRunHints({ key: "A", __run: { parallel: 8, parent: `APPLICATION:${APP}`, siblings: 2 } }),
            {
                key: "A",
            },
        );
        assert.deepEqual(takeRunHints({ key: "A" }), { key: "A" });
    });

    it("as many creates waiting as the engine's parallelism, and nothing else running: the batch goes at once", async () => {
        takeRunHints({ __run: { parallel: 3 } });
        const f = service();
        const first = ["A", "B"].map((k) =>
            occupying(() => createCoalesced(KINDS.Secret, f.api, app, inputs(k), alone([], k))),
        );
        assert.equal(await within(Promise.all(first), 300), "waiting", "two of three slots: more can arrive");
        assert.equal(f.imports.length, 0);
        const third = occupying(() => createCoalesced(KINDS.Secret, f.api, app, inputs("C"), alone([], "C")));
        await within(Promise.all([...first, third]), 2_000);
        assert.deepEqual(imported(f), [["A", "B", "C"]]);
    });

    it("saturated over two services: the larger batch goes, the other keeps waiting for its service's next creates", async () => {
        takeRunHints({ __run: { parallel: 3 } });
        const f = service();
        const helm = { scope: SCOPES.helm, id: "33333333-3333-4333-8333-333333333333" };
        const appCreates = ["A", "B"].map((k) =>
            occupying(() => createCoalesced(KINDS.Secret, f.api, app, inputs(k), alone([], k))),
        );
        const helmCreate = occupying(() =>
            createCoalesced(KINDS.Secret, f.api, helm, { helmId: helm.id, key: "H1", value: "h" }, alone([], "H1")),
        );
        await within(Promise.all(appCreates), 2_000);
        assert.deepEqual(imported(f), [["A", "B"]]);
        assert.equal(await within(helmCreate, 300), "waiting");
        const more = ["H2", "H3"].map((k) =>
            occupying(() =>
                createCoalesced(KINDS.Secret, f.api, helm, { helmId: helm.id, key: k, value: "h" }, alone([], k)),
            ),
        );
        await within(Promise.all([helmCreate, ...more]), 2_000);
        assert.deepEqual(imported(f), [
            ["A", "B"],
            ["H1", "H2", "H3"],
        ]);
    });

    it("a step still running elsewhere (an update, a create alone) keeps the batch waiting for it", async () => {
        takeRunHints({ __run: { parallel: 2 } });
        const f = service();
        let finishUpdate!: () => void;
        const update = occupying(() => new Promise<void>((r) => (finishUpdate = r)));
        const waiting = occupying(() => createCoalesced(KINDS.Secret, f.api, app, inputs("A"), alone([], "A")));
        assert.equal(await within(waiting, 300), "waiting", "the update will free a slot: another create can come");
        const second = occupying(() => createCoalesced(KINDS.Secret, f.api, app, inputs("B"), alone([], "B")));
        assert.equal(await within(second, 300), "waiting");
        finishUpdate();
        await update;
        // The slot the update freed is taken by a third create: now all running steps wait.
        const third = occupying(() => createCoalesced(KINDS.Secret, f.api, app, inputs("C"), alone([], "C")));
        await within(Promise.all([waiting, second, third]), 2_000);
        assert.deepEqual(imported(f), [["A", "B", "C"]]);
    });

    /** A check as the engine makes it (engine/internalProperties.ts): the run's hints taken out, then the lifecycle's. */
    const check = (olds: object, news: Record<string, unknown>, hints: object) =>
        noteCheck(KINDS.Secret, olds, takeRunHints({ ...news, __run: hints }));

    it("every variable the program counted in a service checked, and every new one arrived: its batch goes at once", async () => {
        const f = service();
        const counted = { parent: `APPLICATION:${APP}`, siblings: 3 };
        check({}, inputs("A"), counted);
        check({}, inputs("B"), counted);
        const both = ["A", "B"].map((k) => createCoalesced(KINDS.Secret, f.api, app, inputs(k), alone([], k)));
        assert.equal(await within(Promise.all(both), 300), "waiting", "a third variable of the service is counted");
        // A variable the program did not count (an alias, a described one) is checked: still waiting.
        check({}, { ...inputs("D"), description: "d" }, {});
        assert.equal(await within(Promise.all(both), 300), "waiting", "the third counted one is not checked yet");
        // The third is an existing one (old inputs): checked, and nothing to create.
        check({ key: "OLD" }, inputs("OLD"), counted);
        await within(Promise.all(both), 2_000);
        assert.deepEqual(imported(f), [["A", "B"]]);
    });

    it("a create checked but not arrived keeps the batch of its service waiting", async () => {
        const f = service();
        for (const k of ["A", "B", "C"]) check({}, inputs(k), { parent: `APPLICATION:${APP}`, siblings: 3 });
        const two = ["A", "B"].map((k) => createCoalesced(KINDS.Secret, f.api, app, inputs(k), alone([], k)));
        assert.equal(await within(Promise.all(two), 300), "waiting");
        const c = createCoalesced(KINDS.Secret, f.api, app, inputs("C"), alone([], "C"));
        await within(Promise.all([...two, c]), 2_000);
        assert.deepEqual(imported(f), [["A", "B", "C"]]);
    });
});
