// Every public operation of the emulator answers with bodies that Qovery's own spec accepts.
import { strict as assert } from "node:assert";
import { validateRequestBody, validateResponseBody, matchOperation } from "../../emulator/openapi";
import { emulatorContract } from "../../emulator/routes";
import {
    call,
    secretPath,
    secretsPath,
    startHarness,
    UNKNOWN_ID,
    variablePath,
    variablesPath,
    type ApiResponse,
    type Harness,
} from "../emulator/helpers";

const LIST = "/job/{jobId}/secret";
const ONE = "/job/{jobId}/secret/{secretId}";

/** The answer has the status named, and the spec accepts its body for that status. */
function assertValid(method: string, template: string, res: ApiResponse, status: number): void {
    assert.equal(res.status, status, `${method} ${template}: ${res.text}`);
    const result = validateResponseBody(method, template, res.status, res.body);
    assert.ok(result.valid, `${method} ${template} ${res.status}: ${result.errors.join("; ")}\n${res.text}`);
}

describe("contract: emulator responses match the Qovery OpenAPI spec", () => {
    let h: Harness;
    before(async () => {
        h = await startHarness();
    });
    after(() => h.emu.stop());
    beforeEach(() => h.admin.reset());

    it("list (empty and populated), create (VALUE and FILE), edit and delete", async () => {
        assertValid("GET", LIST, await call(h.emu, "GET", secretsPath(h.jobId)), 200);

        const value = await call(h.emu, "POST", secretsPath(h.jobId), { key: "A", value: "v", description: null });
        assert.equal(value.status, 201);
        assertValid("POST", LIST, value, 201);
        const file = await call(h.emu, "POST", secretsPath(h.jobId), {
            key: "F",
            value: "v",
            mount_path: "/f",
            description: "d",
            enable_interpolation_in_file: true,
        });
        assert.equal(file.status, 201);
        assertValid("POST", LIST, file, 201);
        await h.admin.seedSecret(h.jobId, { key: "INHERITED", scope: "ENVIRONMENT" });

        const list = await call(h.emu, "GET", secretsPath(h.jobId));
        assert.equal((list.body as { results: unknown[] }).results.length, 3);
        assertValid("GET", LIST, list, 200);

        const id = (value.body as { id: string }).id;
        const edited = await call(h.emu, "PUT", secretPath(h.jobId, id), { key: "B", value: "w", description: "x" });
        assert.equal(edited.status, 200);
        assertValid("PUT", ONE, edited, 200);

        const deleted = await call(h.emu, "DELETE", secretPath(h.jobId, id));
        assert.equal(deleted.status, 204);
        assertValid("DELETE", ONE, deleted, 204);
    });

    it("documented error statuses (400, 401, 404) are valid responses of their operations", async () => {
        assertValid("POST", LIST, await call(h.emu, "POST", secretsPath(h.jobId), { value: "no key" }), 400);
        assertValid(
            "GET",
            LIST,
            await call(h.emu, "GET", secretsPath(h.jobId), undefined, { authorization: null }),
            401,
        );
        assertValid("PUT", ONE, await call(h.emu, "PUT", secretPath(h.jobId, UNKNOWN_ID), { key: "A" }), 404);
        assertValid("DELETE", ONE, await call(h.emu, "DELETE", secretPath(UNKNOWN_ID, UNKNOWN_ID)), 404);
    });

    it("409 is an undocumented status: the validator says so", async () => {
        await call(h.emu, "POST", secretsPath(h.jobId), { key: "A" });
        const res = await call(h.emu, "POST", secretsPath(h.jobId), { key: "A" });
        assert.equal(res.status, 409);
        const result = validateResponseBody("POST", LIST, res.status, res.body);
        assert.equal(result.valid, false);
        assert.match(result.errors[0] ?? "", /not documented/);
    });

    it("every logged request maps to a spec operation and the valid ones pass validateRequestBody", async () => {
        await call(h.emu, "POST", secretsPath(h.jobId), { key: "A", value: "v" });
        await call(h.emu, "GET", secretsPath(h.jobId));
        for (const entry of await h.admin.requests()) {
            const op = matchOperation(entry.method, entry.path);
            assert.ok(op, `${entry.method} ${entry.path}`);
            assert.ok(validateRequestBody(entry.method, op.pathTemplate, entry.body ?? undefined).valid);
        }
    });

    describe("the validator can fail", () => {
        let good: Record<string, unknown>;
        before(async () => {
            await h.admin.reset();
            good = (await call(h.emu, "POST", secretsPath(h.jobId), { key: "A", value: "v" })).body as Record<
                string,
                unknown
            >;
            assert.ok(validateResponseBody("POST", LIST, 201, good).valid);
        });

        const wrong: [string, (s: Record<string, unknown>) => unknown, RegExp][] = [
            ["a non-uuid id", (s) => ({ ...s, id: "42" }), /id must match format "uuid"/],
            ["a missing key", ({ key: _key, ...rest }) => rest, /required property 'key'/],
            [
                "an unknown scope",
                (s) => ({ ...s, scope: "GALAXY" }),
                /scope must be equal to one of the allowed values/,
            ],
            ["created_at not a date-time", (s) => ({ ...s, created_at: "yesterday" }), /created_at must match format/],
            [
                "a null aliased_secret (not nullable)",
                (s) => ({ ...s, aliased_secret: null }),
                /aliased_secret must be object/,
            ],
            ["description over 255 characters", (s) => ({ ...s, description: "x".repeat(256) }), /description/],
            ["a number as enable_interpolation_in_file", (s) => ({ ...s, enable_interpolation_in_file: 1 }), /boolean/],
        ];
        for (const [label, mutate, pattern] of wrong) {
            it(`rejects a Secret with ${label}`, () => {
                const result = validateResponseBody("POST", LIST, 201, mutate(good));
                assert.equal(result.valid, false);
                assert.match(result.errors.join("\n"), pattern);
            });
        }

        it("rejects a list whose results hold a wrong Secret, and a list that is not an object", () => {
            assert.equal(validateResponseBody("GET", LIST, 200, { results: [{ ...good, id: 1 }] }).valid, false);
            assert.equal(validateResponseBody("GET", LIST, 200, [good]).valid, false);
        });

        it("rejects a body on a 204", () => {
            assert.equal(validateResponseBody("DELETE", ONE, 204, { status: 204 }).valid, false);
        });
    });
});

