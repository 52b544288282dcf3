import assert from "node:assert/strict";
import * as hooks from "../../provider/hooks";
import type { JobSecretInputs, JobSecretOutputs } from "../../provider/engine/inputs";
import { HTML_NOT_FOUND, RATE_LIMIT_HEADERS, type RunningProxy, startQoveryProxy } from "../support/qoveryProxy";
import { ECHO_SHAPES, awkwardValues, leaks } from "../support/echoShapes";
import { type Harness, TOKEN, rejection, startHarness } from "./harness";

/**
 * The provider against an API that is not quite Qovery: a proxy in front of the emulator that
 * serves HTML pages, strips headers, answers `200 {}`, or echoes values in its errors. A secret
 * leaves the state only on evidence; every failure names the way out; no value in any message.
 */
describe("trust: evidence before forgetting, the way out, no value in any message", function () {
    this.timeout(120_000);
    let h: Harness;
    let proxy: RunningProxy;
    let n = 0;
    const URN = "urn:pulumi:dev::trust::pulumi-nodejs:dynamic/qovery:JobSecret::db";

    const created = async (over: Partial<JobSecretInputs> = {}) => {
        const ins: JobSecretInputs = { jobId: h.jobId, key: `TRUST_${++n}`, value: `value-${n}-abcdefgh`, ...over };
        const r = await hooks.create(ins);
        return { ins, id: r.id, outs: r.outs as JobSecretOutputs };
    };
    const stored = async (id: string) => (await h.admin.storedSecrets(h.jobId)).find((s) => s.id === id);

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
        proxy.afterRules = [];
        proxy.stripHeaders = undefined;
        await h.configureHooks({ "qovery:apiUrl": proxy.url });
    });
    afterEach(() => h.admin.clearFaults());

    describe("a secret leaves the state only on evidence", () => {
        it("wrong base URL (the right host plus /v1, an HTML 404 page): refresh and delete fail, naming the URL", async () => {
            const { id, outs } = await created();
            proxy.rules = [(r) => (r.path.startsWith("/v1/") ? HTML_NOT_FOUND : undefined)];
            await h.configureHooks({ "qovery:apiUrl": `${proxy.url}/v1` });
            for (const run of [() => hooks.read(id, outs), () => hooks.deleteSecret(id, outs)]) {
                const err = await rejection(run);
                assert.match(err.message, new RegExp(`${proxy.url}/v1 answered 404 .* without Qovery's error body`));
                assert.match(err.message, /qovery:apiUrl/);
                assert.match(err.message, /with no path such as \/v1/);
            }
            assert.ok(await stored(id), "still on the server");
        });

        it("a list that answers 200 {} (no results) is not an empty job: refresh fails", async () => {
            const { id, outs } = await created();
            proxy.rules = [
                (r) => (r.method === "GET" && r.path.endsWith("/secret") ? { status: 200, body: {} } : undefined),
            ];
            const err = await rejection(() => hooks.read(id, outs));
            assert.match(err.message, /^Could not refresh .*Unexpected answer .*results/);
            assert.match(err.message, /qovery:apiUrl/);
        });

        it("a Qovery-shaped 404 from a proxy whose URL does not reach Qovery's API: not evidence", async () => {
            const { id, outs } = await created();
            await h.configureHooks({ "qovery:apiUrl": h.emulator.url }); // no GET /organization there
            await h.admin.fault({ method: "GET", path: "*", status: 404, body: { status: 404, detail: "Not found" } });
            const err = await rejection(() => hooks.read(id, outs));
            assert.match(err.message, /could not be confirmed that this URL and token reach Qovery's API/);
        });

        it("a DELETE's 404 is done only when the job's list no longer holds the secret", async () => {
            const { id, outs } = await created();
            await h.admin.fault({
                method: "DELETE",
                path: "*",
                status: 404,
                body: { status: 404, detail: "Secret not found" },
            });
            const err = await rejection(() => hooks.deleteSecret(id, outs));
            assert.match(err.message, /answered 404 to the DELETE, yet the job's list still holds the secret/);
            assert.ok(await stored(id));
            // Really gone (deleted out of band): the 404 is now backed by the list.
            await h.admin.clearFaults();
            await hooks.deleteSecret(id, outs);
            await hooks.deleteSecret(id, outs);
        });

        it("a DELETE's HTML 404 (a proxy's) is not done", async () => {
            const { id, outs } = await created();
            proxy.rules = [(r) => (r.method === "DELETE" ? HTML_NOT_FOUND : undefined)];
            proxy.rules.push((r) => (r.method === "GET" && r.path.endsWith("/secret") ? HTML_NOT_FOUND : undefined));
            const err = await rejection(() => hooks.deleteSecret(id, outs));
            assert.match(err.message, /^Could not delete/);
            assert.ok(await stored(id));
        });
    });

    describe("403 for a job that may be deleted: the way out", () => {
        it("refresh and delete keep the secret and give the exact `pulumi state delete` command", async () => {
            const { id, outs } = await created({ __resourceUrn: URN });
            assert.equal(outs.__resourceUrn, URN, "the URN is carried in the outputs, under its hidden name");
            await h.admin.fault({
                method: "*",
                path: "*",
                times: 10,
                status: 403,
                body: { status: 403, detail: "Forbidden" },
            });
            for (const run of [() => hooks.read(id, outs), () => hooks.deleteSecret(id, outs)]) {
                const err = await rejection(run);
                assert.ok(err.message.includes(`\`pulumi state delete '${URN}'\``), err.message);
                assert.match(err.message, /if job .* was deleted/);
            }
            assert.ok(await stored(id));
        });

        it("a state written before the URN was recorded: how to find it", async () => {
            const { id, outs } = await created();
            await h.admin.fault({ method: "GET", path: "*", status: 403, body: { status: 403, detail: "Forbidden" } });
            const err = await rejection(() => hooks.read(id, outs));
            assert.match(err.message, /pulumi state delete '<urn>'.*pulumi stack --show-urns --show-ids/);
        });
    });

    describe("stale credentials: the commands that work", () => {
        it("401 during refresh/delete with the token from config: --run-program or `pulumi up` first", async () => {
            const { id, outs } = await created();
            await h.configureHooks({ "qovery:apiUrl": proxy.url, "qovery:apiToken": "stale-token-12345678" });
            for (const run of [() => hooks.read(id, outs), () => hooks.deleteSecret(id, outs)]) {
                const err = await rejection(run);
                assert.match(err.message, /recorded in the state at the last `pulumi up`/);
                assert.match(err.message, /pulumi destroy --run-program/);
                assert.match(err.message, /QOVERY_API_TOKEN does not help here/);
                assert.ok(!err.message.includes("stale-token-12345678"));
            }
        });

        it("401 with the token from the environment: says to fix it in the shell", async () => {
            const { id, outs } = await created();
            const saved = process.env.QOVERY_API_TOKEN;
            process.env.QOVERY_API_TOKEN = "stale-env-token-1234";
            try {
                await h.configureHooks({ "qovery:apiUrl": proxy.url, "qovery:apiToken": "" });
                const err = await rejection(() => hooks.read(id, outs));
                assert.match(err.message, /comes from QOVERY_API_TOKEN/);
            } finally {
                if (saved === undefined) delete process.env.QOVERY_API_TOKEN;
                else process.env.QOVERY_API_TOKEN = saved;
            }
        });
    });

    describe("a create whose answer is lost adopts only on evidence", () => {
        for (const status of [408, 499]) {
            it(`a proxy's ${status} on POST is "outcome unknown": looked up, adopted once`, async () => {
                // The POST reaches the emulator, which creates the secret; the proxy then answers its
                // own timeout instead of the 201, once.
                let first = true;
                proxy.afterRules = [
                    (r) => {
                        if (r.method !== "POST" || !first) return undefined;
                        first = false;
                        return { status, body: { status, detail: "gateway timeout" } };
                    },
                ];
                const ins: JobSecretInputs = { jobId: h.jobId, key: `LOST_${status}`, value: "lost-value-abcdefgh" };
                const r = await hooks.create(ins);
                const same = (await h.admin.storedSecrets(h.jobId)).filter((s) => s.key === ins.key);
                assert.equal(same.length, 1);
                assert.equal(same[0].id, r.id);
            });
        }

        it("without the server's Date header nothing is adopted: the error names the secret's id; it stays pending", async () => {
            await h.admin.fault({ method: "POST", path: "/job/{jobId}/secret", drop: "after" });
            proxy.stripHeaders = /^date$/i;
            const ins: JobSecretInputs = { jobId: h.jobId, key: "NO_DATE", value: "no-date-value-abcdefgh" };
            const err = await rejection(() => hooks.create(ins));
            const [found] = (await h.admin.storedSecrets(h.jobId)).filter((s) => s.key === ins.key);
            assert.ok(found, "the first POST did create it");
            assert.ok(err.message.includes(`id ${found.id}`), err.message);
            assert.match(err.message, /no Date header/);
            assert.match(err.message, /kept in the state as pending/);
            assert.match(String((err as Error & { id?: string }).id), /^pending-create-/);
        });
    });

    describe("no value in any message: every error path, every shape", () => {
        const values = awkwardValues();
        for (const { label, value } of values) {
            it(`${label}: create, update, refresh and delete errors quoting it, in every shape`, async () => {
                const { id, outs, ins } = await created();
                const withValue = { ...ins, value };
                const paths: [string, string, () => Promise<unknown>][] = [
                    ["POST", "/job/{jobId}/secret", () => hooks.create({ ...withValue, key: `${ins.key}_NEW` })],
                    ["PUT", "/job/{jobId}/secret/{secretId}", () => hooks.update(id, outs, withValue)],
                    ["GET", "/job/{jobId}/secret", () => hooks.read(id, { ...outs, value })],
                    ["DELETE", "/job/{jobId}/secret/{secretId}", () => hooks.deleteSecret(id, { ...outs, value })],
                ];
                for (const [method, path, run] of paths) {
                    for (const shape of ECHO_SHAPES) {
                        await h.admin.fault({
                            method,
                            path,
                            times: 10,
                            status: 400,
                            body: { status: 400, detail: shape.echo(value) },
                        });
                        const err = await rejection(run);
                        await h.admin.clearFaults();
                        assert.match(err.message, /answered 400/);
                        // The stack (which the provider host prints) holds the message.
                        assert.ok(
                            !leaks(err.stack ?? "", value),
                            `${method} ${shape.label}: ${err.message.slice(0, 300)}`,
                        );
                    }
                }
            });
        }

        it("check: a refused value is not in any failure", async () => {
            const r = await hooks.check({}, { jobId: h.jobId, key: "K", value: 12345678901 });
            assert.ok(!JSON.stringify(r.failures).includes("12345678901"));
            assert.deepEqual(
                r.failures?.map((f) => f.property),
                [""],
            );
        });
    });

    describe("no rate limit headers (a proxy strips them)", () => {
        it("requests are not capped at the probe concurrency (4) forever", async () => {
            proxy.stripHeaders = RATE_LIMIT_HEADERS;
            await h.admin.configure({ latencyMs: 200 });
            try {
                await created(); // the first answer: no rate limit headers
                proxy.maxInFlight = 0;
                const made = await Promise.all(Array.from({ length: 12 }, () => created()));
                assert.equal(made.length, 12);
                assert.ok(proxy.maxInFlight > 4, `in flight at once: ${proxy.maxInFlight}`);
                const stats = await h.admin.stats();
                assert.equal(stats.rateLimited, 0);
            } finally {
                await h.admin.configure({ latencyMs: 0 });
            }
        });
    });
});
