// The import routes over real HTTP: POST /variable/import?service_id&service_type and the per-service
// /{application|container|job}/{id}/environmentVariable/import, with Qovery's rules (overwrite, never a
// secret, never a QOVERY_ name, partial success), and every answer checked against the spec's schemas.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { emulatorContract } from "../../emulator/routes";
import { startEmulator } from "../../emulator/server";
import type { StoredSecret } from "../../emulator/types";
import { EmulatorAdmin } from "../../emulator/admin";
import { attempt, call, ISO_MS_RE, startHarness, UNKNOWN_ID, type ApiResponse, type Harness } from "./helpers";

interface Row {
    id: string;
    key: string;
    value: string | null;
    scope: string;
    is_secret: boolean;
    created_at: string;
    updated_at: string;
}
interface ImportVar {
    name: string;
    value: string;
    scope: string;
    is_secret: boolean;
}
interface ImportAnswer {
    total_variables_to_import: number;
    successful_imported_variables: { name: string; value?: string; scope: string; is_secret: boolean }[];
}

const IMPORT = "/variable/import";

/** The answer has the status named and a body the spec accepts for it. */
function valid(method: string, template: string, res: ApiResponse, status: number): void {
    assert.equal(res.status, status, `${method} ${template}: ${res.text}`);
    const check = emulatorContract().validateResponseBody(method, template, res.status, res.body);
    assert.ok(check.valid, `${method} ${template} ${res.status}: ${check.errors.join("; ")}\n${res.text}`);
}

const detail = (res: ApiResponse): string => (res.body as { detail: string }).detail;
const plain = (name: string, value: string, scope: string): ImportVar => ({ name, value, scope, is_secret: false });
const secret = (name: string, value: string, scope: string): ImportVar => ({ name, value, scope, is_secret: true });