describe("contract: the variable family's responses match the Qovery OpenAPI spec", () => {
    const contract = emulatorContract();
    const VARS = "/job/{jobId}/environmentVariable";
    const VAR = "/job/{jobId}/environmentVariable/{environmentVariableId}";
    let h: Harness;
    before(async () => {
        h = await startHarness();
    });
    after(() => h.emu.stop());
    beforeEach(() => h.admin.reset());

    /** The answer has the status named, and the spec accepts its body for that status. */
    function valid(method: string, template: string, res: ApiResponse, status: number): void {
        assert.equal(res.status, status, `${method} ${template}: ${res.text}`);
        const result = contract.validateResponseBody(method, template, res.status, res.body);
        assert.ok(result.valid, `${method} ${template} ${res.status}: ${result.errors.join("; ")}\n${res.text}`);
    }

    it("variables: list, create (VALUE, FILE, no value), edit, delete, and inherited rows", async () => {
        valid("GET", VARS, await call(h.emu, "GET", variablesPath(h.jobId)), 200);
        const plain = await call(h.emu, "POST", variablesPath(h.jobId), { key: "A", value: "1", description: null });
        assert.equal(plain.status, 201);
        valid("POST", VARS, plain, 201);
        const file = await call(h.emu, "POST", variablesPath(h.jobId), { key: "F", value: "x", mount_path: "/f" });
        valid("POST", VARS, file, 201);
        valid("POST", VARS, await call(h.emu, "POST", variablesPath(h.jobId), { key: "EMPTY" }), 201);
        await h.admin.seedVariable(h.jobId, { key: "P", scope: "PROJECT" });
        await h.admin.seedVariable(h.jobId, { key: "QOVERY_X", value: "b", scope: "BUILT_IN" });
        const id = (plain.body as { id: string }).id;
        const edited = await call(h.emu, "PUT", variablePath(h.jobId, id), { key: "B", mount_path: "/m" });
        assert.equal(edited.status, 200);
        valid("PUT", VAR, edited, 200);
        const list = await call(h.emu, "GET", variablesPath(h.jobId));
        assert.equal((list.body as { results: unknown[] }).results.length, 5);
        valid("GET", VARS, list, 200);
        const deleted = await call(h.emu, "DELETE", variablePath(h.jobId, id));
        assert.equal(deleted.status, 204);
        valid("DELETE", VAR, deleted, 204);
    });

    const families = [
        {
            name: "secret",
            collection: secretsPath,
            seed: "seedSecret" as const,
            base: "/job/{jobId}/secret/{secretId}",
        },
        { name: "variable", collection: variablesPath, seed: "seedVariable" as const, base: VAR },
    ];
    for (const f of families) {
        it(`${f.name} aliases and overrides: 201 bodies, the list holding them, documented 400s`, async () => {
            const parent = await h.admin[f.seed](h.jobId, { key: "P", value: "p", scope: "PROJECT" });
            const file = await h.admin[f.seed](h.jobId, {
                key: "F",
                value: "f",
                mount_path: "/f",
                scope: "ENVIRONMENT",
            });
            const one = (id: string, action: string): string => `${f.collection(h.jobId)}/${id}/${action}`;
            const alias = await call(h.emu, "POST", one(parent.id, "alias"), { key: "A", description: "d" });
            assert.equal(alias.status, 201);
            valid("POST", `${f.base}/alias`, alias, 201);
            const fileAlias = await call(h.emu, "POST", one(file.id, "alias"), { key: "FA" });
            assert.equal(fileAlias.status, 201);
            valid("POST", `${f.base}/alias`, fileAlias, 201);
            const override = await call(h.emu, "POST", one(parent.id, "override"), { value: "o" });
            assert.equal(override.status, 201);
            valid("POST", `${f.base}/override`, override, 201);
            const list = await call(h.emu, "GET", f.collection(h.jobId));
            assert.equal((list.body as { results: unknown[] }).results.length, 5);
            valid("GET", f.base.replace(/\/\{[^}]+\}$/, ""), list, 200);
            const refused = await call(h.emu, "POST", one(file.id, "override"), { value: "x" });
            assert.equal(refused.status, 400);
            valid("POST", `${f.base}/override`, refused, 400);
            const aliasOfAlias = await call(h.emu, "POST", one((alias.body as { id: string }).id, "alias"), {
                key: "AA",
            });
            assert.equal(aliasOfAlias.status, 400);
            valid("POST", `${f.base}/alias`, aliasOfAlias, 400);
            const editOverride = await call(
                h.emu,
                "PUT",
                `${f.collection(h.jobId)}/${(override.body as { id: string }).id}`,
                {
                    key: "P",
                    value: "o2",
                },
            );
            assert.equal(editOverride.status, 200);
            valid("PUT", f.base, editOverride, 200);
        });
    }

    it("the validator can fail on the new shapes", async () => {
        const parent = await h.admin.seedVariable(h.jobId, { key: "P", value: "p", scope: "PROJECT" });
        const alias = (await call(h.emu, "POST", `${variablesPath(h.jobId)}/${parent.id}/alias`, { key: "A" }))
            .body as Record<string, unknown>;
        assert.ok(contract.validateResponseBody("POST", `${VAR}/alias`, 201, alias).valid);
        const link = alias.aliased_variable as Record<string, unknown>;
        const wrong: [string, unknown, RegExp][] = [
            ["a null value", { ...alias, value: null }, /value must be string/],
            ["no scope", { ...alias, scope: undefined }, /required property 'scope'/],
            [
                "a link without mount_path",
                { ...alias, aliased_variable: { ...link, mount_path: undefined } },
                /mount_path/,
            ],
            [
                "a null mount_path in the link",
                { ...alias, aliased_variable: { ...link, mount_path: null } },
                /mount_path/,
            ],
            ["a null aliased_variable", { ...alias, aliased_variable: null }, /aliased_variable must be object/],
        ];
        for (const [label, body, pattern] of wrong) {
            const result = contract.validateResponseBody("POST", `${VAR}/alias`, 201, JSON.parse(JSON.stringify(body)));
            assert.equal(result.valid, false, label);
            assert.match(result.errors.join("\n"), pattern, label);
        }
    });
});

