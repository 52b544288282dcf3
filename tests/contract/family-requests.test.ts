import assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import { emulatorContract } from "../../emulator";
import * as variableHooks from "../../provider/hooks/jobEnvironmentVariable";
import * as variableAliasHooks from "../../provider/hooks/jobEnvironmentVariableAlias";
import * as variableOverrideHooks from "../../provider/hooks/jobEnvironmentVariableOverride";
import * as secretAliasHooks from "../../provider/hooks/jobSecretAlias";
import * as secretOverrideHooks from "../../provider/hooks/jobSecretOverride";
import { type Harness, startHarness } from "../integration/harness";

type Props = Record<string, unknown>;
interface KindHooks {
    create(inputs: Props): Promise<pulumi.dynamic.CreateResult>;
    read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
    update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
    delete(id: string, props: Props): Promise<void>;
}

/**
 * Every request the five new classes send must match Qovery's OpenAPI document (the
 * emulator's spec extracts, not the provider's schemas), and so must the answers they read.
 */
describe("contract: the variable family's requests against the spec", () => {
    let h: Harness;
    before(async () => {
        h = await startHarness();
    });
    after(async () => {
        await h.emulator.stop();
    });

    it("the validator can fail: an alias body without key, an override body with a numeric value", () => {
        const c = emulatorContract();
        assert.equal(
            c.validateRequestBody("post", "/job/{jobId}/secret/{secretId}/alias", { description: "d" }).valid,
            false,
        );
        assert.equal(
            c.validateRequestBody("post", "/job/{jobId}/environmentVariable/{environmentVariableId}/override", {
                value: 3,
            }).valid,
            false,
        );
    });

    it("every request of a create, edit, refresh and delete of each class validates", async () => {
        const projectSecret = await h.admin.seedSecret(h.jobId, { key: "P_SECRET", value: "p", scope: "PROJECT" });
        const projectVariable = await h.admin.seedVariable(h.jobId, { key: "P_VAR", value: "p", scope: "PROJECT" });
        const lifecycles: [unknown, Props, Props][] = [
            [
                variableHooks,
                { jobId: h.jobId, key: "V", value: "1", mountPath: "/etc/v", enableInterpolationInFile: true },
                { value: "2", description: "d", mountPath: "/etc/w", enableInterpolationInFile: undefined },
            ],
            [secretAliasHooks, { jobId: h.jobId, aliasedKey: "P_SECRET", key: "SA" }, { key: "SA2", description: "d" }],
            [
                secretOverrideHooks,
                { jobId: h.jobId, overriddenSecretId: projectSecret.id, value: "s1" },
                { value: "", description: "d" },
            ],
            [variableAliasHooks, { jobId: h.jobId, aliasedVariableId: projectVariable.id, key: "VA" }, { key: "VA2" }],
            [variableOverrideHooks, { jobId: h.jobId, overriddenKey: "P_VAR", value: "v1" }, { value: "v2" }],
        ];
        await h.admin.clearRequests();
        for (const [module, ins, change] of lifecycles) {
            const hooks = module as KindHooks;
            const made = await hooks.create(ins);
            const updated = await hooks.update(made.id, made.outs as Props, { ...ins, ...change });
            await hooks.read(made.id, updated.outs as Props);
            await hooks.delete(made.id, updated.outs as Props);
        }
        const contract = emulatorContract();
        const log = await h.admin.requests();
        assert.ok(log.filter((e) => e.method === "POST").length >= 5);
        assert.ok(log.some((e) => e.path.endsWith("/alias")) && log.some((e) => e.path.endsWith("/override")));
        for (const entry of log) {
            const op = contract.matchOperation(entry.method, entry.path);
            assert.ok(op, `${entry.method} ${entry.path} is an operation of the spec`);
            if (entry.method === "POST" || entry.method === "PUT") {
                const r = contract.validateRequestBody(entry.method, op.pathTemplate, entry.body);
                assert.ok(r.valid, `${entry.method} ${op.pathTemplate}: ${r.errors.join("; ")}`);
            }
            assert.ok(entry.status >= 200 && entry.status < 300, `${entry.method} ${entry.path} → ${entry.status}`);
        }
    });

    it("the lists the provider reads validate against the spec's response schemas", async () => {
        const contract = emulatorContract();
        for (const api of ["secret", "environmentVariable"]) {
            const res = await fetch(`${h.emulator.url}/job/${h.jobId}/${api}`, {
                headers: { Authorization: `Token ${h.emulator.token}` },
            });
            assert.equal(res.status, 200);
            const r = contract.validateResponseBody("get", `/job/{jobId}/${api}`, 200, await res.json());
            assert.ok(r.valid, r.errors.join("; "));
        }
    });
});