describe("emulator: the variable import routes", () => {
    let h: Harness;
    let project: string;
    let env: string;
    let app: string;
    let container: string;
    let job: string;

    before(async () => {
        h = await startHarness();
    });
    after(() => h.emu.stop());
    beforeEach(async () => {
        await h.admin.reset();
        project = await h.admin.createProject({ name: "p" });
        env = await h.admin.createEnvironment(project, { name: "e" });
        app = await h.admin.createService("APPLICATION", env, { name: "web" });
        container = await h.admin.createService("CONTAINER", env, { name: "api", builtIns: false });
        job = await h.admin.createService("JOB", env, { name: "cron", builtIns: false });
    });

    const importInto = (id: string, type: string, body: unknown): Promise<ApiResponse> =>
        call(h.emu, "POST", `${IMPORT}?service_id=${id}&service_type=${type}`, body);
    const imported = async (id: string, type: string, overwrite: boolean, vars: ImportVar[]) => {
        const res = await importInto(id, type, { overwrite, vars });
        valid("POST", IMPORT, res, 201);
        return res.body as ImportAnswer;
    };
    const list = async (parent: string, scope: string): Promise<Row[]> => {
        const res = await call(h.emu, "GET", `/variable?parent_id=${parent}&scope=${scope}`);
        valid("GET", "/variable", res, 200);
        return (res.body as { results: Row[] }).results;
    };
    const create = async (scope: string, parent: string, key: string, isSecret = false): Promise<Row> => {
        const res = await call(h.emu, "POST", "/variable", {
            key,
            value: `${key}-old`,
            is_secret: isSecret,
            variable_scope: scope,
            variable_parent_id: parent,
        });
        valid("POST", "/variable", res, 201);
        return res.body as Row;
    };
    const stored = async (key: string): Promise<StoredSecret[]> =>
        (await h.admin.storedRows()).filter((r) => r.key === key);

    it("imports every var into the service's, its environment's or its project's scope: ordinary rows", async () => {
        const vars = [
            plain("A", "a", "APPLICATION"),
            secret("S", "s3cr3t", "APPLICATION"),
            plain("E", "e", "ENVIRONMENT"),
            secret("P", "p", "PROJECT"),
        ];
        const answer = await imported(app, "APPLICATION", false, vars);
        assert.deepEqual(answer, {
            total_variables_to_import: 4,
            successful_imported_variables: [
                { name: "A", value: "a", scope: "APPLICATION", is_secret: false },
                { name: "S", scope: "APPLICATION", is_secret: true },
                { name: "E", value: "e", scope: "ENVIRONMENT", is_secret: false },
                { name: "P", scope: "PROJECT", is_secret: true },
            ],
        });
        const rows = (await list(app, "APPLICATION")).filter((r) => !r.key.startsWith("QOVERY_"));
        assert.deepEqual(
            rows.map((r) => [r.key, r.scope, r.is_secret, r.value]),
            [
                ["A", "APPLICATION", false, "a"],
                ["S", "APPLICATION", true, null],
                ["E", "ENVIRONMENT", false, "e"],
                ["P", "PROJECT", true, null],
            ],
        );
        for (const r of rows) assert.match(r.created_at, ISO_MS_RE);
        // Held by the environment and the project: a sibling service sees them too.
        assert.deepEqual(
            (await list(container, "CONTAINER")).filter((r) => !r.key.startsWith("QOVERY_")).map((r) => r.key),
            ["E", "P"],
        );
        const [s] = await stored("S");
        assert.equal(s?.value, "s3cr3t", "the secret's value is stored");
        assert.equal(s?.parent_id, app);
    });

    it("the per-service routes import the same way; a job's rows are the job routes' rows (same ids)", async () => {
        const template = (kind: string, param: string) => `/${kind}/{${param}}/environmentVariable/import`;
        for (const [kind, param, id, scope] of [
            ["application", "applicationId", app, "APPLICATION"],
            ["container", "containerId", container, "CONTAINER"],
            ["job", "jobId", job, "JOB"],
        ] as const) {
            const res = await call(h.emu, "POST", `/${kind}/${id}/environmentVariable/import`, {
                overwrite: false,
                vars: [plain(`V_${scope}`, "v", scope), secret(`S_${scope}`, "s", scope)],
            });
            valid("POST", template(kind, param), res, 201);
            assert.deepEqual(
                (res.body as ImportAnswer).successful_imported_variables.map((v) => v.name),
                [`V_${scope}`, `S_${scope}`],
            );
        }
        const own = (rows: Row[]): string[] => rows.filter((r) => r.scope === "JOB").map((r) => `${r.id} ${r.key}`);
        const byId = own(await list(job, "JOB"));
        const jobVariables = await call(h.emu, "GET", `/job/${job}/environmentVariable`);
        const jobSecrets = await call(h.emu, "GET", `/job/${job}/secret`);
        const seen = [
            ...(jobVariables.body as { results: Row[] }).results,
            ...(jobSecrets.body as { results: Row[] }).results,
        ];
        assert.deepEqual(own(seen).sort(), byId.sort());
        assert.equal(byId.length, 2);
    });

    it("partial success: an existing secret, a QOVERY_ name and a key held elsewhere are skipped, not reported", async () => {
        const heldSecret = await create("APPLICATION", app, "TOKEN", true);
        await create("PROJECT", project, "SHARED");
        await create("CONTAINER", container, "SIBLING");
        const answer = await imported(app, "APPLICATION", true, [
            plain("FIRST", "1", "APPLICATION"),
            plain("TOKEN", "plain now", "APPLICATION"),
            secret("TOKEN", "new secret", "APPLICATION"),
            plain("QOVERY_CUSTOM", "x", "APPLICATION"),
            // The project's SHARED is in the application's list: a second row would duplicate the key.
            plain("SHARED", "again", "APPLICATION"),
            // The container's SIBLING would be in the container's list beside an environment row.
            plain("SIBLING", "again", "ENVIRONMENT"),
            plain("LAST", "2", "APPLICATION"),
        ]);
        assert.equal(answer.total_variables_to_import, 7);
        assert.deepEqual(
            answer.successful_imported_variables.map((v) => v.name),
            ["FIRST", "LAST"],
        );
        const [token] = await stored("TOKEN");
        assert.equal(token?.value, "TOKEN-old", "an import never overwrites a secret");
        assert.equal(token?.id, heldSecret.id);
        assert.deepEqual(await stored("QOVERY_CUSTOM"), []);
        assert.deepEqual(
            (await stored("SHARED")).map((r) => [r.scope, r.value]),
            [["PROJECT", "SHARED-old"]],
        );
        assert.deepEqual(
            (await stored("SIBLING")).map((r) => [r.scope, r.value]),
            [["CONTAINER", "SIBLING-old"]],
        );
        // The BUILT_IN rows stay as they were.
        const builtIns = (await list(app, "APPLICATION")).filter((r) => r.key.startsWith("QOVERY_"));
        assert.ok(builtIns.length > 0 && builtIns.every((r) => r.scope === "BUILT_IN"));
    });

    it("overwrite: an existing plain variable at the same scope is updated when true, skipped when false", async () => {
        const before = await create("APPLICATION", app, "LEVEL");
        await create("ENVIRONMENT", env, "REGION");
        const kept = await imported(app, "APPLICATION", false, [
            plain("LEVEL", "debug", "APPLICATION"),
            plain("REGION", "eu", "ENVIRONMENT"),
        ]);
        assert.deepEqual(kept.successful_imported_variables, []);
        assert.deepEqual(
            (await list(app, "APPLICATION")).filter((r) => ["LEVEL", "REGION"].includes(r.key)).map((r) => r.value),
            ["LEVEL-old", "REGION-old"],
        );
        const updated = await imported(app, "APPLICATION", true, [
            plain("LEVEL", "debug", "APPLICATION"),
            plain("REGION", "eu", "ENVIRONMENT"),
            // A plain variable does not become a secret by import.
            secret("LEVEL", "hidden", "APPLICATION"),
        ]);
        assert.deepEqual(
            updated.successful_imported_variables.map((v) => [v.name, v.value]),
            [
                ["LEVEL", "debug"],
                ["REGION", "eu"],
            ],
        );
        const after = await list(app, "APPLICATION");
        const level = after.find((r) => r.key === "LEVEL");
        assert.equal(level?.id, before.id, "updated in place: the same row");
        assert.equal(level?.value, "debug");
        assert.equal(level?.is_secret, false);
        assert.equal(level?.created_at, before.created_at);
        assert.ok((level?.updated_at ?? "") >= before.updated_at);
        assert.equal(after.find((r) => r.key === "REGION")?.value, "eu");
    });

    it("vars are taken in order: a name twice in one request meets its first import", async () => {
        const answer = await imported(job, "JOB", false, [plain("TWICE", "1", "JOB"), plain("TWICE", "2", "JOB")]);
        assert.deepEqual(
            answer.successful_imported_variables.map((v) => v.value),
            ["1"],
        );
        const again = await imported(job, "JOB", true, [plain("TWICE", "3", "JOB"), plain("TWICE", "4", "JOB")]);
        assert.deepEqual(
            again.successful_imported_variables.map((v) => v.value),
            ["3", "4"],
        );
        assert.deepEqual(
            (await stored("TWICE")).map((r) => r.value),
            ["4"],
        );
    });

    it("refuses a bad request whole: nothing is written", async () => {
        const good = plain("GOOD", "g", "APPLICATION");
        const cases: [string, ApiResponse, number, RegExp][] = [
            ["overwrite missing", await importInto(app, "APPLICATION", { vars: [good] }), 400, /overwrite/],
            ["vars missing", await importInto(app, "APPLICATION", { overwrite: true }), 400, /vars/],
            ["no body", await importInto(app, "APPLICATION", undefined), 400, /required/],
            [
                "a var without value",
                await importInto(app, "APPLICATION", {
                    overwrite: true,
                    vars: [{ name: "X", scope: "APPLICATION", is_secret: false }],
                }),
                400,
                /value/,
            ],
            [
                "a scope outside the enum",
                await importInto(app, "APPLICATION", { overwrite: true, vars: [good, plain("X", "x", "GLOBAL")] }),
                400,
                /scope/,
            ],
            [
                "another service kind's scope",
                await importInto(app, "APPLICATION", { overwrite: true, vars: [good, plain("X", "x", "JOB")] }),
                400,
                /^vars\[1\]\.scope: JOB is not a scope this APPLICATION imports into/,
            ],
            [
                "BUILT_IN",
                await importInto(app, "APPLICATION", { overwrite: true, vars: [good, plain("X", "x", "BUILT_IN")] }),
                400,
                /^vars\[1\]\.scope: BUILT_IN/,
            ],
            [
                "service_type of another kind",
                await importInto(app, "CONTAINER", { overwrite: true, vars: [good] }),
                400,
                new RegExp(`^service_type: service ${app} is of type APPLICATION, not CONTAINER$`),
            ],
            [
                "no such service",
                await importInto(UNKNOWN_ID, "APPLICATION", { overwrite: true, vars: [good] }),
                404,
                new RegExp(`^Application not found: ${UNKNOWN_ID}$`),
            ],
            [
                "an environment is no service",
                await importInto(env, "JOB", { overwrite: true, vars: [good] }),
                404,
                /^Job not found/,
            ],
            [
                "service_type missing",
                await call(h.emu, "POST", `${IMPORT}?service_id=${app}`, { overwrite: true, vars: [good] }),
                400,
                /service_type/,
            ],
            [
                "service_id not a uuid",
                await importInto("web", "APPLICATION", { overwrite: true, vars: [good] }),
                400,
                /service_id/,
            ],
            [
                "no such container",
                await call(h.emu, "POST", `/container/${app}/environmentVariable/import`, {
                    overwrite: true,
                    vars: [good],
                }),
                404,
                new RegExp(`^Container not found: ${app}$`),
            ],
        ];
        for (const [name, res, status, text] of cases) {
            assert.equal(res.status, status, `${name}: ${res.text}`);
            assert.match(detail(res), text, name);
        }
        assert.deepEqual(await stored("GOOD"), []);
    });

    it("an import that writes makes the services that see its rows OUT_OF_DATE; one that skips all writes nothing", async () => {
        await h.admin.setDeploymentTiming({ queuedMs: 0, deployingMs: 0 });
        const status = async (kind: string, id: string): Promise<string> =>
            ((await call(h.emu, "GET", `/${kind}/${id}/status`)).body as { service_deployment_status: string })
                .service_deployment_status;
        await create("APPLICATION", app, "HELD", true);
        assert.equal((await call(h.emu, "POST", `/application/${app}/redeploy`)).status, 202);
        assert.equal((await call(h.emu, "POST", `/container/${container}/redeploy`)).status, 202);
        assert.equal(await status("application", app), "UP_TO_DATE");
        await imported(app, "APPLICATION", true, [
            secret("HELD", "x", "APPLICATION"),
            plain("QOVERY_X", "x", "APPLICATION"),
        ]);
        assert.equal(await status("application", app), "UP_TO_DATE", "everything skipped: nothing written");
        await imported(app, "APPLICATION", false, [plain("OWN", "o", "APPLICATION")]);
        assert.equal(await status("application", app), "OUT_OF_DATE");
        assert.equal(await status("container", container), "UP_TO_DATE", "a sibling does not see the row");
        await imported(app, "APPLICATION", false, [plain("ENV_WIDE", "e", "ENVIRONMENT")]);
        assert.equal(await status("container", container), "OUT_OF_DATE", "an environment row it sees");
    });

    it("an empty import is a 201 with nothing imported", async () => {
        assert.deepEqual(await imported(app, "APPLICATION", true, []), {
            total_variables_to_import: 0,
            successful_imported_variables: [],
        });
    });

    it("one request counts once against the rate limit and in the stats, whatever the number of vars", async () => {
        await h.admin.configure({ rateLimit: { limit: 2, windowSeconds: 3600 } });
        const vars = Array.from({ length: 50 }, (_, i) => plain(`K${i}`, `v${i}`, "APPLICATION"));
        const res = await importInto(app, "APPLICATION", { overwrite: false, vars });
        valid("POST", IMPORT, res, 201);
        assert.equal((res.body as ImportAnswer).successful_imported_variables.length, 50);
        assert.equal(res.headers.get("x-ratelimit-remaining"), "1");
        assert.equal((await h.admin.stats()).requests, 1);
        assert.deepEqual((await h.admin.operationStats())["POST /variable/import"], {
            requests: 1,
            byStatus: { "201": 1 },
        });
        const [entry] = await h.admin.requests();
        assert.equal(entry?.path, IMPORT);
        assert.equal(entry?.status, 201);
        assert.equal(entry?.valid, true);
    });

    it("a 429 from the rate limiter performs nothing", async () => {
        await h.admin.configure({ rateLimit: { limit: 1, windowSeconds: 3600 } });
        assert.equal((await call(h.emu, "GET", `/variable?parent_id=${app}&scope=APPLICATION`)).status, 200);
        const res = await importInto(app, "APPLICATION", {
            overwrite: true,
            vars: [plain("LATE", "x", "APPLICATION")],
        });
        assert.equal(res.status, 429);
        assert.equal(res.headers.get("x-ratelimit-remaining"), "0");
        assert.deepEqual(await stored("LATE"), []);
        assert.equal((await h.admin.stats()).rateLimited, 1);
    });

    it("without the token: 401 and nothing written", async () => {
        const res = await call(
            h.emu,
            "POST",
            `${IMPORT}?service_id=${app}&service_type=APPLICATION`,
            { overwrite: true, vars: [plain("NOAUTH", "x", "APPLICATION")] },
            { authorization: null },
        );
        assert.equal(res.status, 401);
        assert.deepEqual(await stored("NOAUTH"), []);
    });

    it('a fault that drops the connection "after": the import was performed, a later list shows its rows', async () => {
        await h.admin.fault({ method: "POST", path: IMPORT, drop: "after" });
        const started = new Date().toISOString();
        const lost = await attempt(h.emu, "POST", `${IMPORT}?service_id=${job}&service_type=JOB`, {
            overwrite: false,
            vars: [plain("LOST_A", "a", "JOB"), secret("LOST_S", "s", "JOB")],
        });
        assert.ok(lost instanceof Error, "the client got no answer");
        const rows = (await list(job, "JOB")).filter((r) => r.key.startsWith("LOST_"));
        assert.deepEqual(
            rows.map((r) => r.key),
            ["LOST_A", "LOST_S"],
        );
        for (const r of rows) assert.ok(r.created_at >= started, `${r.created_at} after ${started}`);
        const [entry] = await h.admin.requests();
        assert.equal(entry?.fault, "drop-after");
        assert.equal(entry?.status, 201);
    });

    it("a fault answering instead of the import writes nothing", async () => {
        await h.admin.fault({ method: "POST", path: "/job/{jobId}/environmentVariable/import", status: 503 });
        const res = await call(h.emu, "POST", `/job/${job}/environmentVariable/import`, {
            overwrite: false,
            vars: [plain("NOPE", "x", "JOB")],
        });
        assert.equal(res.status, 503);
        assert.deepEqual(await stored("NOPE"), []);
    });

    it("the persisted file holds what an import made and changed, values included", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qovery-emulator-import-"));
        const file = path.join(dir, "emulator.json");
        const JOB = "11111111-2222-4333-8444-555555555555";
        try {
            const first = await startEmulator({ persistPath: file, jobs: [JOB] });
            try {
                await call(first, "POST", `/job/${JOB}/environmentVariable`, { key: "OLD", value: "1" });
                const res = await call(first, "POST", `/job/${JOB}/environmentVariable/import`, {
                    overwrite: true,
                    vars: [plain("OLD", "2", "JOB"), secret("NEW", "kept", "JOB")],
                });
                assert.equal(res.status, 201);
            } finally {
                await first.stop();
            }
            const second = await startEmulator({ persistPath: file });
            try {
                const rows = await new EmulatorAdmin(second.url).storedRows();
                assert.deepEqual(
                    rows.map((r) => [r.key, r.value, r.is_secret]),
                    [
                        ["OLD", "2", false],
                        ["NEW", "kept", true],
                    ],
                );
            } finally {
                await second.stop();
            }
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
