import assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import * as secretHooks from "../../provider/hooks";
import * as variableHooks from "../../provider/hooks/jobEnvironmentVariable";
import * as variableAliasHooks from "../../provider/hooks/jobEnvironmentVariableAlias";
import * as variableOverrideHooks from "../../provider/hooks/jobEnvironmentVariableOverride";
import * as secretAliasHooks from "../../provider/hooks/jobSecretAlias";
import * as secretOverrideHooks from "../../provider/hooks/jobSecretOverride";
import { forgetClaims } from "../../provider/engine/claims";
import { type Harness, TOKEN, rejection, startHarness } from "./harness";

type Props = Record<string, unknown>;
interface KindHooks {
    create(inputs: Props): Promise<pulumi.dynamic.CreateResult>;
    diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
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
const urn = (name: string, type = "JobSecret") =>
    `urn:pulumi:dev::adopt::pulumi-nodejs:dynamic/qovery:${type}::${name}`;

/** `adopt: true` per kind against the emulator over real HTTP: what it takes over, with which requests, and what it refuses. */
describe("adopt: taking over what exists (hooks against the emulator, real HTTP)", function () {
    let h: Harness;
    let jobId: string;
    const pub = async (method: string, path: string, body?: object) => {
        const res = await fetch(`${h.emulator.url}${path}`, {
            method,
            headers: { Authorization: `Token ${TOKEN}`, "Content-Type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
        return JSON.parse(text) as { id: string };
    };
    const writes = async () => (await h.admin.requests()).filter((r) => r.method !== "GET");

    before(async () => {
        h = await startHarness();
        jobId = h.jobId;
    });
    after(async () => h?.emulator.stop());
    beforeEach(async () => {
        await h.admin.reset();
        forgetClaims();
    });

    it("a secret: one PUT with the program's value, the id kept, no POST", async () => {
        const existing = await pub("POST", `/job/${jobId}/secret`, { key: "DB_PASSWORD", value: "old-value-1" });
        await h.admin.clearRequests();
        const r = await H.secret.create({
            jobId,
            key: "DB_PASSWORD",
            value: "new-value-2",
            adopt: true,
            resourceUrn: urn("db"),
        });
        assert.equal(r.id, existing.id);
        assert.deepEqual(
            (await writes()).map((w) => `${w.method} ${w.path}`),
            [`PUT /job/${jobId}/secret/${existing.id}`],
        );
        assert.equal((await h.admin.storedSecrets(jobId)).find((s) => s.id === existing.id)?.value, "new-value-2");
    });

    it("a secret file, a variable, both aliases and both overrides: each adopted, ids kept", async () => {
        const file = await pub("POST", `/job/${jobId}/secret`, {
            key: "TLS_KEY",
            value: "k",
            mount_path: "/etc/tls.key",
        });
        const variable = await pub("POST", `/job/${jobId}/environmentVariable`, { key: "LOG_LEVEL", value: "info" });
        const builtIn = await h.admin.seedSecret(jobId, { key: "QOVERY_DB_URL", value: "u", scope: "BUILT_IN" });
        const secretAlias = await pub("POST", `/job/${jobId}/secret/${builtIn.id}/alias`, { key: "DATABASE_URL" });
        const project = await h.admin.seedSecret(jobId, { key: "STRIPE_KEY", value: "p", scope: "PROJECT" });
        const secretOverride = await pub("POST", `/job/${jobId}/secret/${project.id}/override`, { value: "o" });
        const host = await h.admin.seedVariable(jobId, { key: "API_HOST", value: "h", scope: "PROJECT" });
        const variableAlias = await pub("POST", `/job/${jobId}/environmentVariable/${host.id}/alias`, { key: "HOST" });
        const region = await h.admin.seedVariable(jobId, { key: "REGION", value: "eu", scope: "ENVIRONMENT" });
        const variableOverride = await pub("POST", `/job/${jobId}/environmentVariable/${region.id}/override`, {
            value: "us",
        });
        await h.admin.clearRequests();

        const got = [
            await H.secret.create({ jobId, key: "TLS_KEY", value: "k2", mountPath: "/etc/tls.key", adopt: true }),
            await H.variable.create({ jobId, key: "LOG_LEVEL", value: "debug", description: "d", adopt: true }),
            await H.secretAlias.create({ jobId, aliasedKey: "QOVERY_DB_URL", key: "DATABASE_URL", adopt: true }),
            await H.secretOverride.create({ jobId, overriddenKey: "STRIPE_KEY", value: "o2", adopt: true }),
            await H.variableAlias.create({ jobId, aliasedVariableId: host.id, key: "HOST", adopt: true }),
            await H.variableOverride.create({ jobId, overriddenVariableId: region.id, value: "ap", adopt: true }),
        ];
        assert.deepEqual(
            got.map((g) => g.id),
            [file.id, variable.id, secretAlias.id, secretOverride.id, variableAlias.id, variableOverride.id],
        );
        const w = await writes();
        assert.deepEqual(
            w.map((x) => x.method),
            ["PUT", "PUT", "PUT", "PUT", "PUT", "PUT"],
            "one PUT each, no POST, no DELETE",
        );
        const vars = await h.admin.storedVariables(jobId);
        assert.equal(vars.find((v) => v.id === variable.id)?.value, "debug");
        assert.equal(vars.find((v) => v.id === variableOverride.id)?.value, "ap");
        assert.equal((await h.admin.storedSecrets(jobId)).find((s) => s.id === secretOverride.id)?.value, "o2");
        assert.equal((got[1].outs as Props).description, "d");
    });

    it("nothing with the key: created as usual", async () => {
        await h.admin.clearRequests();
        const r = await H.secret.create({ jobId, key: "NEW_ONE", value: "v-new-1", adopt: true });
        assert.deepEqual(
            (await writes()).map((w) => w.method),
            ["POST"],
        );
        assert.ok(r.id);
    });

    it("refuses another scope, another kind, another target, file-ness, and another resource's; writes nothing", async () => {
        await h.admin.seedSecret(jobId, { key: "INHERITED", value: "x", scope: "PROJECT" });
        await pub("POST", `/job/${jobId}/environmentVariable`, { key: "PLAIN", value: "p" });
        const target = await pub("POST", `/job/${jobId}/secret`, { key: "TARGET", value: "t" });
        await pub("POST", `/job/${jobId}/secret`, { key: "OTHER_TARGET", value: "t" });
        await pub("POST", `/job/${jobId}/secret/${target.id}/alias`, { key: "AN_ALIAS" });
        await pub("POST", `/job/${jobId}/secret`, { key: "NOT_A_FILE", value: "f" });
        const taken = await pub("POST", `/job/${jobId}/secret`, { key: "TAKEN", value: "t" });
        await H.secret.diff(
            taken.id,
            { jobId, key: "TAKEN", value: "t", resourceUrn: urn("holder") },
            { jobId, key: "TAKEN", value: "t", resourceUrn: urn("holder") },
        );
        await h.admin.clearRequests();

        const cases: [string, () => Promise<unknown>, RegExp][] = [
            [
                "another scope",
                () => H.secret.create({ jobId, key: "INHERITED", value: "v", adopt: true }),
                /a PROJECT secret "INHERITED".*inherited.*JobSecretOverride with `overriddenKey: "INHERITED"`/,
            ],
            [
                "a plain variable where a secret is declared",
                () => H.secret.create({ jobId, key: "PLAIN", value: "v", adopt: true }),
                /the job's own environment variable "PLAIN".*adopt only takes over a secret, never a plain variable.*two steps/,
            ],
            [
                "an alias where a value is declared",
                () => H.secret.create({ jobId, key: "AN_ALIAS", value: "v", adopt: true }),
                /secret alias of "TARGET".*not a JobSecret.*Declare it as a JobSecretAlias with `adopt: true`/,
            ],
            [
                "an alias of another target",
                () => H.secretAlias.create({ jobId, aliasedKey: "OTHER_TARGET", key: "AN_ALIAS", adopt: true }),
                /points at "TARGET".*set "aliasedKey" to "TARGET"/,
            ],
            [
                "a mount path on a plain secret",
                () => H.secret.create({ jobId, key: "NOT_A_FILE", value: "v", mountPath: "/x", adopt: true }),
                /is not a file and the program sets `mountPath`/,
            ],
            [
                "another resource's",
                () => H.secret.create({ jobId, key: "TAKEN", value: "v", adopt: true, resourceUrn: urn("second") }),
                /already managed by another resource of this program \(urn:.*::holder\)/,
            ],
        ];
        for (const [name, fn, expected] of cases) {
            const err = await rejection(fn);
            assert.match(err.message, expected, name);
            assert.match(err.message, /^Could not create Qovery job secret( alias)? "/, name);
        }
        assert.deepEqual(
            (await writes()).filter((w) => w.status < 400),
            [],
            "nothing was written",
        );
    });

    it("without adopt, a 409 names adopt: true and the aliases option; a key held by a resource moving away names the two steps", async () => {
        await pub("POST", `/job/${jobId}/secret`, { key: "EXISTS", value: "e" });
        let err = await rejection(() => H.secret.create({ jobId, key: "EXISTS", value: "v" }));
        assert.match(
            err.message,
            /409.*the key "EXISTS" is taken: the job has the job's own secret "EXISTS".*set `adopt: true`.*`aliases` resource option/,
        );

        const moving = await pub("POST", `/job/${jobId}/secret`, { key: "SWAP_A", value: "a" });
        await H.secret.diff(
            moving.id,
            { jobId, key: "SWAP_A", value: "a", resourceUrn: urn("a") },
            { jobId, key: "SWAP_B", value: "a", resourceUrn: urn("a") },
        );
        err = await rejection(() => H.secret.create({ jobId, key: "SWAP_A", value: "v", resourceUrn: urn("b") }));
        assert.match(err.message, /moves to "SWAP_B" in this run.*two steps.*dependsOn/);
    });

    it("a key swap in one run: the update's 409 names the other resource and the two steps", async () => {
        const a = await pub("POST", `/job/${jobId}/secret`, { key: "K1", value: "a" });
        const b = await pub("POST", `/job/${jobId}/secret`, { key: "K2", value: "b" });
        const A = { jobId, value: "a", resourceUrn: urn("a") };
        const B = { jobId, value: "b", resourceUrn: urn("b") };
        await H.secret.diff(a.id, { ...A, key: "K1" }, { ...A, key: "K2" });
        await H.secret.diff(b.id, { ...B, key: "K2" }, { ...B, key: "K1" });
        const err = await rejection(() =>
            (secretHooks as unknown as { update: (id: string, o: Props, n: Props) => Promise<unknown> }).update(
                a.id,
                { ...A, key: "K1" },
                { ...A, key: "K2" },
            ),
        );
        assert.match(
            err.message,
            /^Could not update Qovery job secret "K2".*409.*held by another resource of this program \(urn:.*::b\) that moves to "K1" in this run.*two steps/,
        );
    });

    it("changing adopt is no change; a resource renamed without aliases and adopted by its new name is not deleted", async () => {
        const d = await H.secret.diff(
            "x",
            { jobId, key: "K", value: "v" },
            { jobId, key: "K", value: "v", adopt: true },
        );
        assert.equal(d.changes, false);
        const existing = await pub("POST", `/job/${jobId}/secret`, { key: "RENAMED", value: "r" });
        await H.secret.create({ jobId, key: "RENAMED", value: "r2", adopt: true, resourceUrn: urn("new-name") });
        await h.admin.clearRequests();
        await H.secret.delete(existing.id, { jobId, key: "RENAMED", value: "r", resourceUrn: urn("old-name") });
        assert.deepEqual(await writes(), [], "no DELETE");
        assert.ok((await h.admin.storedSecrets(jobId)).some((s) => s.id === existing.id));
    });
});
