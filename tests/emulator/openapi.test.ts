import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    OpenApiContract,
    defaultSpecPath,
    matchOperation,
    validateRequestBody,
    validateResponseBody,
} from "../../emulator/openapi";

const ID = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

describe("emulator: OpenAPI validators", () => {
    it("uses the job-secret extract (tests/emulator/specExtracts.test.ts checks it against the full spec)", () => {
        assert.equal(path.basename(defaultSpecPath()), "job-secrets.openapi.yaml");
        assert.match(
            fs.readFileSync(defaultSpecPath(), "utf8"),
            /Source commit: {5}651aed53ce272a6fb6ec695a68b06dcd55170092/,
        );
    });

    it("matchOperation maps concrete paths to templates and params", () => {
        assert.deepEqual(matchOperation("PUT", `/job/${ID}/secret/abc`), {
            pathTemplate: "/job/{jobId}/secret/{secretId}",
            params: { jobId: ID, secretId: "abc" },
        });
        assert.deepEqual(matchOperation("get", `/job/${ID}/secret?x=1`), {
            pathTemplate: "/job/{jobId}/secret",
            params: { jobId: ID },
        });
        assert.equal(
            matchOperation("POST", `/job/${ID}/secret/abc/alias`)?.pathTemplate,
            "/job/{jobId}/secret/{secretId}/alias",
        );
        assert.equal(matchOperation("GET", `/job/${ID}/secret/abc`), undefined, "no GET of one secret in the spec");
        assert.equal(matchOperation("GET", "/job//secret"), undefined);
        assert.equal(matchOperation("GET", "/nope"), undefined);
    });

    it("validateRequestBody applies SecretRequest / SecretEditRequest, nullable and maxLength", () => {
        const create = "/job/{jobId}/secret";
        assert.deepEqual(
            validateRequestBody("POST", create, { key: "K", value: "", mount_path: null, description: null }),
            {
                valid: true,
                errors: [],
            },
        );
        const missing = validateRequestBody("POST", create, { value: "v", description: 1 });
        assert.equal(missing.valid, false);
        assert.deepEqual(missing.errors, ["body must have required property 'key'", "body/description must be string"]);
        assert.equal(validateRequestBody("POST", create, { key: "K", description: "x".repeat(256) }).valid, false);
        assert.equal(validateRequestBody("PUT", "/job/{jobId}/secret/{secretId}", {}).valid, false);
        assert.equal(
            validateRequestBody("PUT", "/job/{jobId}/secret/{secretId}", undefined).valid,
            false,
            "required body",
        );
        assert.equal(validateRequestBody("GET", create, undefined).valid, true);
        assert.equal(validateRequestBody("GET", create, { x: 1 }).valid, false, "GET takes no body");
        assert.equal(validateRequestBody("PATCH", create, {}).valid, false);
    });

    it("validatePathParams checks the uuid format of path parameters", () => {
        const contract = OpenApiContract.fromFile();
        assert.equal(contract.validatePathParams("GET", "/job/{jobId}/secret", { jobId: ID }).valid, true);
        assert.equal(contract.validatePathParams("GET", "/job/{jobId}/secret", { jobId: "j" }).valid, false);
        assert.equal(contract.validatePathParams("GET", "/job/{jobId}/secret", {}).valid, false);
    });

    it("validateResponseBody: undeclared statuses fail, 204 must be empty, schema-less errors pass", () => {
        const one = "/job/{jobId}/secret/{secretId}";
        assert.equal(validateResponseBody("DELETE", one, 204, undefined).valid, true);
        assert.equal(validateResponseBody("DELETE", one, 204, { a: 1 }).valid, false);
        assert.equal(validateResponseBody("DELETE", one, 404, { status: 404, detail: "x" }).valid, true);
        assert.match(validateResponseBody("DELETE", one, 409, {}).errors[0] ?? "", /not documented/);
        assert.equal(validateResponseBody("PUT", one, 200, undefined).valid, false);
    });

    it("rejects documents that are not OpenAPI 3.0", () => {
        assert.throws(() => new OpenApiContract({ openapi: "3.1.0", paths: {} }), /unsupported/);
        assert.throws(() => new OpenApiContract({ swagger: "2.0" }), /not an OpenAPI document/);
    });
});
