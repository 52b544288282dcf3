import assert from "node:assert/strict";
import {
    ApiError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    PermissionError,
    RateLimitError,
    SecretOperationError,
    ServerError,
    apiErrorFor,
} from "../../provider/qovery/errors";
import { qoveryMessageFrom, redact } from "../../provider/qovery/messages";

describe("error bodies and messages", () => {
    it("reads Qovery's {detail} shape", () => {
        assert.equal(qoveryMessageFrom('{"status":400,"detail":"key is invalid"}'), "key is invalid");
    });
    it("reads Qovery's {message} shape", () => {
        assert.equal(
            qoveryMessageFrom('{"status":409,"error":"Conflict","message":"Variable already exists: K"}'),
            "Variable already exists: K",
        );
    });
    it("falls back to {error}, then to short text; ignores HTML and empty bodies", () => {
        assert.equal(qoveryMessageFrom('{"error":"Forbidden"}'), "Forbidden");
        assert.equal(qoveryMessageFrom("upstream timed out"), "upstream timed out");
        assert.equal(qoveryMessageFrom("<html><body>502</body></html>"), undefined);
        assert.equal(qoveryMessageFrom(""), undefined);
        assert.equal(qoveryMessageFrom("{}"), undefined);
    });
    it("shortens long messages to one line", () => {
        const m = qoveryMessageFrom(JSON.stringify({ detail: "x\n".repeat(1000) }))!;
        assert.ok(m.length <= 503 && !m.includes("\n"));
    });

    describe("redact", () => {
        it("replaces long secrets", () => {
            assert.equal(redact("bad value abcdefghij here", ["abcdefghij"]), "bad value [redacted] here");
        });
        it("replaces a short secret where it stands alone, not inside other words", () => {
            assert.equal(redact("value 'pw' refused: pwd", ["pw"]), "value '[redacted]' refused: pwd");
            assert.equal(redact("Job not found: very", ["v"]), "Job not found: very");
            assert.equal(redact("bad (v) value", ["v"]), "bad ([redacted]) value");
        });
        it("escapes secrets that look like regular expressions", () => {
            assert.equal(redact("got a.b* here", ["a.b*"]), "got [redacted] here");
        });
        it("leaves texts without secrets alone, and ignores empty secrets", () => {
            assert.equal(redact("all fine", ["", undefined, "other-secret"]), "all fine");
        });
    });

    describe("typed errors", () => {
        const init = { method: "PUT", path: "/job/j/secret/s", qoveryMessage: "nope" };
        const table: [number, new (...a: never[]) => ApiError][] = [
            [400, BadRequestError],
            [401, AuthenticationError],
            [403, PermissionError],
            [404, NotFoundError],
            [409, ConflictError],
            [429, RateLimitError],
            [500, ServerError],
            [503, ServerError],
        ];
        for (const [status, cls] of table) {
            it(`${status} → ${cls.name}`, () => {
                const e = apiErrorFor({ ...init, status });
                assert.ok(e instanceof cls);
                assert.ok(e instanceof ApiError);
                assert.equal(e.status, status);
                assert.match(e.message, new RegExp(`${status} to PUT /job/j/secret/s: nope`));
            });
        }
        it("other statuses stay a plain ApiError", () => {
            const e = apiErrorFor({ ...init, status: 418 });
            assert.equal(e.constructor, ApiError);
        });
        it("a hook error names the operation, the key, the ids and what to do", () => {
            const e = new SecretOperationError(
                "update",
                { key: "DB_PASSWORD", jobId: "job-1", secretId: "sec-1" },
                apiErrorFor({ ...init, status: 401 }),
            );
            assert.match(e.message, /^Could not update Qovery job secret "DB_PASSWORD" \(id sec-1\) in job job-1: /);
            assert.match(e.message, /qovery:apiToken/);
        });
        it("a hook error about an unexpected failure keeps secrets out", () => {
            const e = new SecretOperationError("create", { key: "K" }, new TypeError("bad thing topsecretvalue"), [
                "topsecretvalue",
            ]);
            assert.ok(!e.message.includes("topsecretvalue"));
            assert.match(e.message, /unexpected TypeError/);
        });
    });
});
