import assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import * as variableHooks from "../../provider/hooks/jobEnvironmentVariable";
import * as variableAliasHooks from "../../provider/hooks/jobEnvironmentVariableAlias";
import * as variableOverrideHooks from "../../provider/hooks/jobEnvironmentVariableOverride";
import * as secretAliasHooks from "../../provider/hooks/jobSecretAlias";
import * as secretOverrideHooks from "../../provider/hooks/jobSecretOverride";
import { HTML_NOT_FOUND, type RunningProxy, startQoveryProxy } from "../support/qoveryProxy";
import { type Harness, TOKEN, rejection, startHarness } from "./harness";

type Props = Record<string, unknown>;
interface KindHooks {
    create(inputs: Props): Promise<pulumi.dynamic.CreateResult>;
    read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
    delete(id: string, props: Props): Promise<void>;
}

/**
 * The trust rules hold for every kind, not only JobSecret: an alias, an override or a variable
 * leaves the state only on evidence (a validated list without it, or a 404 proven to be
 * Qovery's), and a failure gives the way out with the resource's own type.
 */
describe("trust, for every new kind: evidence before forgetting, the way out", function () {
    this.timeout(120_000);
    let h: Harness;
    let proxy: RunningProxy;
    let n = 0;

    const KINDS: [string, unknown, string, (jobId: string, parent: Record<string, string>) => Props][] = [
        [
            "JobEnvironmentVariable",
            variableHooks,
            "environmentVariable",
            (jobId) => ({ jobId, key: `V_${++n}`, value: "x" }),
        ],
        [
            "JobSecretAlias",
            secretAliasHooks,
            "secret",
            (jobId, p) => ({ jobId, aliasedSecretId: p.secret, key: `SA_${++n}` }),
        ],
        [
            "JobSecretOverride",
            secretOverrideHooks,
            "secret",
            (jobId, p) => ({ jobId, overriddenSecretId: p.secret, value: `ov-${++n}-abcdefgh` }),
        ],
        [
            "JobEnvironmentVariableAlias",
            variableAliasHooks,
            "environmentVariable",
            (jobId, p) => ({ jobId, aliasedVariableId: p.variable, key: `VA_${++n}` }),
        ],
        [
            "JobEnvironmentVariableOverride",
            variableOverrideHooks,
            "environmentVariable",
            (jobId, p) => ({ jobId, overriddenVariableId: p.variable, value: `vo-${++n}` }),
        ],
    ];

    before(async () => {
        h = await startHarness();
        proxy = await startQoveryProxy({ target: h.emulator.url, organizationToken: TOKEN });
    });
    after(async () => {
        await proxy.stop();
        await h.emulator.stop();
    });
    beforeEach(async () => {
        proxy.rules = [];
        await h.configureHooks({ "qovery:apiUrl": proxy.url });
    });
    afterEach(() => h.admin.clearFaults());

    for (const [type, module, api, inputsFor] of KINDS) {
        const hooks = module as KindHooks;
        describe(type, () => {
            /** A fresh parent per test: an override can be made once per parent. */
            const made = async (over: Props = {}) => {
                const parent = {
                    secret: (await h.admin.seedSecret(h.jobId, { key: `PS_${++n}`, value: "p", scope: "PROJECT" })).id,
                    variable: (await h.admin.seedVariable(h.jobId, { key: `PV_${++n}`, value: "p", scope: "PROJECT" }))
                        .id,
                };
                const ins = { ...inputsFor(h.jobId, parent), ...over };
                const r = await hooks.create(ins);
                return { id: r.id, outs: r.outs as Props };
            };
            const stillThere = async (id: string) =>
                [...(await h.admin.storedSecrets(h.jobId)), ...(await h.admin.storedVariables(h.jobId))].some(
                    (e) => e.id === id,
                );

            it("a list answering 200 {} is not an empty job: refresh fails, the resource stays", async () => {
                const { id, outs } = await made();
                proxy.rules = [
                    (r) => (r.method === "GET" && r.path.endsWith(`/${api}`) ? { status: 200, body: {} } : undefined),
                ];
                const err = await rejection(() => hooks.read(id, outs));
                assert.match(err.message, /^Could not refresh .*results/);
            });

            it("a DELETE's HTML 404 (a proxy's page) is not done", async () => {
                const { id, outs } = await made();
                proxy.rules = [(r) => (r.method === "DELETE" || r.method === "GET" ? HTML_NOT_FOUND : undefined)];
                const err = await rejection(() => hooks.delete(id, outs));
                assert.match(err.message, /^Could not delete/);
                assert.ok(await stillThere(id));
            });

            it("403: kept, with the exact `pulumi state delete` command for its own type", async () => {
                const urn = `urn:pulumi:dev::trust::pulumi-nodejs:dynamic/qovery:${type}::r${n}`;
                const { id, outs } = await made({ __resourceUrn: urn });
                assert.equal(outs.__resourceUrn, urn);
                await h.admin.fault({
                    method: "GET",
                    path: "*",
                    status: 403,
                    body: { status: 403, detail: "Forbidden" },
                });
                const err = await rejection(() => hooks.read(id, outs));
                assert.ok(err.message.includes(`\`pulumi state delete '${urn}'\``), err.message);
            });

            it("its job deleted, the 404 confirmed as Qovery's: refresh drops it", async () => {
                const { id, outs } = await made();
                await h.admin.deleteJob(h.jobId);
                try {
                    assert.equal((await hooks.read(id, outs)).id, undefined);
                } finally {
                    await h.admin.createJob({ id: h.jobId });
                }
            });
        });
    }
});
