/**
 * Coalesced creates against the emulator over real HTTP: creates of one service that arrive
 * together are one POST /variable/import and one list; what the import leaves out is created
 * alone with a single create's error; a lost answer and a 429 keep the guarantees.
 */
import assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import { forgetBatches } from "../../provider/engine/bulk";
import { forgetCascades } from "../../provider/engine/cascade";
import { forgetClaims } from "../../provider/engine/claims";
import { forgetRateLimits, lists } from "../../provider/engine/runtime";
import * as environmentVariableHooks from "../../provider/hooks/environmentVariable";
import * as secretHooks from "../../provider/hooks/secret";
import { type Harness, startHarness } from "./harness";

type Props = Record<string, unknown>;
interface KindHooks {
    create(inputs: Props): Promise<pulumi.dynamic.CreateResult>;
}
const Secret = secretHooks as unknown as KindHooks;
const EnvironmentVariable = environmentVariableHooks as unknown as KindHooks;

describe("coalesced creates (real HTTP)", function () {
    let h: Harness;
    let app: string;
    let n = 0;
    const uniq = (p: string) => `${p}_${++n}`;
    const writes = async () =>
        (await h.admin.requests())
            .filter((r) => r.method !== "GET" || r.path.startsWith("/variable"))
            .map((r) => `${r.method} ${r.path.split("?")[0]}`);
    const stored = async (key: string) => (await h.admin.storedRows(app)).filter((r) => r.key === key);

    before(async () => {
        h = await startHarness();
        const project = await h.admin.createProject();
        const env = await h.admin.createEnvironment(project);
        app = await h.admin.createService("APPLICATION", env);
    });
    after(async () => {
        await h.emulator.stop();
    });
    beforeEach(async () => {
        forgetClaims();
        forgetCascades();
        forgetBatches();
        forgetRateLimits();
        lists.invalidateWhere(() => true);
        await h.admin.clearFaults();
        await h.admin.clearRequests();
    });

    it("ten creates of one service together: one import, one list; the state's ids are the server's", async () => {
        const keys = Array.from({ length: 10 }, (_, i) => uniq(`K${i}`));
        const made = await Promise.all(
            keys.map((key, i) =>
                (i % 2 ? Secret : EnvironmentVariable).create({ applicationId: app, key, value: `value ${i}\n"q"` }),
            ),
        );
        assert.deepEqual(await writes(), ["POST /variable/import", "GET /variable"]);
        for (const [i, key] of keys.entries()) {
            const rows = await stored(key);
            assert.deepEqual(
                rows.map((r) => [r.id, r.is_secret, r.value]),
                [[made[i].id, i % 2 === 1, `value ${i}\n"q"`]],
            );
            assert.equal(made[i].outs.key, key);
            assert.equal(made[i].outs.scope, "APPLICATION");
        }
        const [imported] = await h.admin.requests();
        assert.equal(imported.valid, true, "the body matches the spec's VariableImportRequest");
    });

    it("partial success: a key another row holds is created alone, and fails with a single create's 409 explained", async () => {
        const taken = uniq("TAKEN");
        await EnvironmentVariable.create({ applicationId: app, key: taken, value: "first" });
        await h.admin.clearRequests();
        const [ok, clash, builtIn] = await Promise.allSettled([
            Secret.create({ applicationId: app, key: uniq("FREE"), value: "s" }),
            Secret.create({ applicationId: app, key: taken, value: "s2" }),
            EnvironmentVariable.create({ applicationId: app, key: "QOVERY_MINE", value: "x" }),
        ]);
        assert.equal(ok.status, "fulfilled");
        assert.equal(clash.status, "rejected");
        assert.match(
            (clash as PromiseRejectedResult).reason.message,
            /the key "TAKEN_\d+" is taken: the application has/,
        );
        assert.ok(!(clash as PromiseRejectedResult).reason.message.includes("s2"), "no value in the message");
        const log = await writes();
        assert.equal(log[0], "POST /variable/import");
        assert.equal(log.filter((l) => l === "POST /variable").length, 2, "each left-out one alone");
        // QOVERY_ names are refused by imports, not by single creates: made alone, as a single create would.
        assert.equal(builtIn.status, "fulfilled");
    });

    it("the import's answer lost after it was performed: the rows are taken, nothing is made twice", async () => {
        await h.admin.fault({ method: "POST", path: "/variable/import", drop: "after" });
        const keys = [uniq("L1"), uniq("L2"), uniq("L3")];
        const made = await Promise.all(keys.map((key) => Secret.create({ applicationId: app, key, value: "v" })));
        for (const [i, key] of keys.entries()) {
            assert.deepEqual(
                (await stored(key)).map((r) => r.id),
                [made[i].id],
            );
        }
        assert.equal((await writes()).filter((l) => l.startsWith("POST")).length, 1, "no create was sent again");
    });

    it("a 429 on the import: waited and sent again once; every variable made once", async () => {
        await h.admin.fault({ method: "POST", path: "/variable/import", status: 429, headers: { "Retry-After": "0" } });
        const keys = [uniq("R1"), uniq("R2")];
        await Promise.all(keys.map((key) => EnvironmentVariable.create({ applicationId: app, key, value: "v" })));
        for (const key of keys) assert.equal((await stored(key)).length, 1);
        assert.deepEqual(await writes(), ["POST /variable/import", "POST /variable/import", "GET /variable"]);
    });

    it("qovery:bulkCreate false: one POST per variable", async () => {
        await h.configureHooks({ "qovery:bulkCreate": "false" });
        try {
            await Promise.all(
                [uniq("O1"), uniq("O2")].map((key) => Secret.create({ applicationId: app, key, value: "v" })),
            );
            assert.deepEqual(await writes(), ["POST /variable", "POST /variable"]);
        } finally {
            await h.configureHooks();
        }
    });
});
