import assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import * as secretHooks from "../../provider/hooks";
import * as variableHooks from "../../provider/hooks/jobEnvironmentVariable";
import * as variableAliasHooks from "../../provider/hooks/jobEnvironmentVariableAlias";
import * as variableOverrideHooks from "../../provider/hooks/jobEnvironmentVariableOverride";
import * as secretAliasHooks from "../../provider/hooks/jobSecretAlias";
import * as secretOverrideHooks from "../../provider/hooks/jobSecretOverride";
import {
    AuthenticationError,
    BadRequestError,
    ConflictError,
    SecretOperationError,
    TargetResolutionError,
} from "../../provider/qovery/errors";
import { type Harness, TOKEN, rejection, startHarness } from "./harness";

type Props = Record<string, unknown>;
interface KindHooks {
    create(inputs: Props): Promise<pulumi.dynamic.CreateResult>;
    read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
    update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
    delete(id: string, props: Props): Promise<void>;
}
const hooksOf = (m: unknown) => m as KindHooks;
const H = {
    secret: hooksOf(secretHooks),
    secretAlias: hooksOf(secretAliasHooks),
    secretOverride: hooksOf(secretOverrideHooks),
    variable: hooksOf(variableHooks),
    variableAlias: hooksOf(variableAliasHooks),
    variableOverride: hooksOf(variableOverrideHooks),
};

/**
 * The hooks of the five new classes against the emulator over real HTTP: what each sends,
 * what it keeps, its change table applied, drift, cascades, and the messages it gives.
 */
