import assert from "node:assert/strict";
import { matchOperation, validateRequestBody, validateResponseBody } from "../../emulator/openapi";
import * as hooks from "../../provider/hooks";
import type { JobSecretOutputs } from "../../provider/engine/inputs";
import { type Harness, startHarness } from "../integration/harness";

/**
 * Every request the provider sends must match Qovery's OpenAPI document: judged by a
 * validator built from the spec (emulator/openapi.ts), not by the provider's own schemas.
 */
describe("contract: the provider's requests against the spec", () => {
    let h: Harness;
    before(async () => {
        h = await startHarness();
    });
    after(async () => {
        await h.emulator.stop();
    });

    it("the spec validator can fail: a body without key is refused", () => {
        const r = validateRequestBody("post", "/job/{jobId}/secret", { value: "v", description: 3 });
        assert.equal(r.valid, false);
        assert.ok(r.errors.length > 0);
    });

    it("every request body of a whole lifecycle validates against the spec's request schema", async () => {
        await h.admin.clearRequests();
        const plain = await hooks.create({ jobId: h.jobId, key: "PLAIN", value: "v1", description: "d" });
        const file = await hooks.create({
            jobId: h.jobId,
            key: "FILE",
            value: "v2",
            mountPath: "/etc/f",
            enableInterpolationInFile: true,
        });
        const fileOuts = file.outs as JobSecretOutputs;
        const plainOuts = plain.outs as JobSecretOutputs;
        // Edits that exercise every optional field: cleared description, interpolation reset to null.
        await hooks.update(plain.id, plainOuts, { jobId: h.jobId, key: "PLAIN2", value: "" });
        await hooks.update(file.id, fileOuts, { jobId: h.jobId, key: "FILE", value: "v3", mountPath: "/etc/f" });
        await hooks.read(plain.id, plainOuts);
        await hooks.deleteSecret(plain.id, plainOuts);
        await hooks.deleteSecret(file.id, fileOuts);

        const log = await h.admin.requests();
        assert.deepEqual(
            log.map((r) => r.method),
            ["POST", "POST", "PUT", "PUT", "GET", "DELETE", "DELETE"],
        );
        for (const entry of log) {
            const op = matchOperation(entry.method, entry.path);
            assert.ok(op, `${entry.method} ${entry.path} is an operation of the spec`);
            if (entry.method === "POST" || entry.method === "PUT") {
                const r = validateRequestBody(entry.method, op.pathTemplate, entry.body);
                assert.ok(r.valid, `${entry.method} ${op.pathTemplate}: ${r.errors.join("; ")}`);
            }
            assert.ok(entry.status >= 200 && entry.status < 300, `${entry.method} ${entry.path} → ${entry.status}`);
        }
    });

    it("the responses the provider reads validate against the spec's response schema: a list with rows", async () => {
        // Rows of every shape the provider reads back: its own VALUE and FILE secrets, and an inherited one.
        const plain = await hooks.create({ jobId: h.jobId, key: "LISTED", value: "v", description: "d" });
        const file = await hooks.create({ jobId: h.jobId, key: "LISTED_FILE", value: "f", mountPath: "/etc/l" });
        await h.admin.seedSecret(h.jobId, { key: "LISTED_INHERITED", value: "i", scope: "PROJECT" });
        try {
            const res = await fetch(`${h.emulator.url}/job/${h.jobId}/secret`, {
                headers: { Authorization: `Token ${h.emulator.token}` },
            });
            assert.equal(res.status, 200);
            const body = (await res.json()) as { results: { key: string }[] };
            assert.deepEqual(body.results.map((r) => r.key).sort(), ["LISTED", "LISTED_FILE", "LISTED_INHERITED"]);
            const r = validateResponseBody("get", "/job/{jobId}/secret", 200, body);
            assert.ok(r.valid, r.errors.join("; "));
            // And the validator reads the rows: a wrong one fails.
            const wrong = { results: [...body.results, { ...body.results[0], id: 7 }] };
            assert.equal(validateResponseBody("get", "/job/{jobId}/secret", 200, wrong).valid, false);
        } finally {
            await hooks.deleteSecret(plain.id, plain.outs as JobSecretOutputs);
            await hooks.deleteSecret(file.id, file.outs as JobSecretOutputs);
        }
    });
});
