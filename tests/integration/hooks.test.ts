import assert from "node:assert/strict";
import * as hooks from "../../provider/hooks";
import {
    AuthenticationError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    PermissionError,
    SecretOperationError,
} from "../../provider/qovery/errors";
import type { JobSecretInputs, JobSecretOutputs } from "../../provider/engine/inputs";
import { startQoveryProxy } from "../support/qoveryProxy";
import { type Harness, TOKEN, rejection, startHarness } from "./harness";

const UNKNOWN_JOB = "99999999-9999-4999-8999-999999999999";

describe("hooks against the emulator (real HTTP)", function () {
    let h: Harness;
    let n = 0;
    /** Every error message seen, checked for leaks at the end. */
    const messages: string[] = [];
    const values: string[] = [];

    const newValue = () => {
        const v = `value-${++n}-${Math.random().toString(36).slice(2)}`;
        values.push(v);
        return v;
    };
    const inputs = (over: Partial<JobSecretInputs> = {}): JobSecretInputs => ({
        jobId: h.jobId,
        key: `KEY_${++n}`,
        value: newValue(),
        ...over,
    });
    const failure = async (fn: () => Promise<unknown>) => {
        const err = await rejection(fn);
        messages.push(err.message);
        return err;
    };
    const created = async (over: Partial<JobSecretInputs> = {}) => {
        const ins = inputs(over);
        const r = await hooks.create(ins);
        return { ins, id: r.id, outs: r.outs as JobSecretOutputs };
    };
    const stored = async (id: string, jobId = h.jobId) => (await h.admin.storedSecrets(jobId)).find((s) => s.id === id);

    before(async () => {
        h = await startHarness();
    });
    after(async () => {
        await h.emulator.stop();
    });
    afterEach(async () => {
        await h.admin.clearFaults();
        await h.configureHooks();
    });

    describe("create", () => {
        it("POSTs the secret and keeps Qovery's id and created_at", async () => {
            const { ins, id, outs } = await created({ description: "primary" });
            const s = await stored(id);
            assert.ok(s, "the emulator holds the secret");
            assert.equal(s.value, ins.value);
            assert.equal(s.key, ins.key);
            assert.equal(outs.createdAt, s.created_at);
            assert.equal(outs.value, ins.value);
            assert.equal(outs.description, "primary");
            assert.equal(outs.scope, "JOB");
            assert.equal(outs.variableType, "VALUE");
            assert.equal(outs.serviceId, h.jobId);
        });

        it("creates a file secret with its mount path", async () => {
            const { id, outs } = await created({ mountPath: "/etc/app/cert.pem", enableInterpolationInFile: true });
            const s = await stored(id);
            assert.equal(s?.mount_path, "/etc/app/cert.pem");
            assert.equal(s?.enable_interpolation_in_file, true);
            assert.equal(outs.mountPath, "/etc/app/cert.pem");
            assert.equal(outs.variableType, "FILE");
            assert.equal(outs.enableInterpolationInFile, true);
        });

        it("creates a secret with an empty value", async () => {
            const { id } = await created({ value: "" });
            assert.equal((await stored(id))?.value, "");
        });

        it("409 on a key that exists: a ConflictError naming the key", async () => {
            const { ins } = await created();
            const err = await failure(() => hooks.create({ ...inputs(), key: ins.key }));
            assert.ok(err instanceof SecretOperationError);
            assert.ok(err.cause instanceof ConflictError);
            assert.match(err.message, new RegExp(`Could not create Qovery job secret "${ins.key}" in job ${h.jobId}`));
            assert.match(err.message, /already exists/);
        });

        it("a 400 saying the key already exists (where the emulator answers 409) gets the 409's explanation", async () => {
            const { ins } = await created();
            const answered409 = await failure(() => hooks.create({ ...inputs(), key: ins.key }));
            // The same refusal, as an API answering 400 instead of 409 would word it.
            await h.admin.fault({
                method: "POST",
                path: "/job/{jobId}/secret",
                status: 400,
                body: { status: 400, detail: `Variable already exists: ${ins.key}` },
            });
            const answered400 = await failure(() => hooks.create({ ...inputs(), key: ins.key }));
            assert.ok(answered400.cause instanceof ConflictError);
            assert.equal(answered400.cause.status, 400);
            assert.equal(answered400.message, answered409.message.replace("answered 409", "answered 400"));
            assert.match(answered400.message, /already exists/);
            // Any other 400 stays a refused request.
            const err = await failure(() => hooks.create(inputs({ description: "d".repeat(256) })));
            assert.ok(err.cause instanceof BadRequestError && !(err.cause instanceof ConflictError));
        });

        it("404 on an unknown job", async () => {
            const err = await failure(() => hooks.create(inputs({ jobId: UNKNOWN_JOB })));
            assert.ok(err.cause instanceof NotFoundError);
            assert.match(err.message, /check the job id/);
        });

        it("400 when the API refuses the body (a 256-character description)", async () => {
            const err = await failure(() => hooks.create(inputs({ description: "d".repeat(256) })));
            assert.ok(err.cause instanceof BadRequestError);
        });

        it("401 with a wrong token: an authentication error that does not show the token", async () => {
            await h.configureHooks({ "qovery:apiToken": "wrong-token-abcdefgh" });
            const err = await failure(() => hooks.create(inputs()));
            assert.ok(err.cause instanceof AuthenticationError);
            assert.match(err.message, /qovery:apiToken/);
            assert.ok(!err.message.includes("wrong-token-abcdefgh"));
        });

        it("accepts the Bearer scheme when configured", async () => {
            await h.configureHooks({ "qovery:authScheme": "Bearer" });
            const { id } = await created();
            assert.ok(await stored(id));
            const last = (await h.admin.requests()).at(-1);
            assert.equal(last?.authorization, "Bearer");
        });

        it("403: a permission error", async () => {
            await h.admin.fault({
                method: "POST",
                path: "/job/{jobId}/secret",
                status: 403,
                body: { status: 403, detail: "Forbidden" },
            });
            const err = await failure(() => hooks.create(inputs()));
            assert.ok(err.cause instanceof PermissionError);
        });

        it("500 on every POST: each new try is preceded by a look-up, never blind; it gives up pending (the last 500 is unchecked)", async () => {
            await h.admin.clearRequests();
            await h.admin.fault({ method: "POST", path: "/job/{jobId}/secret", status: 500, times: 10 });
            const ins = inputs();
            const err = (await failure(() => hooks.create(ins))) as Error & { id?: string };
            assert.match(String(err.id), /^pending-create-/, "kept in the state as pending");
            assert.match(err.message, /4 attempts were lost the same way \(Qovery API answered 500/);
            const log = (await h.admin.requests()).map((r) => r.method);
            assert.deepEqual(log, ["POST", "GET", "POST", "GET", "POST", "GET", "POST"]);
            assert.equal((await h.admin.storedSecrets(h.jobId)).filter((s) => s.key === ins.key).length, 0);
        });

        describe("a create whose answer is lost", () => {
            const onlyOne = async (key: string, id: string) => {
                const same = (await h.admin.storedSecrets(h.jobId)).filter((s) => s.key === key);
                assert.equal(same.length, 1, "exactly one secret with the key: no duplicate");
                assert.equal(same[0].id, id, "the state's id is the server's secret: no orphan");
            };

            it("connection dropped after the server wrote: the secret is found and adopted", async () => {
                await h.admin.fault({ method: "POST", path: "/job/{jobId}/secret", drop: "after" });
                const ins = inputs();
                const r = await hooks.create(ins);
                await onlyOne(ins.key, r.id);
                assert.equal((await stored(r.id))?.value, ins.value);
            });

            it("connection reset before the server wrote: nothing found, created once", async () => {
                await h.admin.fault({ method: "POST", path: "/job/{jobId}/secret", drop: "before" });
                const ins = inputs();
                const r = await hooks.create(ins);
                await onlyOne(ins.key, r.id);
            });

            for (const status of [500, 502, 503]) {
                it(`${status} without a write: nothing found, created once`, async () => {
                    await h.admin.fault({ method: "POST", path: "/job/{jobId}/secret", status });
                    const ins = inputs();
                    const r = await hooks.create(ins);
                    await onlyOne(ins.key, r.id);
                });
            }

            it("an answer slower than the timeout: the secret is found and adopted", async () => {
                await h.configureHooks({ "qovery:requestTimeoutMs": "300" });
                await h.admin.fault({ method: "POST", path: "/job/{jobId}/secret", delayMs: 1500 });
                const ins = inputs();
                const r = await hooks.create(ins);
                await onlyOne(ins.key, r.id);
            });

            it("a secret with the key that existed before this create began is not adopted", async function () {
                this.timeout(15_000);
                const ins = inputs();
                const res = await fetch(`${h.emulator.url}/job/${h.jobId}/secret`, {
                    method: "POST",
                    headers: { Authorization: `Token ${TOKEN}`, "Content-Type": "application/json" },
                    body: JSON.stringify({ key: ins.key, value: "someone else's" }),
                });
                assert.equal(res.status, 201);
                await new Promise((r) => setTimeout(r, 3_500)); // older than the clock slack
                await h.admin.fault({ method: "POST", path: "/job/{jobId}/secret", status: 503 });
                const err = await failure(() => hooks.create(ins));
                assert.ok(err.cause instanceof ConflictError);
                assert.match(err.message, /existed before this create began; it is not adopted/);
                const same = (await h.admin.storedSecrets(h.jobId)).filter((s) => s.key === ins.key);
                assert.equal(same.length, 1);
                assert.equal(same[0].value, "someone else's", "the other secret is untouched");
            });
        });

        it("a missing token is refused before any request, saying how to set it", async () => {
            const saved = process.env.QOVERY_API_TOKEN;
            delete process.env.QOVERY_API_TOKEN;
            try {
                await h.configureHooks({ "qovery:apiToken": "" });
                await h.admin.clearRequests();
                const err = await failure(() => hooks.create(inputs()));
                assert.match(err.message, /pulumi config set --secret qovery:apiToken/);
                assert.equal((await h.admin.requests()).length, 0);
            } finally {
                if (saved !== undefined) process.env.QOVERY_API_TOKEN = saved;
            }
        });
    });

    describe("update", () => {
        it("PUTs a new value: same id, new value stored", async () => {
            const { ins, id, outs } = await created();
            const news = { ...ins, value: newValue() };
            const r = await hooks.update(id, outs, news);
            assert.equal((await stored(id))?.value, news.value);
            assert.equal((r.outs as JobSecretOutputs).value, news.value);
            assert.equal((await h.admin.storedSecrets(h.jobId)).filter((s) => s.key === ins.key).length, 1);
        });

        it("renames the key and changes the description in place", async () => {
            const { ins, id, outs } = await created({ description: "old" });
            const r = await hooks.update(id, outs, { ...ins, key: `${ins.key}_RENAMED`, description: "new" });
            const s = await stored(id);
            assert.equal(s?.key, `${ins.key}_RENAMED`);
            assert.equal(s?.description, "new");
            assert.equal((r.outs as JobSecretOutputs).key, `${ins.key}_RENAMED`);
        });

        it("removing the description clears it", async () => {
            const { ins, id, outs } = await created({ description: "old" });
            const { description: _, ...rest } = ins;
            const r = await hooks.update(id, outs, rest);
            assert.ok(!(await stored(id))?.description);
            assert.equal((r.outs as JobSecretOutputs).description, undefined);
        });

        it("keeps the mount path of a file secret", async () => {
            const { ins, id, outs } = await created({ mountPath: "/etc/f" });
            const r = await hooks.update(id, outs, { ...ins, value: newValue() });
            assert.equal((await stored(id))?.mount_path, "/etc/f");
            assert.equal((r.outs as JobSecretOutputs).mountPath, "/etc/f");
        });

        it("404 when the secret is gone", async () => {
            const { ins, id, outs } = await created();
            await hooks.deleteSecret(id, outs);
            const err = await failure(() => hooks.update(id, outs, { ...ins, value: newValue() }));
            assert.ok(err.cause instanceof NotFoundError);
            assert.match(err.message, new RegExp(`Could not update Qovery job secret "${ins.key}" \\(id ${id}\\)`));
        });

        it("409 when renaming onto another secret's key", async () => {
            const a = await created();
            const b = await created();
            const err = await failure(() => hooks.update(b.id, b.outs, { ...b.ins, key: a.ins.key }));
            assert.ok(err.cause instanceof ConflictError);
        });

        it("a 400 saying the key already exists, when renaming, is the same conflict as a 409", async () => {
            const a = await created();
            const b = await created();
            const answered409 = await failure(() => hooks.update(b.id, b.outs, { ...b.ins, key: a.ins.key }));
            await h.admin.fault({
                method: "PUT",
                path: `/job/${h.jobId}/secret/${b.id}`,
                status: 400,
                body: { status: 400, detail: `Variable already exists: ${a.ins.key}` },
            });
            const answered400 = await failure(() => hooks.update(b.id, b.outs, { ...b.ins, key: a.ins.key }));
            assert.ok(answered400.cause instanceof ConflictError);
            assert.equal(answered400.message, answered409.message.replace("answered 409", "answered 400"));
        });

        it("retries a 500 and succeeds", async () => {
            const { ins, id, outs } = await created();
            await h.admin.fault({ method: "PUT", path: `/job/${h.jobId}/secret/${id}`, status: 500 });
            const news = { ...ins, value: newValue() };
            await hooks.update(id, outs, news);
            assert.equal((await stored(id))?.value, news.value);
        });
    });

    describe("read (refresh)", () => {
        it("finds the secret in the job's list; value and mount path come from state", async () => {
            const { id, outs } = await created({ mountPath: "/etc/r", description: "d" });
            const r = await hooks.read(id, outs);
            assert.equal(r.id, id);
            assert.deepEqual(r.props, outs);
            assert.deepEqual(r.inputs, {
                jobId: outs.jobId,
                key: outs.key,
                value: outs.value,
                description: "d",
                mountPath: "/etc/r",
            });
        });

        it("shows key and description drift in props and inputs", async () => {
            const { id, outs } = await created({ description: "d" });
            const res = await fetch(`${h.emulator.url}/job/${h.jobId}/secret/${id}`, {
                method: "PUT",
                headers: { Authorization: `Token ${TOKEN}`, "Content-Type": "application/json" },
                body: JSON.stringify({ key: "DRIFTED_KEY", description: "edited by hand" }),
            });
            assert.equal(res.status, 200);
            const r = await hooks.read(id, outs);
            assert.equal(r.props.key, "DRIFTED_KEY");
            assert.equal(r.props.description, "edited by hand");
            assert.equal(r.inputs.key, "DRIFTED_KEY");
            assert.equal(r.inputs.description, "edited by hand");
            assert.equal(r.inputs.value, outs.value, "the value cannot be read back: kept from state");
        });

        it("a deleted secret comes back without id", async () => {
            const { id, outs } = await created();
            await hooks.deleteSecret(id, outs);
            const r = await hooks.read(id, outs);
            assert.equal(r.id, undefined);
        });

        it("a deleted job means the secret is gone, once the URL and token are shown to reach Qovery's API", async () => {
            const { id, outs } = await created();
            // The emulator serves only job secrets; the proxy adds Qovery's GET /organization.
            const proxy = await startQoveryProxy({ target: h.emulator.url, organizationToken: TOKEN });
            try {
                await h.configureHooks({ "qovery:apiUrl": proxy.url });
                const r = await hooks.read(id, { ...outs, jobId: UNKNOWN_JOB });
                assert.equal(r.id, undefined);
                assert.ok(
                    proxy.seen.some((s) => s.path === "/organization"),
                    "the confirming request was made",
                );
            } finally {
                await proxy.stop();
            }
        });

        it("a 404 for the job that cannot be confirmed keeps the secret (the API gives no GET /organization)", async () => {
            const { id, outs } = await created();
            const err = await failure(() => hooks.read(id, { ...outs, jobId: UNKNOWN_JOB }));
            assert.match(err.message, /^Could not refresh/);
            assert.match(err.message, /could not be confirmed that this URL and token reach Qovery's API/);
            assert.match(err.message, /pulumi state delete/);
        });

        for (const status of [401, 403]) {
            it(`${status} is an error, never a reason to forget the secret`, async () => {
                const { id, outs } = await created();
                await h.admin.fault({ method: "GET", path: "*", status, body: { status, detail: "nope" } });
                const err = await failure(() => hooks.read(id, outs));
                assert.ok(err instanceof SecretOperationError);
                assert.ok(err.cause instanceof (status === 401 ? AuthenticationError : PermissionError));
                assert.match(err.message, /^Could not refresh/);
            });
        }

        it("retries a 500 and succeeds", async () => {
            const { id, outs } = await created();
            await h.admin.fault({ method: "GET", path: "*", status: 500 });
            assert.equal((await hooks.read(id, outs)).id, id);
        });
    });

    describe("delete", () => {
        it("DELETEs the secret", async () => {
            const { id, outs } = await created();
            await hooks.deleteSecret(id, outs);
            assert.equal(await stored(id), undefined);
        });

        it("a secret already gone (404) is not an error", async () => {
            const { id, outs } = await created();
            await hooks.deleteSecret(id, outs);
            await hooks.deleteSecret(id, outs);
        });

        for (const status of [401, 403]) {
            it(`${status} is an error: the secret stays in state`, async () => {
                const { id, outs } = await created();
                await h.admin.fault({ method: "DELETE", path: "*", status });
                const err = await failure(() => hooks.deleteSecret(id, outs));
                assert.match(err.message, /^Could not delete/);
                assert.ok(await stored(id), "still on the server");
            });
        }
    });

    // A suite's own tests run before its nested suites: this one goes in a suite of its own, last.
    describe("leaks", () =>
        it("no error message carried a value or the token", () => {
            assert.ok(messages.length >= 10, `saw ${messages.length} errors`);
            for (const m of messages) {
                assert.ok(!m.includes(TOKEN), m);
                for (const v of values) assert.ok(!m.includes(v), m);
            }
        }));
});
