import assert from "node:assert/strict";
import { SecretOperationError, apiErrorFor } from "../../provider/qovery/errors";
import { WITHHELD, qoveryMessageFrom, redact, safeMessage } from "../../provider/qovery/messages";
import { ECHO_SHAPES, awkwardValues, leaks } from "../support/echoShapes";

describe("redaction: no value in any message, whatever its shape", function () {
    this.timeout(60_000);
    const values = awkwardValues();

    for (const { label, value } of values) {
        for (const shape of ECHO_SHAPES) {
            it(`${label}, quoted ${shape.label}: redacted before the message is shortened`, () => {
                for (const body of [
                    JSON.stringify({ status: 400, detail: shape.echo(value) }),
                    JSON.stringify({ status: 400, error: "Bad Request", message: shape.echo(value) }),
                    shape.echo(value), // a proxy's plain-text answer
                ]) {
                    const shown = qoveryMessageFrom(body, [value, "some-token-value"])!;
                    assert.ok(shown.length <= 503, `shortened: ${shown.length}`);
                    assert.ok(!shown.includes("\n"), "one line");
                    assert.ok(!leaks(shown, value), `leaked: ${shown.slice(0, 200)}`);
                }
            });
        }
    }

    it("the leak check can fail: shortening before redacting (the old order) leaks a PEM", () => {
        const pem = values[0].value;
        const body = JSON.stringify({ detail: `value '${pem}' is not valid` });
        const shortenedFirst = JSON.parse(body).detail.replace(/\s+/g, " ").slice(0, 500);
        const oldOrder = shortenedFirst.split(pem).join("[redacted]");
        assert.ok(leaks(oldOrder, pem), "the check sees the leak");
        assert.ok(!leaks(qoveryMessageFrom(body, [pem])!, pem));
    });

    it("keeps a message readable: a short value that is part of ordinary words is cut only where it stands alone", () => {
        const shown = qoveryMessageFrom(JSON.stringify({ detail: "Variable already exists: able; unable to create" }), [
            "able",
        ]);
        assert.equal(shown, "Variable already exists: [redacted]; unable to create");
    });

    it("a long value that shares a short word with the message does not mangle it", () => {
        const shown = redact("Variable already exists: KEY", ["a-long-secret-value-with-the-word-exists"]);
        assert.equal(shown, "Variable already exists: KEY");
    });

    it("the token is redacted as well as the value, in every form", () => {
        const token = 'qov_t0ken"with\\quotes-and-more';
        const shown = qoveryMessageFrom(JSON.stringify({ detail: `bad header ${JSON.stringify(token)}` }), [token])!;
        assert.ok(!leaks(shown, token), shown);
    });

    it("drops Qovery's text and says so when it cannot be made safe", () => {
        // A secret that contains the very marker used to redact it can never be cleared.
        const odd = "x[redacted]y-secret";
        assert.equal(safeMessage(`got ${odd}`, [odd]), WITHHELD);
    });

    it("a 5 MB value quoted in part is cleaned from the message", () => {
        const big = values[1].value;
        const body = JSON.stringify({ detail: `bad ${big.slice(1000, 3000)} and more` });
        const started = process.hrtime.bigint();
        const shown = qoveryMessageFrom(body, [big])!;
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        assert.ok(!leaks(shown, big));
        console.log(`      5 MB value: one message cleaned in ${ms.toFixed(0)} ms`);
    });

    it("typed errors and hook errors built from such a body carry no value", () => {
        for (const { value } of values) {
            const qoveryMessage = qoveryMessageFrom(JSON.stringify({ detail: `value '${value}' refused` }), [value]);
            const cause = apiErrorFor({ status: 400, method: "POST", path: "/job/j/secret", qoveryMessage });
            const err = new SecretOperationError("create", { key: "K", jobId: "j" }, cause, [value]);
            assert.ok(!leaks(err.message, value));
            const unexpected = new SecretOperationError("update", { key: "K" }, new Error(`boom ${value}`), [value]);
            assert.ok(!leaks(unexpected.message, value));
        }
    });
});
