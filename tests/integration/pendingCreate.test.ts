import assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import { forgetClaims } from "../../provider/engine/claims";
import { PENDING_OUTPUT, forgetResolving, isPendingId } from "../../provider/engine/pending";
import { forgetRateLimits } from "../../provider/engine/runtime";
import * as secretHooks from "../../provider/hooks";
import * as overrideHooks from "../../provider/hooks/jobSecretOverride";
import { type Harness, rejection, startHarness } from "./harness";

type Props = Record<string, unknown>;
interface KindHooks {
    create(inputs: Props): Promise<pulumi.dynamic.CreateResult>;
    diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
    read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
    update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
    delete(id: string, props: Props): Promise<void>;
}
const secret = secretHooks as unknown as KindHooks;
const override = overrideHooks as unknown as KindHooks;
const PROVIDER = "exports.handler = __f0; /* the serialized provider */";
const urn = (name: string) => `urn:pulumi:dev::pending::pulumi-nodejs:dynamic/qovery:JobSecret::${name}`;

/** What the dynamic provider reads off a create error (its grpcResponseFromError). */
interface InitFailure extends Error {
    id?: string;
    properties?: Props;
    reasons?: string[];
}

/**
 * A create whose outcome cannot be known stays in the state as pending; the next run resolves
 * it (hooks against the emulator, real HTTP; each "run" forgets what a provider process holds).
 */
