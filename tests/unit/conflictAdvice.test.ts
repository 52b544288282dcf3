import assert from "node:assert/strict";
import { ConflictError } from "../../provider/qovery/errors";

describe("409 advice", () => {
    it("explains the rename case and names the aliases option", () => {
        const err = new ConflictError({ status: 409, method: "POST", path: "/job/j/secret" });
        assert.match(err.message, /already exists in the job/);
        assert.match(err.message, /renamed the resource/);
        assert.match(err.message, /`aliases` option with its old name/);
    });
});
