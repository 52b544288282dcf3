import assert from "node:assert/strict";
import { ConfigurationError } from "../../provider/qovery/errors";
import {
    DEFAULT_API_URL,
    authorizationHeader,
    guessAuthScheme,
    isLoopback,
    normalizeApiUrl,
    parseAuthScheme,
    resolveSettings,
    settingsFromConfig,
    settingsFromEnv,
} from "../../provider/qovery/settings";

function jwt(header: object, payload: object = { sub: "me" }): string {
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    return `${enc(header)}.${enc(payload)}.signature`;
}

describe("settings", () => {
    describe("auth scheme from the token's shape", () => {
        it("a JWT gets Bearer", () => assert.equal(guessAuthScheme(jwt({ alg: "RS256", typ: "JWT" })), "Bearer"));
        it("a Qovery API token gets Token", () => assert.equal(guessAuthScheme("qov_abcdef0123456789"), "Token"));
        it("three parts that are not base64 JSON get Token", () => assert.equal(guessAuthScheme("a.b.c"), "Token"));
        it("a JSON array header is not a JWT", () =>
            assert.equal(guessAuthScheme(`${Buffer.from("[1]").toString("base64url")}.x.y`), "Token"));
        it("parses an override, case-insensitively", () => {
            assert.equal(parseAuthScheme("bearer"), "Bearer");
            assert.equal(parseAuthScheme(" TOKEN "), "Token");
            assert.throws(() => parseAuthScheme("Basic"), ConfigurationError);
        });
        it("builds the header", () => {
            assert.equal(authorizationHeader({ token: "t1", authScheme: "Token" }), "Token t1");
            assert.equal(authorizationHeader({ token: "t1", authScheme: "Bearer" }), "Bearer t1");
        });
    });

    describe("API URL rules", () => {
        it("keeps https URLs, without a trailing slash", () => {
            assert.equal(normalizeApiUrl("https://api.qovery.com/"), "https://api.qovery.com");
            assert.equal(normalizeApiUrl("https://proxy.example.com/qovery/"), "https://proxy.example.com/qovery");
        });
        it("allows plain http to loopback only", () => {
            assert.equal(normalizeApiUrl("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
            assert.equal(normalizeApiUrl("http://localhost:1/"), "http://localhost:1");
            assert.equal(normalizeApiUrl("http://[::1]:9000"), "http://[::1]:9000");
            assert.throws(() => normalizeApiUrl("http://api.qovery.com"), /Refusing plain http/);
            assert.throws(() => normalizeApiUrl("http://10.0.0.1"), ConfigurationError);
        });
        it("refuses other schemes, credentials, queries and garbage", () => {
            assert.throws(() => normalizeApiUrl("ftp://api.qovery.com"), ConfigurationError);
            assert.throws(() => normalizeApiUrl("https://user:pw@api.qovery.com"), /credentials/);
            assert.throws(() => normalizeApiUrl("https://api.qovery.com?x=1"), ConfigurationError);
            assert.throws(() => normalizeApiUrl("not a url"), /not a valid URL/);
        });
        it("knows loopback addresses", () => {
            assert.ok(
                isLoopback("127.0.0.1") && isLoopback("127.1.2.3") && isLoopback("localhost") && isLoopback("[::1]"),
            );
            assert.ok(!isLoopback("127.0.0.1.example.com") && !isLoopback("192.168.1.1"));
        });
    });

    describe("resolution", () => {
        it("prefers stack config to the environment, field by field", () => {
            const s = resolveSettings(
                { apiToken: "from-config" },
                { apiToken: "from-env", apiUrl: "http://127.0.0.1:1234", authScheme: "Bearer" },
            );
            assert.deepEqual(s, { token: "from-config", baseUrl: "http://127.0.0.1:1234", authScheme: "Bearer" });
        });
        it("defaults to Qovery's public API and a guessed scheme", () => {
            assert.deepEqual(resolveSettings({}, { apiToken: "tok" }), {
                token: "tok",
                baseUrl: DEFAULT_API_URL,
                authScheme: "Token",
            });
        });
        it("a missing token says how to set it", () => {
            assert.throws(
                () => resolveSettings({ apiToken: "  " }, {}),
                (e: Error) =>
                    e instanceof ConfigurationError &&
                    /qovery:apiToken/.test(e.message) &&
                    /QOVERY_API_TOKEN/.test(e.message),
            );
        });
        it("reads config keys and environment variables", () => {
            const cfg = new Map([
                ["qovery:apiToken", "a"],
                ["qovery:apiUrl", "b"],
                ["qovery:authScheme", "c"],
                ["qovery:requestTimeoutMs", "d"],
                ["qovery:allowInsecureHttp", "e"],
                ["qovery:bulkCreate", "f"],
            ]);
            assert.deepEqual(settingsFromConfig({ get: (k) => cfg.get(k) }), {
                apiToken: "a",
                apiUrl: "b",
                authScheme: "c",
                requestTimeoutMs: "d",
                allowInsecureHttp: "e",
                bulkCreate: "f",
            });
            const env = {
                QOVERY_API_TOKEN: "a",
                QOVERY_API_URL: "b",
                QOVERY_AUTH_SCHEME: "c",
                QOVERY_REQUEST_TIMEOUT_MS: "d",
                QOVERY_ALLOW_INSECURE_HTTP: "e",
                QOVERY_BULK_CREATE: "f",
            };
            assert.deepEqual(settingsFromEnv(env), {
                apiToken: "a",
                apiUrl: "b",
                authScheme: "c",
                requestTimeoutMs: "d",
                allowInsecureHttp: "e",
                bulkCreate: "f",
            });
        });
        it("reads a request timeout, and refuses a silly one", () => {
            assert.equal(resolveSettings({ apiToken: "t", requestTimeoutMs: "1500" }, {}).timeoutMs, 1500);
            assert.equal(resolveSettings({ apiToken: "t" }, { requestTimeoutMs: "900" }).timeoutMs, 900);
            for (const bad of ["abc", "5", "1.5", "9999999"]) {
                assert.throws(() => resolveSettings({ apiToken: "t", requestTimeoutMs: bad }, {}), /requestTimeoutMs/);
            }
        });

        it("never puts the token in a configuration error", () => {
            const token = "very-secret-token-123";
            for (const url of ["http://example.com", "nope", "https://u:p@x.io"]) {
                assert.throws(
                    () => resolveSettings({ apiToken: token, apiUrl: url }, {}),
                    (e: Error) => !e.message.includes(token),
                );
            }
        });
    });
});
