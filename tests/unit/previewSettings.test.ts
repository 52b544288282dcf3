import assert from "node:assert/strict";
import { KINDS } from "../../provider/engine/kinds";
import { hooksFor } from "../../provider/engine/lifecycle";
import { ConfigurationError } from "../../provider/qovery/errors";
import { resolveApiUrl } from "../../provider/qovery/settings";

const JOB = "11111111-2222-4333-8444-555555555555";

function config(values: Record<string, string>) {
    return { get: (key: string) => values[key] };
}

describe("API URL at preview", () => {
    it("refuses plain http to a host that is not loopback, naming qovery:apiUrl and the opt-in", () => {
        assert.throws(
            () => resolveApiUrl({ apiUrl: "http://qovery-emulator:8080" }, {}),
            (err: Error) =>
                err instanceof ConfigurationError &&
                err.message.includes("`qovery:apiUrl`") &&
                err.message.includes("qovery-emulator") &&
                err.message.includes("qovery:allowInsecureHttp true"),
        );
    });
    it("lets a test host through with qovery:allowInsecureHttp, from config or the environment", () => {
        assert.equal(
            resolveApiUrl({ apiUrl: "http://qovery-emulator:8080", allowInsecureHttp: "true" }, {}),
            "http://qovery-emulator:8080",
        );
        assert.equal(
            resolveApiUrl({}, { apiUrl: "http://qovery-emulator:8080/", allowInsecureHttp: "1" }),
            "http://qovery-emulator:8080",
        );
        // Config wins over the environment: an explicit false is not overruled.
        assert.throws(
            () => resolveApiUrl({ allowInsecureHttp: "false" }, { apiUrl: "http://h:1", allowInsecureHttp: "true" }),
            /Refusing plain http/,
        );
        assert.throws(() => resolveApiUrl({ allowInsecureHttp: "yes" }, {}), /allowInsecureHttp/);
    });

    for (const [name, kind] of Object.entries(KINDS)) {
        it(`${name}: check refuses the URL during preview, without a token and before any API call`, async () => {
            const hooks = hooksFor(kind);
            await hooks.configure!({ config: config({ "qovery:apiUrl": "http://10.1.2.3" }) } as never);
            try {
                const news = { jobId: JOB, key: "K", value: "v", aliasedKey: "A", overriddenKey: "O" };
                const allowed = Object.fromEntries(
                    Object.entries(news).filter(([k]) => Object.keys(kind.fields).includes(k)),
                );
                const result = await hooks.check!({}, allowed);
                const reasons = (result.failures ?? []).map((f) => f.reason);
                assert.ok(
                    reasons.some((r) => r.includes("`qovery:apiUrl`") && r.includes("10.1.2.3")),
                    reasons.join("\n"),
                );
                await hooks.configure!({
                    config: config({ "qovery:apiUrl": "http://10.1.2.3", "qovery:allowInsecureHttp": "true" }),
                } as never);
                const ok = await hooks.check!({}, allowed);
                assert.deepEqual(
                    (ok.failures ?? []).filter((f) => f.reason.includes("apiUrl")),
                    [],
                );
            } finally {
                await hooks.configure!({ config: config({}) } as never);
            }
        });
    }
});
