import assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import { forgetClaims } from "../../provider/engine/claims";
import * as secretHooks from "../../provider/hooks";
import * as variableHooks from "../../provider/hooks/jobEnvironmentVariable";
import { type Harness, rejection, startHarness } from "./harness";

type Props = Record<string, unknown>;
interface KindHooks {
    create(inputs: Props): Promise<pulumi.dynamic.CreateResult>;
}
const secret = secretHooks as unknown as KindHooks;
const variable = variableHooks as unknown as KindHooks;

/** Rows this library does not manage, seeded in the emulator: adopt and the lost-create recovery leave them alone. */
describe("external secrets and rows of other owners (hooks against the emulator, real HTTP)", function () {
    let h: Harness;
    const writes = async () => (await h.admin.requests()).filter((r) => r.method !== "GET");

    before(async () => {
        h = await startHarness();
    });
    after(async () => h?.emulator.stop());
    beforeEach(async () => {
        await h.admin.reset();
        forgetClaims();
    });

    it("the emulator lists a seeded EXTERNAL_SECRET and a Doppler-owned row as seeded", async () => {
        await h.admin.seedSecret(h.jobId, { key: "EXT", value: "ref", variable_type: "EXTERNAL_SECRET" });
        await h.admin.seedVariable(h.jobId, { key: "DOP", value: "v", owned_by: "Doppler" });
        const list = async (api: string) => {
            const res = await fetch(`${h.emulator.url}/job/${h.jobId}/${api}`, {
                headers: { Authorization: `Token it-token-${"k".repeat(20)}` },
            });
            return ((await res.json()) as { results: Props[] }).results;
        };
        const [ext] = await list("secret");
        const [dop] = await list("environmentVariable");
        assert.equal(ext?.variable_type, "EXTERNAL_SECRET");
        assert.equal(ext?.owned_by, "QOVERY");
        assert.equal(dop?.owned_by, "Doppler");
        await assert.rejects(
            h.admin.seedSecret(h.jobId, { key: "BAD", variable_type: "NOT_A_TYPE" }),
            /variable_type must be one of/,
        );
    });

    it("adopt: true fails at create on an EXTERNAL_SECRET or another owner's row, naming type and owner; nothing written", async () => {
        await h.admin.seedSecret(h.jobId, { key: "DB_PASSWORD", value: "vault:db", variable_type: "EXTERNAL_SECRET" });
        await h.admin.seedVariable(h.jobId, { key: "API_URL", value: "u", owned_by: "Doppler" });
        await h.admin.clearRequests();

        const ext = await rejection(() =>
            secret.create({ jobId: h.jobId, key: "DB_PASSWORD", value: "literal-1", adopt: true }),
        );
        assert.match(ext.message, /^Could not create Qovery job secret "DB_PASSWORD"/);
        assert.match(ext.message, /EXTERNAL_SECRET.*owned by QOVERY.*another key/);
        const dop = await rejection(() =>
            variable.create({ jobId: h.jobId, key: "API_URL", value: "literal-2", adopt: true }),
        );
        assert.match(dop.message, /owned by Doppler.*not by Qovery/);
        assert.deepEqual(await writes(), [], "no PUT, no POST, no DELETE");
        const stored = await h.admin.storedSecrets(h.jobId);
        assert.equal(stored[0]?.value, "vault:db", "the reference is untouched");
    });

    it("without adopt, the 409 names the external row; a lost create's recovery does not take it for its own", async () => {
        await h.admin.seedSecret(h.jobId, { key: "TOKEN_X", value: "vault:x", variable_type: "EXTERNAL_SECRET" });
        // The POST is answered 500 without being performed: the recovery lists the job, sees the
        // external row with the key, and must not adopt it (it was not made by this create).
        await h.admin.fault({ method: "POST", path: `/job/${h.jobId}/secret`, status: 500, times: 1 });
        const err = await rejection(() => secret.create({ jobId: h.jobId, key: "TOKEN_X", value: "literal-3" }));
        assert.match(err.message, /409/);
        assert.match(err.message, /secret-manager reference \(EXTERNAL_SECRET\) "TOKEN_X"/);
        assert.equal((await h.admin.storedSecrets(h.jobId)).length, 1);
        assert.equal((await writes()).filter((w) => w.method !== "POST").length, 0, "only POSTs were tried");
    });
});
