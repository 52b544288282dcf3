import assert from "node:assert/strict";
import { ConflictError } from "../../provider/qovery/errors";

describe("409 advice", () => {
    it("explains the rename case and names the aliases option", () => {
        const err = new ConflictError({ status: 409, method: "POST", path: "/job/j/secret" });
        assert.match(
            err.message,
            /already exists where Qovery looks \(one key per job, service, environment or project/,
        );
        assert.match(err.message, /renamed the resource/);
        assert.match(err.message, /`aliases` option with its old name/);
    });
});