describe("contract: deployment responses match the Qovery OpenAPI spec", () => {
    const contract = emulatorContract();
    let h: Harness;
    before(async () => {
        h = await startHarness();
    });
    after(() => h.emu.stop());
    beforeEach(() => h.admin.reset());

    /** The answer has the status named, and the spec accepts its body for that status. */
    function valid(method: string, template: string, res: ApiResponse, status: number): void {
        assert.equal(res.status, status, `${method} ${template}: ${res.text}`);
        const result = contract.validateResponseBody(method, template, res.status, res.body);
        assert.ok(result.valid, `${method} ${template} ${res.status}: ${result.errors.join("; ")}\n${res.text}`);
    }

    it("status in every state, deploy and redeploy 202 and 409, documented 400 and 404", async () => {
        const statusOf = () => call(h.emu, "GET", `/job/${h.jobId}/status`);
        valid("GET", "/job/{jobId}/status", await statusOf(), 200);
        await h.admin.setDeploymentTiming({ queuedMs: 60_000, deployingMs: 60_000 });
        const queued = await call(h.emu, "POST", `/job/${h.jobId}/deploy`, { image_tag: "v1" });
        assert.equal(queued.status, 202);
        valid("POST", "/job/{jobId}/deploy", queued, 202);
        const busy = await call(h.emu, "POST", `/job/${h.jobId}/redeploy`);
        assert.equal(busy.status, 409);
        valid("POST", "/job/{jobId}/redeploy", busy, 409);
        valid("POST", "/job/{jobId}/deploy", await call(h.emu, "POST", `/job/${h.jobId}/deploy`), 409);
        for (const [queuedMs, deployingMs, outcome] of [
            [0, 60_000, "success"],
            [0, 0, "failure"],
            [0, 0, "success"],
        ] as const) {
            await h.admin.reset();
            await h.admin.programDeployment(h.jobId, { queuedMs, deployingMs, outcome });
            const res = await call(h.emu, "POST", `/job/${h.jobId}/redeploy`);
            assert.equal(res.status, 202);
            valid("POST", "/job/{jobId}/redeploy", res, 202);
            valid("GET", "/job/{jobId}/status", await statusOf(), 200);
        }
        valid(
            "POST",
            "/job/{jobId}/deploy",
            await call(h.emu, "POST", `/job/${h.jobId}/deploy`, { image_tag: 1 }),
            400,
        );
        valid("GET", "/job/{jobId}/status", await call(h.emu, "GET", `/job/${UNKNOWN_ID}/status`), 404);
    });

    it("the validator can fail on a Status", async () => {
        const good = (await call(h.emu, "GET", `/job/${h.jobId}/status`)).body as Record<string, unknown>;
        const check = (body: unknown) => contract.validateResponseBody("GET", "/job/{jobId}/status", 200, body);
        assert.ok(check(good).valid);
        assert.match(check({ ...good, state: "SLEEPING" }).errors.join(), /state must be equal to one of/);
        assert.match(
            check({ ...good, deployment_requests_count: undefined }).errors.join(),
            /deployment_requests_count/,
        );
        assert.match(check({ ...good, service_deployment_status: "STALE" }).errors.join(), /service_deployment_status/);
    });
});
