import assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import { forgetCascades } from "../../provider/engine/cascade";
import { forgetClaims } from "../../provider/engine/claims";
import * as secretHooks from "../../provider/hooks";
import * as variableHooks from "../../provider/hooks/jobEnvironmentVariable";
import * as variableAliasHooks from "../../provider/hooks/jobEnvironmentVariableAlias";
import * as secretAliasHooks from "../../provider/hooks/jobSecretAlias";
import type { StoredSecret } from "../../emulator";
import { type Harness, TOKEN, rejection, startHarness } from "./harness";

type Props = Record<string, unknown>;
interface KindHooks {
    check(olds: unknown, news: Props): Promise<pulumi.dynamic.CheckResult>;
    diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
    create(inputs: Props): Promise<pulumi.dynamic.CreateResult>;
    read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
    update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
    delete(id: string, props: Props): Promise<void>;
}
const hooksOf = (m: unknown) => m as KindHooks;

/**
 * Qovery's cascade against the emulator over real HTTP: a variable replaced delete-first gets
 * back, in the same run, the aliases Qovery deleted with it (the program's and others'); the
 * program's aliases are then found again by key and target; a removal that would take a
 * declared alias with it is refused before anything is deleted.
 */
describe("cascades: what Qovery deletes with a replaced variable is put back (real HTTP)", function () {
    let h: Harness;
    let n = 0;
    const uniq = (p: string) => `${p}_${++n}`;
    const urn = (type: string, name: string) =>
        `urn:pulumi:test::cascade::pulumi-nodejs:dynamic/qovery:${type}::${name}`;

    /** One family: the own kind, its alias kind, the API path and the admin's stored rows. */
    const families = [
        {
            name: "JobSecret",
            own: hooksOf(secretHooks),
            alias: hooksOf(secretAliasHooks),
            path: "secret",
            aliasType: "JobSecretAlias",
            aliasOutput: "aliasedSecret",
            stored: () => h.admin.storedSecrets(h.jobId),
            // A secret's mountPath is not in its edit request: a change replaces it, deleting first.
            replacing: (ins: Props) => ({ ...ins, mountPath: "/etc/tls/new.key" }),
        },
        {
            name: "JobEnvironmentVariable",
            own: hooksOf(variableHooks),
            alias: hooksOf(variableAliasHooks),
            path: "environmentVariable",
            aliasType: "JobEnvironmentVariableAlias",
            aliasOutput: "aliasedVariable",
            stored: () => h.admin.storedVariables(h.jobId),
            // Replaced only by `pulumi up --replace` or the `replaceOnChanges`/`deleteBeforeReplace` options.
            replacing: (ins: Props) => ({ ...ins }),
        },
    ];

    /** An alias made outside the program, through the public API (as the console would). */
    const outsideAlias = async (path: string, parentId: string, key: string, description: string) => {
        const res = await fetch(`${h.emulator.url}/job/${h.jobId}/${path}/${parentId}/alias`, {
            method: "POST",
            headers: { Authorization: `Token ${TOKEN}`, "Content-Type": "application/json" },
            body: JSON.stringify({ key, description }),
        });
        assert.equal(res.status, 201);
        return ((await res.json()) as { id: string }).id;
    };
    const byKey = (rows: StoredSecret[], key: string) => rows.filter((r) => r.key === key);

    before(async () => {
        h = await startHarness();
    });
    after(async () => {
        await h.emulator.stop();
    });
    afterEach(async () => {
        // Each test is a run of its own provider process.
        forgetClaims();
        forgetCascades();
        await h.admin.clearFaults();
    });

    for (const f of families) {
        describe(f.name, () => {
            /** A variable with a file mount, an alias of it in the program (by key) and one made outside. */
            const setUp = async () => {
                const key = uniq("TLS_KEY");
                const ins = {
                    jobId: h.jobId,
                    key,
                    value: "v1",
                    mountPath: "/etc/tls/old.key",
                    resourceUrn: urn(f.name, key),
                };
                const own = await f.own.create(ins);
                const aliasIns = {
                    jobId: h.jobId,
                    aliasedKey: key,
                    key: uniq("TLS_ALIAS"),
                    description: "the program's",
                    resourceUrn: urn(f.aliasType, "tls-alias"),
                };
                const alias = await f.alias.create(aliasIns);
                const outsideKey = uniq("OUTSIDE");
                const outsideId = await outsideAlias(f.path, own.id, outsideKey, "made in the console");
                // The run under test is the next one: a new provider process.
                forgetClaims();
                forgetCascades();
                return { key, ins, own, aliasIns, alias, outsideKey, outsideId };
            };

            it("replaced delete-first: both aliases exist again on the new one, in the same run", async () => {
                const s = await setUp();
                const news = f.replacing(s.ins);
                // The run: every declared resource is diffed first; the variable is then replaced.
                await f.alias.diff(s.alias.id, s.alias.outs, s.aliasIns);
                const d = await f.own.diff(s.own.id, s.own.outs, news);
                if (f.name === "JobSecret") {
                    assert.deepEqual(d.replaces, ["mountPath"]);
                    assert.equal(d.deleteBeforeReplace, true);
                }
                await h.admin.clearRequests();
                await f.own.delete(s.own.id, s.own.outs);
                assert.equal(byKey(await f.stored(), s.aliasIns.key).length, 0, "the emulator cascaded");
                const created = await f.own.create(news);

                const rows = await f.stored();
                for (const [key, description] of [
                    [s.aliasIns.key, "the program's"],
                    [s.outsideKey, "made in the console"],
                ] as const) {
                    const found = byKey(rows, key);
                    assert.equal(found.length, 1, `${key} exists again`);
                    assert.equal(found[0].alias_of, created.id, `${key} points at the new ${f.name}`);
                    assert.equal(found[0].description, description);
                }
                const log = (await h.admin.requests()).map((e) => `${e.method} ${e.path.replace(h.jobId, "J")}`);
                assert.deepEqual(log, [
                    `GET /job/J/${f.path}`,
                    `DELETE /job/J/${f.path}/${s.own.id}`,
                    `POST /job/J/${f.path}`,
                    `POST /job/J/${f.path}/${created.id}/alias`,
                    `POST /job/J/${f.path}/${created.id}/alias`,
                ]);
            });

            it("then the program's alias is found again by key and target: refresh, update and delete act on it", async () => {
                const s = await setUp();
                const news = f.replacing(s.ins);
                await f.own.diff(s.own.id, s.own.outs, news);
                await f.own.delete(s.own.id, s.own.outs);
                const created = await f.own.create(news);
                const restored = byKey(await f.stored(), s.aliasIns.key)[0]!;
                assert.notEqual(restored.id, s.alias.id);

                const read = await f.alias.read(s.alias.id, { ...s.alias.outs, ...s.aliasIns });
                assert.equal(read.id, restored.id, "refresh records the new id");
                assert.equal(read.inputs?.aliasedKey, s.key);
                assert.equal((read.props[f.aliasOutput] as Props).id, created.id);
                // The state's own id is still the old one when an update comes first (no refresh).
                const olds = { ...s.alias.outs, ...s.aliasIns };
                const updated = await f.alias.update(s.alias.id, olds, { ...s.aliasIns, description: "edited" });
                assert.equal((updated.outs as Props).description, "edited");
                assert.equal(byKey(await f.stored(), s.aliasIns.key)[0]?.description, "edited");
                await f.alias.delete(s.alias.id, olds);
                assert.equal(byKey(await f.stored(), s.aliasIns.key).length, 0, "the restored alias is deleted");
                assert.equal(byKey(await f.stored(), s.outsideKey).length, 1, "the other alias stays");
            });

            it("removed from the program while an alias it declares still points at it: refused, nothing deleted", async () => {
                const s = await setUp();
                await f.alias.diff(s.alias.id, s.alias.outs, s.aliasIns); // declared in this run
                await h.admin.clearRequests();
                const err = await rejection(() => f.own.delete(s.own.id, s.own.outs)); // no diff: a removal
                assert.match(err.message, new RegExp(`still declares the job .*alias "${s.aliasIns.key}"`));
                assert.match(err.message, /Nothing was deleted\. Remove it from the program too/);
                assert.ok(err.message.includes(s.aliasIns.resourceUrn));
                assert.deepEqual(await h.admin.requests(), [], "no request at all");
                assert.equal((await f.stored()).filter((r) => r.id === s.own.id).length, 1);
            });

            it("removed while an alias created in this run (checked, never diffed) names it: refused, nothing deleted", async () => {
                const s = await setUp();
                await f.alias.check({}, s.aliasIns); // declared in this run; a new alias has no diff
                await h.admin.clearRequests();
                const err = await rejection(() => f.own.delete(s.own.id, s.own.outs));
                assert.match(err.message, new RegExp(`still declares the job .*alias "${s.aliasIns.key}"`));
                assert.deepEqual(await h.admin.requests(), [], "no request at all");
            });

            it("removed with no alias declared: deleted, the cascade takes the outside alias, nothing is put back", async () => {
                const s = await setUp();
                await h.admin.clearRequests();
                await f.own.delete(s.own.id, s.own.outs);
                const log = (await h.admin.requests()).map((e) => e.method);
                assert.deepEqual(log, ["DELETE"], "a removal lists nothing");
                assert.equal(byKey(await f.stored(), s.outsideKey).length, 0);
                // A later create of another key restores nothing.
                await f.own.create({ ...s.ins, key: uniq("OTHER"), resourceUrn: urn(f.name, "other") });
                assert.equal(byKey(await f.stored(), s.outsideKey).length, 0);
            });
        });
    }

    it("a restore that fails: the replacement stays in the state (an error with its id), naming each alias lost and the steps", async () => {
        const f = families[0];
        const key = uniq("TLS_KEY");
        const ins = { jobId: h.jobId, key, value: "v1", mountPath: "/a", resourceUrn: urn("JobSecret", key) };
        const own = await f.own.create(ins);
        const aliasKey = uniq("TLS_ALIAS");
        await outsideAlias("secret", own.id, aliasKey, "by hand");
        const news = { ...ins, mountPath: "/b" };
        await f.own.diff(own.id, own.outs, news);
        await f.own.delete(own.id, own.outs);
        await h.admin.fault({
            method: "POST",
            path: "/job/{jobId}/secret/{secretId}/alias",
            status: 400,
            body: { message: "refused for the test" },
        });
        const err = (await rejection(() => f.own.create(news))) as Error & { id?: string; properties?: Props };
        const created = (await f.stored()).find((r) => r.key === key)!;
        assert.equal(err.id, created.id, "the error carries the new secret's id: Pulumi keeps it in the state");
        assert.equal(err.properties?.key, key);
        // Packed raw into the state (no secret marking): no value there.
        assert.ok(!("value" in (err.properties ?? {})), "the error's outputs carry no value");
        assert.match(err.message, new RegExp(`alias "${aliasKey}" \\(id [0-9a-f-]+, description "by hand"\\)`));
        assert.match(err.message, /refused for the test/);
        assert.match(err.message, /run `pulumi up --refresh`/);
        assert.match(
            err.message,
            /create again in the Qovery console, on "TLS_KEY_\d+", those that the program does not declare/,
        );
        assert.ok(!err.message.includes("v1"));
    });

    it("an alias deleted by the cascade and re-created by hand with the same key and target: refresh finds it", async () => {
        const f = families[0];
        const key = uniq("DB_URL");
        const own = await f.own.create({ jobId: h.jobId, key, value: "x", resourceUrn: urn("JobSecret", key) });
        const aliasIns = {
            jobId: h.jobId,
            aliasedKey: key,
            key: uniq("ALIAS"),
            resourceUrn: urn("JobSecretAlias", "a"),
        };
        const alias = await f.alias.create(aliasIns);
        // Outside the program: the secret deleted (its alias with it) and both made again.
        await h.admin.deleteStoredSecret(h.jobId, own.id);
        const again = await h.admin.seedSecret(h.jobId, { key, value: "x" });
        const aliasId = await outsideAlias("secret", again.id, aliasIns.key, "");
        const read = await f.alias.read(alias.id, { ...alias.outs, ...aliasIns });
        assert.equal(read.id, aliasId);
        // Another alias of another target with the same key is not the same object.
        const other = await h.admin.seedSecret(h.jobId, { key: uniq("OTHER_TARGET"), value: "y" });
        const lone = await f.alias.create({ jobId: h.jobId, aliasedKey: other.key, key: uniq("LONE") });
        await h.admin.deleteStoredSecret(h.jobId, other.id);
        assert.equal((await f.alias.read(lone.id, lone.outs as Props)).id, undefined);
    });
});