describe("a lost create whose check is impossible stays pending; the next run resolves it", function () {
    let h: Harness;
    const log = async () => (await h.admin.requests()).map((r) => `${r.method} ${r.path} ${r.status}`);
    const newRun = async () => {
        forgetClaims();
        forgetResolving();
        forgetRateLimits();
        await h.admin.clearFaults();
        await h.admin.clearRequests();
    };
    /** The POST's answer lost (performed or not), then a 429 on the recovery's list with a reset an hour away. */
    const loseCreate = async (drop: "after" | "before", api = "secret") => {
        await h.admin.fault({ method: "POST", path: `/job/{jobId}/${api}`, drop, times: 1 });
        await h.admin.fault({
            method: "GET",
            path: `/job/{jobId}/${api}`,
            status: 429,
            headers: { "X-RateLimit-Reset": String(Math.floor(Date.now() / 1000) + 3600) },
            body: { message: "Too Many Requests" },
            times: 1,
        });
    };
    const inputs = (key: string, value: string): Props => ({
        jobId: h.jobId,
        key,
        value,
        resourceUrn: urn(key.toLowerCase()),
        __provider: PROVIDER,
    });

    before(async () => {
        h = await startHarness();
    });
    after(async () => h?.emulator.stop());
    beforeEach(async () => {
        await h.admin.reset();
        await newRun();
    });

    it("the POST wrote: create fails pending (no value in its properties); the next up takes the row over with one PUT, no POST", async () => {
        const program = inputs("LOST_KEY", "pending-value-1");
        await loseCreate("after");
        const err = (await rejection(() => secret.create(program))) as InitFailure;
        assert.ok(isPendingId(err.id), `a pending id: ${err.id}`);
        assert.match(
            err.message,
            /^Could not create Qovery job secret "LOST_KEY" in job .*outcome of the create is unknown/,
        );
        assert.match(err.message, /could not be read.*429/);
        assert.match(err.message, /kept in the state as pending.*next `pulumi up`/);
        assert.deepEqual(err.reasons, [err.message], "the engine shows the reasons");
        assert.equal(err.properties?.value, undefined, "no value in the raw properties");
        assert.ok(!JSON.stringify(err.properties).includes("pending-value-1"));
        assert.equal(err.properties?.__provider, PROVIDER, "the next hooks can be loaded from the outputs");
        assert.equal(err.properties?.key, "LOST_KEY");
        const written = (await h.admin.storedSecrets(h.jobId)).find((s) => s.key === "LOST_KEY")!;
        assert.ok(written, "the POST wrote");

        // The next `up`: diff asks for a create-first replacement; the create takes over the
        // row; the marker's delete then sends nothing.
        await newRun();
        const olds = err.properties!;
        const d = await secret.diff(err.id!, olds, { ...program, value: "pending-value-2" });
        assert.deepEqual(d, { changes: true, replaces: [PENDING_OUTPUT], deleteBeforeReplace: false });
        const created = await secret.create({ ...program, value: "pending-value-2" });
        assert.equal(created.id, written.id);
        const calls = await log();
        await h.admin.clearRequests();
        await secret.delete(err.id!, olds);
        assert.deepEqual(await log(), [], "the marker's delete sends nothing");
        assert.deepEqual(
            calls.filter((c) => !c.startsWith("GET")),
            [`PUT /job/${h.jobId}/secret/${written.id} 200`],
            "one PUT, no POST, no DELETE",
        );
        assert.ok(
            calls.every((c) => !c.includes("pending-create-")),
            "the marker never reaches Qovery",
        );
        assert.equal((await h.admin.storedSecrets(h.jobId)).find((s) => s.id === written.id)?.value, "pending-value-2");
    });

    it("the POST did not write: the next up creates it", async () => {
        const program = inputs("NEVER_WRITTEN", "pending-value-3");
        await loseCreate("before");
        const err = (await rejection(() => secret.create(program))) as InitFailure;
        assert.ok(isPendingId(err.id));
        assert.equal((await h.admin.storedSecrets(h.jobId)).length, 0);

        await newRun();
        await secret.diff(err.id!, err.properties!, program);
        const created = await secret.create(program);
        await secret.delete(err.id!, err.properties!);
        assert.deepEqual(
            (await log()).filter((c) => !c.startsWith("GET")),
            [`POST /job/${h.jobId}/secret 201`],
        );
        assert.equal((await h.admin.storedSecrets(h.jobId))[0]?.id, created.id);
    });

    it("refresh resolves it: the row becomes the resource; a list proving none lets it leave the state", async () => {
        await loseCreate("after");
        const wrote = (await rejection(() => secret.create(inputs("REFRESHED", "pending-value-4")))) as InitFailure;
        await newRun();
        await loseCreate("before");
        const none = (await rejection(() => secret.create(inputs("NOT_MADE", "pending-value-5")))) as InitFailure;
        await newRun();
        const row = (await h.admin.storedSecrets(h.jobId)).find((s) => s.key === "REFRESHED")!;
        const r = await secret.read(wrote.id!, wrote.properties!);
        assert.equal(r.id, row.id);
        assert.equal((r.props as Props)[PENDING_OUTPUT], undefined);
        assert.equal((r.inputs as Props).key, "REFRESHED");
        assert.equal((await secret.read(none.id!, none.properties!)).id, undefined);
        assert.deepEqual(
            (await log()).filter((c) => !c.startsWith("GET")),
            [],
            "refresh only lists",
        );
    });

    it("refresh and update while the list still cannot tell: fail, keeping the state; the marker is never sent", async () => {
        await loseCreate("after");
        const err = (await rejection(() => secret.create(inputs("STILL", "pending-value-6")))) as InitFailure;
        await newRun();
        await h.admin.fault({
            method: "GET",
            path: "/job/{jobId}/secret",
            status: 429,
            times: 1,
            headers: { "X-RateLimit-Reset": String(Math.floor(Date.now() / 1000) + 3600) },
        });
        const r = await rejection(() => secret.read(err.id!, err.properties!));
        assert.match(r.message, /^Could not refresh .*"STILL"/);
        const u = await rejection(() => secret.update(err.id!, err.properties!, inputs("STILL", "pending-value-7")));
        assert.match(u.message, /pending create.*`pulumi refresh`/);
        assert.ok((await log()).every((c) => !c.includes("pending-create-")));
    });

    it("removed from the program: the row the create made is deleted (by its own id), nothing else", async () => {
        const other = await secret.create(inputs("UNRELATED", "pending-value-8"));
        await loseCreate("after");
        const err = (await rejection(() => secret.create(inputs("REMOVED", "pending-value-9")))) as InitFailure;
        await newRun();
        const row = (await h.admin.storedSecrets(h.jobId)).find((s) => s.key === "REMOVED")!;
        await secret.delete(err.id!, err.properties!);
        assert.deepEqual(
            (await log()).filter((c) => !c.startsWith("GET")),
            [`DELETE /job/${h.jobId}/secret/${row.id} 204`],
        );
        assert.deepEqual(
            (await h.admin.storedSecrets(h.jobId)).map((s) => s.id),
            [other.id],
        );
    });

    it("the key changed while pending: the next up creates the new key, and the marker's delete removes the row the lost create made", async () => {
        const program = inputs("OLD_NAME", "pending-value-20");
        await loseCreate("after");
        const err = (await rejection(() => secret.create(program))) as InitFailure;
        const orphan = (await h.admin.storedSecrets(h.jobId)).find((s) => s.key === "OLD_NAME")!;
        assert.ok(orphan, "the lost POST wrote");

        await newRun();
        const renamed = { ...program, key: "NEW_NAME" };
        await secret.diff(err.id!, err.properties!, renamed);
        const created = await secret.create(renamed);
        await secret.delete(err.id!, err.properties!);
        const stored = await h.admin.storedSecrets(h.jobId);
        assert.deepEqual(
            stored.map((s) => [s.key, s.id]),
            [["NEW_NAME", created.id]],
            "no row of the old key is left, managed by nothing",
        );
    });

    it("a marker left in the state after its replacement was created (a cut run): its delete never touches the replacement's row", async () => {
        const program = inputs("KEPT", "pending-value-21");
        await loseCreate("after");
        const err = (await rejection(() => secret.create(program))) as InitFailure;
        await newRun();
        await secret.diff(err.id!, err.properties!, program);
        const created = await secret.create(program); // resolves: takes the row over
        // The run is cut here. The next run: the replacement is in the state (its diff holds its
        // id), and Pulumi deletes the leftover marker.
        await newRun();
        await secret.diff(created.id, created.outs, program);
        await secret.delete(err.id!, err.properties!);
        assert.deepEqual(
            (await log()).filter((c) => !c.startsWith("GET")),
            [],
            "no DELETE of the row the replacement holds",
        );
        assert.equal((await h.admin.storedSecrets(h.jobId)).find((s) => s.key === "KEPT")?.id, created.id);
    });

    it("an override named by id: the pending record keeps its target, and the next up adopts the override of that target", async () => {
        const project = await h.admin.seedSecret(h.jobId, { key: "STRIPE", value: "p", scope: "PROJECT" });
        await h.admin.clearRequests();
        const program = {
            jobId: h.jobId,
            overriddenSecretId: project.id,
            value: "pending-value-10",
            __provider: PROVIDER,
        };
        await h.admin.fault({
            method: "POST",
            path: "/job/{jobId}/secret/{secretId}/override",
            drop: "after",
            times: 1,
        });
        await h.admin.fault({
            method: "GET",
            path: "/job/{jobId}/secret",
            status: 429,
            times: 1,
            headers: { "X-RateLimit-Reset": String(Math.floor(Date.now() / 1000) + 3600) },
        });
        // Named by id: the only list is the recovery's, which meets the 429.
        const err = (await rejection(() => override.create(program))) as InitFailure;
        assert.ok(isPendingId(err.id), err.message);
        assert.equal((err.properties?.[PENDING_OUTPUT] as Props).targetId, project.id);
        await newRun();
        await override.diff(err.id!, err.properties!, program);
        const got = await override.create(program);
        await override.delete(err.id!, err.properties!);
        const made = (await h.admin.storedSecrets(h.jobId)).find((s) => s.override_of === project.id)!;
        assert.equal(got.id, made.id);
        assert.equal((await log()).filter((c) => c.startsWith("POST")).length, 0);
    });
});