describe("the variable family's hooks against the emulator (real HTTP)", function () {
    let h: Harness;
    let n = 0;
    const messages: string[] = [];
    const values: string[] = [];
    const newValue = () => {
        const v = `fam-value-${++n}-${Math.random().toString(36).slice(2)}`;
        values.push(v);
        return v;
    };
    const uniq = (p: string) => `${p}_${++n}`;
    const failure = async (fn: () => Promise<unknown>) => {
        const err = await rejection(fn);
        messages.push(err.message);
        return err;
    };
    const create = async (hooks: KindHooks, inputs: Props) => {
        const r = await hooks.create(inputs);
        return { id: r.id, outs: r.outs as Props, ins: inputs };
    };
    const storedSecret = async (id: string) => (await h.admin.storedSecrets(h.jobId)).find((s) => s.id === id);
    const storedVariable = async (id: string) => (await h.admin.storedVariables(h.jobId)).find((s) => s.id === id);
    const seedSecret = (key: string, scope: string) => h.admin.seedSecret(h.jobId, { key, value: newValue(), scope });
    const seedVariable = (key: string, scope: string, value = `v-${key}`) =>
        h.admin.seedVariable(h.jobId, { key, value, scope });

    before(async () => {
        h = await startHarness();
    });
    after(async () => {
        await h.emulator.stop();
    });
    afterEach(async () => {
        await h.admin.clearFaults();
        await h.configureHooks();
    });

    describe("JobEnvironmentVariable", () => {
        it("creates a plain variable; its value comes back from the API", async () => {
            const { id, outs } = await create(H.variable, { jobId: h.jobId, key: uniq("LOG_LEVEL"), value: "info" });
            assert.equal((await storedVariable(id))?.value, "info");
            assert.equal(outs.value, "info");
            assert.equal(outs.scope, "JOB");
            assert.equal(outs.variableType, "VALUE");
        });

        it("value, description and mountPath change in place: one PUT carrying mount_path, same id", async () => {
            const ins = { jobId: h.jobId, key: uniq("CONF"), value: "a=1", mountPath: "/etc/app/a.conf" };
            const { id, outs } = await create(H.variable, ins);
            await h.admin.clearRequests();
            const news = { ...ins, value: "a=2", description: "d", mountPath: "/etc/app/b.conf" };
            const r = await H.variable.update(id, outs, news);
            const log = await h.admin.requests();
            assert.deepEqual(
                log.map((e) => e.method),
                ["PUT"],
            );
            assert.equal((log[0].body as Props).mount_path, "/etc/app/b.conf");
            const s = await storedVariable(id);
            assert.equal(s?.value, "a=2");
            assert.equal(s?.mount_path, "/etc/app/b.conf");
            assert.equal((r.outs as Props).mountPath, "/etc/app/b.conf");
            assert.equal((r.outs as Props).variableType, "FILE");
        });

        it("refresh shows value and mount path drift, in props and inputs", async () => {
            const ins = { jobId: h.jobId, key: uniq("DRIFT"), value: "info", mountPath: "/etc/x" };
            const { id, outs } = await create(H.variable, ins);
            const res = await fetch(`${h.emulator.url}/job/${h.jobId}/environmentVariable/${id}`, {
                method: "PUT",
                headers: { Authorization: `Token ${TOKEN}`, "Content-Type": "application/json" },
                body: JSON.stringify({ key: ins.key, value: "debug", mount_path: "/etc/y" }),
            });
            assert.equal(res.status, 200);
            const r = await H.variable.read(id, outs);
            assert.equal(r.inputs?.value, "debug");
            assert.equal(r.inputs?.mountPath, "/etc/y");
            assert.equal(r.props.value, "debug");
        });

        it("a key a secret of the job already has: 409, naming the variable", async () => {
            const key = uniq("TAKEN");
            await create(H.secret, { jobId: h.jobId, key, value: newValue() });
            const err = await failure(() => H.variable.create({ jobId: h.jobId, key, value: "x" }));
            assert.ok(err.cause instanceof ConflictError);
            assert.match(err.message, new RegExp(`Could not create Qovery job environment variable "${key}"`));
        });

        it("delete, then delete again (404): done", async () => {
            const { id, outs } = await create(H.variable, { jobId: h.jobId, key: uniq("GONE"), value: "x" });
            await H.variable.delete(id, outs);
            assert.equal(await storedVariable(id), undefined);
            await H.variable.delete(id, outs);
            assert.equal((await H.variable.read(id, outs)).id, undefined);
        });
    });

    for (const api of ["secret", "variable"] as const) {
        const alias = api === "secret" ? H.secretAlias : H.variableAlias;
        const override = api === "secret" ? H.secretOverride : H.variableOverride;
        const seed = api === "secret" ? seedSecret : seedVariable;
        const stored = api === "secret" ? storedSecret : storedVariable;
        const byId = api === "secret" ? "aliasedSecretId" : "aliasedVariableId";
        const overriddenById = api === "secret" ? "overriddenSecretId" : "overriddenVariableId";
        const aliasOutput = api === "secret" ? "aliasedSecret" : "aliasedVariable";
        const overrideOutput = api === "secret" ? "overriddenSecret" : "overriddenVariable";
        const noun = api === "secret" ? "job secret" : "job environment variable";

        describe(`${api} aliases`, () => {
            it("an alias of a built-in, by key: POST .../{id}/alias; the target as an object", async () => {
                const builtIn = await seed(uniq("QOVERY_POSTGRESQL_Z1234_DATABASE_URL"), "BUILT_IN");
                await h.admin.clearRequests();
                const { id, outs } = await create(alias, {
                    jobId: h.jobId,
                    aliasedKey: builtIn.key,
                    key: uniq("DATABASE_URL"),
                    description: "db",
                });
                const log = await h.admin.requests();
                assert.ok(log.some((e) => e.method === "POST" && e.path.endsWith(`/${builtIn.id}/alias`)));
                assert.equal(outs.variableType, "ALIAS");
                assert.equal(outs.description, "db");
                const target = outs[aliasOutput] as Props;
                assert.equal(target.id, builtIn.id);
                assert.equal(target.key, builtIn.key);
                assert.equal(target.scope, "BUILT_IN");
                if (api === "variable") assert.equal(target.value, builtIn.value);
                assert.ok(await stored(id));
            });

            it("by id; key and description change in place (PUT, no value)", async () => {
                const parent = await seed(uniq("PROJECT_THING"), "PROJECT");
                const ins = { jobId: h.jobId, [byId]: parent.id, key: uniq("ALIAS") };
                const { id, outs } = await create(alias, ins);
                await h.admin.clearRequests();
                const news = { ...ins, key: uniq("RENAMED"), description: "now described" };
                const r = await alias.update(id, outs, news);
                const log = await h.admin.requests();
                assert.deepEqual(
                    log.map((e) => e.method),
                    ["PUT"],
                );
                assert.ok(!("value" in (log[0].body as Props)), "an alias's edit carries no value");
                assert.equal((await stored(id))?.key, news.key);
                assert.equal((r.outs as Props).key, news.key);
                assert.equal(((r.outs as Props)[aliasOutput] as Props).id, parent.id);
            });

            it("a missing key fails at create, listing what the job sees", async () => {
                const err = await failure(() =>
                    alias.create({ jobId: h.jobId, aliasedKey: "NO_SUCH_KEY", key: uniq("A") }),
                );
                assert.ok(err instanceof SecretOperationError);
                assert.ok(err.cause instanceof TargetResolutionError);
                assert.match(err.message, new RegExp(`Could not create Qovery ${noun} alias`));
                assert.match(err.message, /sees none of its .* with the key "NO_SUCH_KEY"/);
            });

            it("a key the job sees only as an alias fails at create: an alias cannot be aliased", async () => {
                const parent = await seed(uniq("ORIGINAL"), "PROJECT");
                const first = await create(alias, { jobId: h.jobId, aliasedKey: parent.key, key: uniq("FIRST") });
                const err = await failure(() =>
                    alias.create({ jobId: h.jobId, aliasedKey: first.ins.key, key: uniq("SECOND") }),
                );
                assert.ok(err.cause instanceof TargetResolutionError);
                assert.match(err.message, new RegExp(`only as JOB \\(ALIAS, id ${first.id}\\)`));
            });

            it("its target deleted (Qovery cascades): refresh finds it gone, delete treats it as done", async () => {
                const parent = await seed(uniq("DOOMED"), "PROJECT");
                const { id, outs } = await create(alias, { jobId: h.jobId, aliasedKey: parent.key, key: uniq("A") });
                if (api === "secret") await h.admin.deleteStoredSecret(h.jobId, parent.id);
                else await h.admin.deleteStoredVariable(h.jobId, parent.id);
                assert.equal(await stored(id), undefined, "the emulator cascaded");
                assert.equal((await alias.read(id, outs)).id, undefined);
                await alias.delete(id, outs);
            });

            it("a connection dropped after the server wrote: the alias is found and adopted, once", async () => {
                const parent = await seed(uniq("LOST"), "PROJECT");
                await h.admin.fault({ method: "POST", path: "*", drop: "after" });
                const key = uniq("A");
                const r = await alias.create({ jobId: h.jobId, aliasedKey: parent.key, key });
                const rows =
                    api === "secret" ? await h.admin.storedSecrets(h.jobId) : await h.admin.storedVariables(h.jobId);
                const same = rows.filter((s) => s.key === key);
                assert.equal(same.length, 1);
                assert.equal(same[0].id, r.id);
            });
        });

        describe(`${api} overrides`, () => {
            it("an override of a project one, by key: the job's value under the target's key", async () => {
                const parent = await seed(uniq("STRIPE_KEY"), "PROJECT");
                const value = newValue();
                const { id, outs } = await create(override, { jobId: h.jobId, overriddenKey: parent.key, value });
                const s = await stored(id);
                assert.equal(s?.value, value);
                assert.equal(s?.key, parent.key);
                assert.equal(outs.key, parent.key);
                assert.equal(outs.variableType, "OVERRIDE");
                assert.equal((outs[overrideOutput] as Props).id, parent.id);
            });

            it("value and description change in place: one PUT with the same key", async () => {
                const parent = await seed(uniq("OVR"), "ENVIRONMENT");
                const ins = { jobId: h.jobId, [overriddenById]: parent.id, value: newValue() };
                const { id, outs } = await create(override, ins);
                await h.admin.clearRequests();
                const news = { ...ins, value: newValue(), description: "d" };
                await override.update(id, outs, news);
                const log = await h.admin.requests();
                assert.deepEqual(
                    log.map((e) => e.method),
                    ["PUT"],
                );
                assert.equal((log[0].body as Props).key, parent.key);
                assert.equal((await stored(id))?.value, news.value);
            });

            it("refresh: a secret override's value is kept from state; a variable override's drift shows", async () => {
                const parent = await seed(uniq("OVR_DRIFT"), "PROJECT");
                const value = newValue();
                const { id, outs } = await create(override, { jobId: h.jobId, overriddenKey: parent.key, value });
                const path = api === "secret" ? "secret" : "environmentVariable";
                const res = await fetch(`${h.emulator.url}/job/${h.jobId}/${path}/${id}`, {
                    method: "PUT",
                    headers: { Authorization: `Token ${TOKEN}`, "Content-Type": "application/json" },
                    body: JSON.stringify({ key: parent.key, value: "changed-by-hand", description: "by hand" }),
                });
                assert.equal(res.status, 200);
                const r = await override.read(id, outs);
                assert.equal(r.inputs?.description, "by hand");
                assert.equal(r.inputs?.value, api === "secret" ? value : "changed-by-hand");
            });

            it("a built-in cannot be overridden: Qovery's 400, naming the override", async () => {
                const builtIn = await seed(uniq("QOVERY_BUILT"), "BUILT_IN");
                const err = await failure(() =>
                    override.create({ jobId: h.jobId, overriddenKey: builtIn.key, value: newValue() }),
                );
                assert.ok(err.cause instanceof BadRequestError);
                assert.match(err.message, new RegExp(`Could not create Qovery ${noun} override "${builtIn.key}"`));
            });

            it("401: an error that keeps it in state and hides the value and the token", async () => {
                const parent = await seed(uniq("OVR_AUTH"), "PROJECT");
                const { id, outs } = await create(override, {
                    jobId: h.jobId,
                    overriddenKey: parent.key,
                    value: newValue(),
                });
                await h.configureHooks({ "qovery:apiToken": "wrong-token-abcdefgh" });
                const err = await failure(() => override.read(id, outs));
                assert.ok(err.cause instanceof AuthenticationError);
                assert.ok(!err.message.includes("wrong-token-abcdefgh"));
            });
        });
    }

    describe("refresh cost", () => {
        it("one list per job per API, shared by every class", async () => {
            const p1 = await seedSecret(uniq("P_SECRET"), "PROJECT");
            const p2 = await seedVariable(uniq("P_VAR"), "PROJECT");
            const made = [
                [H.secret, await create(H.secret, { jobId: h.jobId, key: uniq("S"), value: newValue() })],
                [H.secretAlias, await create(H.secretAlias, { jobId: h.jobId, aliasedKey: p1.key, key: uniq("SA") })],
                [
                    H.secretOverride,
                    await create(H.secretOverride, { jobId: h.jobId, overriddenKey: p1.key, value: newValue() }),
                ],
                [H.variable, await create(H.variable, { jobId: h.jobId, key: uniq("V"), value: "x" })],
                [
                    H.variableAlias,
                    await create(H.variableAlias, { jobId: h.jobId, aliasedKey: p2.key, key: uniq("VA") }),
                ],
                [
                    H.variableOverride,
                    await create(H.variableOverride, { jobId: h.jobId, overriddenKey: p2.key, value: "y" }),
                ],
            ] as const;
            await h.admin.clearRequests();
            const reads = await Promise.all(made.map(([hooks, r]) => hooks.read(r.id, r.outs)));
            assert.ok(reads.every((r, i) => r.id === made[i][1].id));
            const log = await h.admin.requests();
            assert.deepEqual(log.map((e) => `${e.method} ${e.path.split("/").pop()}`).sort(), [
                "GET environmentVariable",
                "GET secret",
            ]);
        });
    });

    describe("leaks", () =>
        it("no error message carried a value or the token", () => {
            assert.ok(messages.length >= 8, `saw ${messages.length} errors`);
            for (const m of messages) {
                assert.ok(!m.includes(TOKEN), m);
                for (const v of values) assert.ok(!m.includes(v), m);
            }
        }));
});
