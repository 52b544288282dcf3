import assert from "node:assert/strict";
import { fragmentFor, literal } from "../../provider/discover/fragment";
import { UniqueNames, configNameFor, resourceNameFor } from "../../provider/discover/names";
import type { VariableRow } from "../../provider/qovery/wire";

const JOB = "00000000-0000-4000-8000-000000000001";
let n = 0;
const row = (fields: Partial<VariableRow> & Record<string, unknown>): VariableRow =>
    ({
        id: `10000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
        created_at: "2026-01-01T00:00:00Z",
        scope: "JOB",
        variable_type: "VALUE",
        ...fields,
    }) as VariableRow;

describe("discover: names and the program fragment (pure)", () => {
    it("derives resource and config names from keys", () => {
        assert.equal(resourceNameFor("DB_PASSWORD"), "db-password");
        assert.equal(resourceNameFor("__A..b__"), "a-b");
        assert.equal(resourceNameFor("CLÉ"), "cl");
        assert.equal(resourceNameFor("🔑"), "variable");
        assert.equal(configNameFor("DB_PASSWORD"), "dbPassword");
        assert.equal(configNameFor("2FA_SEED"), "v2faSeed");
        assert.equal(configNameFor("=="), "secret");
        const names = new UniqueNames("-");
        assert.deepEqual(
            ["a", "a", "a"].map((x) => names.take(x)),
            ["a", "a-2", "a-3"],
        );
    });

    it("a literal is one safe line, whatever the text", () => {
        assert.equal(literal('a"b\nc'), '"a\\"b\\nc"');
        assert.equal(literal("x\u2028y\u2029"), '"x\\u2028y\\u2029"');
    });

    it("declares each JOB-scoped row with adopt: true; secrets from config, plain values literally; inherited as comments", () => {
        const builtIn = row({ key: "QOVERY_DB_URL", scope: "BUILT_IN", variable_type: "BUILT_IN" });
        const project = row({ key: "STRIPE_KEY", scope: "PROJECT" });
        const f = fragmentFor({
            jobId: JOB,
            secrets: [
                row({ key: "DB_PASSWORD", description: "primary db" }),
                row({ key: "TLS_KEY", variable_type: "FILE", enable_interpolation_in_file: true }),
                builtIn,
                project,
                row({
                    key: "DATABASE_URL",
                    variable_type: "ALIAS",
                    aliased_secret: { id: builtIn.id, key: "QOVERY_DB_URL" },
                }),
                row({
                    key: "STRIPE_KEY",
                    variable_type: "OVERRIDE",
                    overridden_secret: { id: project.id, key: "STRIPE_KEY" },
                }),
            ],
            variables: [
                row({ key: "LOG_LEVEL", value: "info" }),
                row({ key: "LOG_CONF", value: "[log]\nlevel=1", variable_type: "FILE", mount_path: "/etc/log.conf" }),
                row({ key: "REGION", scope: "ENVIRONMENT", value: "eu" }),
            ],
        });
        const s = f.source;
        assert.match(
            s,
            /new qovery\.JobSecret\("db-password", \{\n {4}jobId: jobId,\n {4}key: "DB_PASSWORD",\n {4}value: cfg\.requireSecret\("dbPassword"\),\n {4}description: "primary db",\n {4}adopt: true,\n\}\);/,
        );
        assert.match(s, /mountPath: cfg\.require\("tlsKeyMountPath"\),\n {4}enableInterpolationInFile: true,/);
        assert.match(
            s,
            /new qovery\.JobSecretAlias\("database-url", \{\n {4}jobId: jobId,\n {4}aliasedKey: "QOVERY_DB_URL",\n {4}key: "DATABASE_URL",/,
        );
        assert.match(
            s,
            /new qovery\.JobSecretOverride\("stripe-key-override", \{\n {4}jobId: jobId,\n {4}overriddenKey: "STRIPE_KEY",\n {4}value: cfg\.requireSecret\("stripeKey"\),/,
        );
        assert.match(s, /key: "LOG_LEVEL",\n {4}value: "info",/);
        assert.match(s, /value: "\[log\]\\nlevel=1",\n {4}mountPath: "\/etc\/log\.conf",/);
        assert.match(
            s,
            /\/\/ {3}BUILT_IN secret "QOVERY_DB_URL" \(id [^)]+\): inherited; a JobSecretAlias \(aliasedKey: "QOVERY_DB_URL"\)\n/,
        );
        assert.match(s, /ENVIRONMENT variable "REGION" .*JobEnvironmentVariableOverride \(overriddenKey: "REGION"\)/);
        assert.equal((s.match(/ {4}adopt: true,/g) ?? []).length, 6);
        assert.deepEqual(
            f.config.map((c) => c.command),
            [
                "pulumi config set --secret dbPassword",
                "pulumi config set --secret tlsKey",
                "pulumi config set tlsKeyMountPath <the mount path the Qovery console shows for TLS_KEY>",
                "pulumi config set --secret stripeKey",
            ],
        );
        assert.deepEqual(f.declared, {
            JobSecret: 2,
            JobSecretAlias: 1,
            JobSecretOverride: 1,
            JobEnvironmentVariable: 2,
        });
    });

    it("names a target by id when its key is ambiguous in the list; colliding names get a suffix", () => {
        const a = row({ key: "HOST", scope: "PROJECT" });
        const b = row({ key: "HOST", scope: "ENVIRONMENT" });
        const f = fragmentFor({
            jobId: JOB,
            secrets: [],
            variables: [
                a,
                b,
                row({ key: "MY_HOST", variable_type: "ALIAS", aliased_variable: { id: b.id, key: "HOST" } }),
                row({ key: "my-host", value: "x" }),
            ],
        });
        assert.match(f.source, new RegExp(`aliasedVariableId: "${b.id}"`));
        assert.match(f.source, /"my-host"/);
        assert.match(f.source, /"my-host-2"/);
    });
});
