import assert from "node:assert/strict";
import { type ParentRows, scopedFragmentFor } from "../../provider/discover/scoped";
import type { VariableRow } from "../../provider/qovery/wire";

const PROJECT = "00000000-0000-4000-8000-00000000000a";
const ENV = "00000000-0000-4000-8000-00000000000b";
const APP = "00000000-0000-4000-8000-00000000000c";
const HELM = "00000000-0000-4000-8000-00000000000d";
let n = 0;
/** A row of `GET /variable`: a plain environment value unless told otherwise. */
const row = (fields: Partial<VariableRow> & Record<string, unknown>): VariableRow =>
    ({
        id: `20000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
        created_at: "2026-01-01T00:00:00Z",
        scope: "ENVIRONMENT",
        variable_type: "VALUE",
        is_secret: false,
        value: null,
        ...fields,
    }) as VariableRow;
const target = (r: VariableRow) => ({ id: r.id, key: r.key, scope: r.scope, variable_type: r.variable_type });
const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

describe("discover for every scope: the program fragment (pure)", () => {
    it("an environment: its own rows with the scope classes and adopt: true; inherited and unmanaged ones as comments", () => {
        const projectSecret = row({ key: "STRIPE_KEY", scope: "PROJECT", is_secret: true });
        const projectHost = row({ key: "HOST", scope: "PROJECT", value: "p" });
        const builtIn = row({ key: "QOVERY_ENVIRONMENT_ID", scope: "BUILT_IN", variable_type: "BUILT_IN", value: ENV });
        const envHost = row({ key: "HOST", value: "e" });
        const rows = [
            projectSecret,
            projectHost,
            builtIn,
            row({ key: "DB_PASSWORD", is_secret: true, description: "primary db" }),
            row({ key: "TLS_KEY", is_secret: true, variable_type: "FILE", mount_path: "/etc/tls.key" }),
            row({ key: "CA", is_secret: true, variable_type: "FILE", enable_interpolation_in_file: true }),
            envHost,
            row({ key: "LOG_CONF", variable_type: "FILE", value: "[log]\nlevel=1", mount_path: "/etc/log.conf" }),
            row({ key: "ENV_ID", variable_type: "ALIAS", aliased_variable: target(builtIn) }),
            row({ key: "PRIMARY_HOST", variable_type: "ALIAS", aliased_variable: target(envHost) }),
            row({
                key: "STRIPE_KEY",
                is_secret: true,
                variable_type: "OVERRIDE",
                overridden_variable: target(projectSecret),
            }),
            row({ key: "VAULT_REF", is_secret: true, variable_type: "EXTERNAL_SECRET", owned_by: "QOVERY" }),
            row({ key: "DOPPLER", owned_by: "Doppler", value: "x" }),
        ];
        const f = scopedFragmentFor({
            command: `discover --environment ${ENV}`,
            parents: [{ scope: "environment", id: ENV, rows }],
        });
        const s = f.source;
        assert.match(s, /^\/\/ Written by `pulumi-qovery-secrets discover --environment 0{8}-/);
        assert.match(s, new RegExp(`^const environmentId = "${ENV}";$`, "m"));
        assert.match(
            s,
            /new qovery\.Secret\("db-password", \{\n {4}environmentId: environmentId,\n {4}key: "DB_PASSWORD",\n {4}value: cfg\.requireSecret\("dbPassword"\),\n {4}description: "primary db",\n {4}adopt: true,\n\}\);/,
        );
        // /variable returns a file's mount path: written as it is; read from config only when absent.
        assert.match(
            s,
            /key: "TLS_KEY",\n {4}value: cfg\.requireSecret\("tlsKey"\),\n {4}mountPath: "\/etc\/tls\.key",/,
        );
        assert.match(s, /mountPath: cfg\.require\("caMountPath"\),\n {4}enableInterpolationInFile: true,/);
        assert.match(
            s,
            /new qovery\.EnvironmentVariable\("host", \{\n {4}environmentId: environmentId,\n {4}key: "HOST",\n {4}value: "e",/,
        );
        assert.match(s, /value: "\[log\]\\nlevel=1",\n {4}mountPath: "\/etc\/log\.conf",/);
        assert.match(
            s,
            /new qovery\.EnvironmentVariableAlias\("env-id", \{\n {4}environmentId: environmentId,\n {4}aliasedKey: "QOVERY_ENVIRONMENT_ID",\n {4}key: "ENV_ID",/,
        );
        // HOST is both the project's and the environment's: an alias may target either, so by id.
        assert.match(
            s,
            new RegExp(
                `new qovery\\.EnvironmentVariableAlias\\("primary-host", \\{\\n {4}environmentId: environmentId,\\n {4}aliasedVariableId: "${envHost.id}",`,
            ),
        );
        // An override targets a higher scope only: the project's STRIPE_KEY is the one.
        assert.match(
            s,
            /new qovery\.SecretOverride\("stripe-key-override", \{\n {4}environmentId: environmentId,\n {4}overriddenKey: "STRIPE_KEY",\n {4}value: cfg\.requireSecret\("stripeKey"\),/,
        );
        assert.equal(count(s, /^ {4}adopt: true,$/gm), 8);
        assert.deepEqual(f.declared, {
            Secret: 3,
            SecretOverride: 1,
            EnvironmentVariable: 2,
            EnvironmentVariableAlias: 2,
        });
        assert.match(
            s,
            /EXTERNAL_SECRET secret "VAULT_REF" \(id [^)]+\): not a kind this library manages; left alone\./,
        );
        assert.match(s, /VALUE variable "DOPPLER" \(id [^,]+, owned by Doppler\): not a kind this library manages/);
        assert.match(
            s,
            /PROJECT secret "STRIPE_KEY" \(id [^)]+\): inherited; a SecretAlias \(aliasedKey: "STRIPE_KEY"\) or a SecretOverride \(overriddenKey: "STRIPE_KEY"\)/,
        );
        assert.match(
            s,
            /BUILT_IN variable "QOVERY_ENVIRONMENT_ID" \(id [^)]+\): inherited; an EnvironmentVariableAlias \(aliasedKey: "QOVERY_ENVIRONMENT_ID"\)\n/,
        );
        assert.equal(f.commented, 5);
        assert.deepEqual(
            f.config.map((c) => c.command),
            [
                "pulumi config set --secret dbPassword",
                "pulumi config set --secret tlsKey",
                "pulumi config set --secret ca",
                "pulumi config set caMountPath <the mount path the Qovery console shows for CA>",
                "pulumi config set --secret stripeKey",
            ],
        );
        assert.ok(!s.includes("JobSecret") && !s.includes("jobId"), "no job class, no job input");
    });

    it("a project: nothing inherited; the parent input is projectId", () => {
        const f = scopedFragmentFor({
            command: `discover --project ${PROJECT}`,
            parents: [{ scope: "project", id: PROJECT, rows: [row({ key: "REGION", scope: "PROJECT", value: "eu" })] }],
        });
        assert.match(
            f.source,
            /new qovery\.EnvironmentVariable\("region", \{\n {4}projectId: projectId,\n {4}key: "REGION",\n {4}value: "eu",\n {4}adopt: true,/,
        );
        assert.equal(f.commented, 0);
        assert.ok(!f.source.includes("What each also sees"));
    });

    it("a secret and a plain variable of one key: each kind resolves its target among its own rows", () => {
        const secretHost = row({ key: "HOST", scope: "PROJECT", is_secret: true });
        const rows = [
            secretHost,
            row({ key: "HOST", scope: "PROJECT", value: "plain" }),
            row({
                key: "H",
                scope: "HELM",
                is_secret: true,
                variable_type: "ALIAS",
                aliased_variable: target(secretHost),
            }),
        ];
        const f = scopedFragmentFor({
            command: `discover --helm ${HELM}`,
            parents: [{ scope: "helm", id: HELM, rows }],
        });
        assert.match(
            f.source,
            /new qovery\.SecretAlias\("h", \{\n {4}helmId: helmId,\n {4}aliasedKey: "HOST",\n {4}key: "H",/,
        );
    });

    it("--services: the environment, then each service under its name; the environment's rows are not repeated as inherited", () => {
        const envSecret = row({ key: "DB_PASSWORD", is_secret: true });
        const envVar = row({ key: "LOG_LEVEL", value: "info" });
        const appBuiltIn = row({ key: "QOVERY_APPLICATION_ZC_NAME", scope: "BUILT_IN", variable_type: "BUILT_IN" });
        const parents: ParentRows[] = [
            { scope: "environment", id: ENV, rows: [envSecret, envVar] },
            {
                scope: "application",
                id: APP,
                name: "api",
                rows: [
                    envSecret,
                    envVar,
                    appBuiltIn,
                    row({
                        key: "LOG_LEVEL",
                        scope: "APPLICATION",
                        variable_type: "OVERRIDE",
                        value: "debug",
                        overridden_variable: target(envVar),
                    }),
                    row({
                        key: "DB_PASSWORD",
                        scope: "APPLICATION",
                        is_secret: true,
                        variable_type: "OVERRIDE",
                        overridden_variable: target(envSecret),
                    }),
                    row({ key: "TOKEN", scope: "APPLICATION", is_secret: true }),
                ],
            },
            {
                scope: "helm",
                id: HELM,
                name: "chart",
                rows: [envSecret, envVar, row({ key: "TOKEN", scope: "HELM", is_secret: true })],
            },
        ];
        const f = scopedFragmentFor({ command: `discover --environment ${ENV} --services`, parents });
        const s = f.source;
        assert.match(s, /the environment's own secrets and variables, and those of its 2 service\(s\),/);
        assert.match(
            s,
            new RegExp(
                `^const environmentId = "${ENV}";\\nconst apiApplicationId = "${APP}";\\nconst chartHelmId = "${HELM}";$`,
                "m",
            ),
        );
        assert.match(s, /\/\/ ---- application 0{8}-0000-4000-8000-00000000000c \("api"\) ----/);
        assert.match(s, /new qovery\.Secret\("db-password", \{\n {4}environmentId: environmentId,/);
        assert.match(
            s,
            /new qovery\.EnvironmentVariableOverride\("api-log-level-override", \{\n {4}applicationId: apiApplicationId,\n {4}overriddenKey: "LOG_LEVEL",\n {4}value: "debug",/,
        );
        assert.match(
            s,
            /new qovery\.SecretOverride\("api-db-password-override", \{\n {4}applicationId: apiApplicationId,\n {4}overriddenKey: "DB_PASSWORD",\n {4}value: cfg\.requireSecret\("apiDbPassword"\),/,
        );
        assert.match(
            s,
            /new qovery\.Secret\("api-token", \{\n {4}applicationId: apiApplicationId,\n {4}key: "TOKEN",\n {4}value: cfg\.requireSecret\("apiToken"\),/,
        );
        assert.match(
            s,
            /new qovery\.Secret\("chart-token", \{\n {4}helmId: chartHelmId,\n {4}key: "TOKEN",\n {4}value: cfg\.requireSecret\("chartToken"\),/,
        );
        // Only the application's own built-in is a comment: the environment's rows are declared above.
        assert.equal(f.commented, 1);
        assert.match(s, /application [^:]+: BUILT_IN variable "QOVERY_APPLICATION_ZC_NAME"/);
        assert.equal(count(s, /^ {4}adopt: true,$/gm), 6);
        assert.deepEqual(
            f.config.map((c) => c.name),
            ["dbPassword", "apiToken", "apiDbPassword", "chartToken"],
        );
    });

    it("names stay unique across parents: two services of one name, a key twice", () => {
        const f = scopedFragmentFor({
            command: `discover --environment ${ENV} --services`,
            parents: [
                { scope: "environment", id: ENV, rows: [] },
                {
                    scope: "application",
                    id: APP,
                    name: "web",
                    rows: [row({ key: "A", scope: "APPLICATION", is_secret: true })],
                },
                { scope: "helm", id: HELM, name: "web", rows: [row({ key: "A", scope: "HELM", is_secret: true })] },
            ],
        });
        assert.match(f.source, /\(environment [^)]+ has nothing of its own to declare\)/);
        assert.match(f.source, /new qovery\.Secret\("web-a", \{\n {4}applicationId: webApplicationId,/);
        assert.match(f.source, /new qovery\.Secret\("web-a-2", \{\n {4}helmId: webHelmId,/);
        assert.deepEqual(
            f.config.map((c) => c.name),
            ["webA", "webA2"],
        );
    });
});
