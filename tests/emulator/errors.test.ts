import { strict as assert } from "node:assert";
import { startEmulator } from "../../emulator/server";
import { EmulatorAdmin } from "../../emulator/admin";
import { call, secretPath, secretsPath, startHarness, UNKNOWN_ID, type Harness } from "./helpers";

const TOKEN = "t0ken-under-test";

describe("emulator: error statuses", () => {
    let h: Harness;
    before(async () => {
        h = await startHarness({ token: TOKEN });
    });
    after(() => h.emu.stop());
    beforeEach(() => h.admin.reset());

    const createA = async (): Promise<string> =>
        ((await call(h.emu, "POST", secretsPath(h.jobId), { key: "A", value: "v" })).body as { id: string }).id;

    describe("401", () => {
        for (const [label, authorization] of [
            ["no Authorization header", null],
            ["a wrong Token", "Token wrong"],
            ["a wrong Bearer", "Bearer wrong"],
            ["an unknown scheme with the right token", `Basic ${TOKEN}`],
            ["the bare token without a scheme", TOKEN],
        ] as const) {
            it(`answers 401 to ${label}, without doing the operation`, async () => {
                const res = await call(
                    h.emu,
                    "POST",
                    secretsPath(h.jobId),
                    { key: "A", value: "v" },
                    { authorization },
                );
                assert.equal(res.status, 401);
                assert.deepEqual(Object.keys(res.body as object).sort(), ["detail", "status"]);
                assert.equal((res.body as { status: number }).status, 401);
                assert.deepEqual(await h.admin.storedSecrets(h.jobId), []);
            });
        }

        it("accepts the configured token with both Token and Bearer schemes", async () => {
            assert.equal(
                (await call(h.emu, "GET", secretsPath(h.jobId), undefined, { authorization: `Token ${TOKEN}` })).status,
                200,
            );
            assert.equal(
                (await call(h.emu, "GET", secretsPath(h.jobId), undefined, { authorization: `Bearer ${TOKEN}` }))
                    .status,
                200,
            );
        });

        it("uses qovery-emulator-token when no token is configured", async () => {
            const emu = await startEmulator();
            try {
                const jobId = await new EmulatorAdmin(emu.url).createJob();
                assert.equal(emu.token, "qovery-emulator-token");
                const res = await call(emu, "GET", secretsPath(jobId), undefined, {
                    authorization: "Token qovery-emulator-token",
                });
                assert.equal(res.status, 200);
            } finally {
                await emu.stop();
            }
        });

        it("never echoes the token in an error body", async () => {
            const res = await call(h.emu, "GET", secretsPath(h.jobId), undefined, {
                authorization: "Token wrong-secret-token",
            });
            assert.ok(!res.text.includes("wrong-secret-token"));
        });
    });

    describe("404", () => {
        it("for an unknown job, on every operation", async () => {
            for (const [method, path, body] of [
                ["GET", secretsPath(UNKNOWN_ID), undefined],
                ["POST", secretsPath(UNKNOWN_ID), { key: "A" }],
                ["PUT", secretPath(UNKNOWN_ID, UNKNOWN_ID), { key: "A" }],
                ["DELETE", secretPath(UNKNOWN_ID, UNKNOWN_ID), undefined],
            ] as const) {
                const res = await call(h.emu, method, path, body);
                assert.equal(res.status, 404, `${method} ${path}`);
                assert.match((res.body as { detail: string }).detail, /Job not found/);
            }
        });

        it("for an unknown secret id in the job (edit and delete)", async () => {
            const put = await call(h.emu, "PUT", secretPath(h.jobId, UNKNOWN_ID), { key: "A" });
            assert.equal(put.status, 404);
            assert.match((put.body as { detail: string }).detail, /Secret not found/);
            assert.equal((await call(h.emu, "DELETE", secretPath(h.jobId, UNKNOWN_ID))).status, 404);
        });

        it("for a secret of another job", async () => {
            const other = await h.admin.createJob();
            const id = await createA();
            assert.equal((await call(h.emu, "DELETE", secretPath(other, id))).status, 404);
        });

        it("for a path that is not in the API; 405 for a spec path with a method it lacks", async () => {
            assert.equal((await call(h.emu, "GET", "/organization")).status, 404);
            assert.equal((await call(h.emu, "GET", secretPath(h.jobId, UNKNOWN_ID))).status, 405);
        });
    });

    describe("409", () => {
        it("Variable already exists: KEY on create with an existing key", async () => {
            await createA();
            const res = await call(h.emu, "POST", secretsPath(h.jobId), { key: "A", value: "other" });
            assert.equal(res.status, 409);
            assert.deepEqual(res.body, { status: 409, detail: "Variable already exists: A" });
            assert.equal((await h.admin.storedSecrets(h.jobId)).length, 1);
        });

        it("keys are case sensitive", async () => {
            await createA();
            assert.equal((await call(h.emu, "POST", secretsPath(h.jobId), { key: "a", value: "v" })).status, 201);
        });

        it("on an edit that renames onto another secret's key", async () => {
            await createA();
            const b = (
                (await call(h.emu, "POST", secretsPath(h.jobId), { key: "B", value: "v" })).body as { id: string }
            ).id;
            const res = await call(h.emu, "PUT", secretPath(h.jobId, b), { key: "A", value: "v" });
            assert.equal(res.status, 409);
            assert.equal((res.body as { detail: string }).detail, "Variable already exists: A");
        });

        it("when the key exists as an inherited (seeded) secret", async () => {
            await h.admin.seedSecret(h.jobId, { key: "SHARED", scope: "PROJECT" });
            assert.equal((await call(h.emu, "POST", secretsPath(h.jobId), { key: "SHARED", value: "v" })).status, 409);
        });
    });

    describe("400 from the spec's request schemas", () => {
        const expect400 = async (method: string, path: string, body: unknown, pattern: RegExp, raw?: string) => {
            const res = await call(h.emu, method, path, body, { raw });
            assert.equal(res.status, 400, res.text);
            assert.match((res.body as { detail: string }).detail, pattern);
        };

        it("create without key", () =>
            expect400("POST", secretsPath(h.jobId), { value: "v" }, /required property 'key'/));
        it("create with a description of the wrong type", () =>
            expect400("POST", secretsPath(h.jobId), { key: "A", description: 42 }, /description must be string/));
        it("create with a 256-character description (spec maxLength 255)", () =>
            expect400("POST", secretsPath(h.jobId), { key: "A", description: "x".repeat(256) }, /more than 255/));
        it("create with a non-boolean enable_interpolation_in_file", () =>
            expect400(
                "POST",
                secretsPath(h.jobId),
                { key: "A", enable_interpolation_in_file: "yes" },
                /must be boolean/,
            ));
        it("create with a body that is not an object", () =>
            expect400("POST", secretsPath(h.jobId), ["A"], /must be object/));
        it("create with malformed JSON", () =>
            expect400("POST", secretsPath(h.jobId), undefined, /Malformed JSON/, '{"key": "A",'));
        it("create without a body", () => expect400("POST", secretsPath(h.jobId), undefined, /required/));
        it("edit without key", async () =>
            expect400("PUT", secretPath(h.jobId, await createA()), { value: "v" }, /required property 'key'/));
        it("a job id that is not a uuid (spec: format uuid)", () =>
            expect400("GET", secretsPath("not-a-uuid"), undefined, /jobId must match format "uuid"/));

        it("accepts a 255-character description and nullable fields set to null", async () => {
            const res = await call(h.emu, "POST", secretsPath(h.jobId), {
                key: "A",
                description: "x".repeat(255),
                mount_path: null,
                enable_interpolation_in_file: null,
            });
            assert.equal(res.status, 201, res.text);
        });

        it("validates the body before looking up the job", async () => {
            assert.equal((await call(h.emu, "POST", secretsPath(UNKNOWN_ID), { value: "v" })).status, 400);
        });
    });

    it("refuses to edit or delete an inherited secret from the job scope", async () => {
        const seeded = await h.admin.seedSecret(h.jobId, { key: "P", scope: "PROJECT" });
        assert.equal((await call(h.emu, "PUT", secretPath(h.jobId, seeded.id), { key: "P" })).status, 400);
        assert.equal((await call(h.emu, "DELETE", secretPath(h.jobId, seeded.id))).status, 400);
    });

    describe("error body shape", () => {
        it('switches to {"status","error","message"} with errorShape "message" at start', async () => {
            const other = await startHarness({ errorShape: "message" });
            try {
                const res = await call(other.emu, "GET", secretsPath(UNKNOWN_ID));
                assert.deepEqual(res.body, {
                    status: 404,
                    error: "Not Found",
                    message: `Job not found: ${UNKNOWN_ID}`,
                });
            } finally {
                await other.emu.stop();
            }
        });

        it("switches at run time through /__admin/config", async () => {
            await h.admin.configure({ errorShape: "message" });
            const res = await call(h.emu, "POST", secretsPath(h.jobId), {});
            const body = res.body as Record<string, unknown>;
            assert.equal(body.status, 400);
            assert.equal(body.error, "Bad Request");
            assert.match(body.message as string, /key/);
            assert.ok(!("detail" in body));
        });
    });
});
