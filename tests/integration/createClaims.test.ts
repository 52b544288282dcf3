import assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import { claimOf, forgetClaims } from "../../provider/engine/claims";
import * as secretHooks from "../../provider/hooks";
import { type Harness, rejection, startHarness } from "./harness";

type Props = Record<string, unknown>;
const secret = secretHooks as unknown as { create(inputs: Props): Promise<pulumi.dynamic.CreateResult> };
const urn = (name: string) => `urn:pulumi:dev::claims::pulumi-nodejs:dynamic/qovery:JobSecret::${name}`;

/** Every path by which create finds an id goes through the run's claims registry (claims.ts). */
describe("create and the lost-create recovery claim what they return (hooks against the emulator)", function () {
    let h: Harness;

    before(async () => {
        h = await startHarness();
    });
    after(async () => h?.emulator.stop());
    beforeEach(async () => {
        await h.admin.reset();
        forgetClaims();
    });

    it("a created id is claimed by its resource", async () => {
        const r = await secret.create({ jobId: h.jobId, key: "K1", value: "claim-v1", resourceUrn: urn("a") });
        assert.deepEqual(
            { urn: claimOf("secret", r.id)?.urn, how: claimOf("secret", r.id)?.how },
            { urn: urn("a"), how: "created" },
        );
    });

    it("a lost create's recovery never returns an id another resource of the run created", async () => {
        const a = await secret.create({ jobId: h.jobId, key: "SHARED", value: "claim-v2", resourceUrn: urn("a") });
        // B's POST is answered 500 without being performed; its recovery lists the job and sees A's
        // row, created a moment ago (within the clock slack): it must not take it for its own.
        await h.admin.fault({ method: "POST", path: `/job/${h.jobId}/secret`, status: 500, times: 1 });
        const err = await rejection(() =>
            secret.create({ jobId: h.jobId, key: "SHARED", value: "claim-v3", resourceUrn: urn("b") }),
        );
        assert.match(err.message, new RegExp(`\\(id ${a.id}\\) is held by two resources of this program`));
        assert.match(err.message, /::a \(created it in this run\) and urn:.*::b/);
        assert.equal(claimOf("secret", a.id)?.urn, urn("a"), "A keeps its claim");
    });
});
