import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import ts from "typescript";
import { main } from "../../provider/cli/main";
import { forgetClaims } from "../../provider/engine/claims";
import * as environmentVariableHooks from "../../provider/hooks/environmentVariable";
import * as environmentVariableAliasHooks from "../../provider/hooks/environmentVariableAlias";
import * as environmentVariableOverrideHooks from "../../provider/hooks/environmentVariableOverride";
import * as secretHooks from "../../provider/hooks/secret";
import * as secretAliasHooks from "../../provider/hooks/secretAlias";
import * as secretOverrideHooks from "../../provider/hooks/secretOverride";
import { type RunningProxy, startQoveryProxy } from "../support/qoveryProxy";
import { type Harness, TOKEN, startHarness } from "./harness";

const ROOT = path.resolve(__dirname, "..", "..");

/** Type-checks programs with `--strict` against this checkout's source of the package; returns the diagnostics. */
function compileStrict(files: Record<string, string>): string[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pqs-discover-scopes-"));
    const names = Object.entries(files).map(([name, source]) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, source);
        return file;
    });
    const program = ts.createProgram(names, {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        moduleResolution: ts.ModuleResolutionKind.Node10,
        esModuleInterop: true,
        skipLibCheck: true,
        types: ["node"],
        typeRoots: [path.join(ROOT, "node_modules", "@types")],
        paths: {
            "pulumi-qovery-secrets": [path.join(ROOT, "provider", "index.ts")],
            "@pulumi/pulumi": [path.join(ROOT, "node_modules", "@pulumi", "pulumi")],
        },
    });
    return ts.getPreEmitDiagnostics(program).map((d) => {
        const where = d.file
            ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: `
            : "";
        return `${where}TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
}

type Props = Record<string, unknown>;
const HOOKS: Record<string, { create(inputs: Props): Promise<{ id: string }> }> = {
    Secret: secretHooks,
    SecretAlias: secretAliasHooks,
    SecretOverride: secretOverrideHooks,
    EnvironmentVariable: environmentVariableHooks,
    EnvironmentVariableAlias: environmentVariableAliasHooks,
    EnvironmentVariableOverride: environmentVariableOverrideHooks,
};

/**
 * Runs a written program with stand-ins for the SDK and the package: each declaration is
 * recorded (class, name, arguments); a secret from config is `config:<name>`.
 */
function declarationsOf(source: string): { cls: string; name: string; args: Props }[] {
    const declared: { cls: string; name: string; args: Props }[] = [];
    const classes = Object.fromEntries(
        Object.keys(HOOKS).map((cls) => [
            cls,
            class {
                constructor(name: string, args: Props) {
                    declared.push({ cls, name, args });
                }
            },
        ]),
    );
    const modules: Record<string, unknown> = {
        "@pulumi/pulumi": {
            __esModule: true,
            Config: class {
                requireSecret = (n: string) => `config:${n}`;
                require = (n: string) => `config:${n}`;
            },
        },
        "pulumi-qovery-secrets": { __esModule: true, ...classes },
    };
    const js = ts.transpileModule(source, {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    const exports = {};
    new Function("require", "exports", "module", js)((m: string) => modules[m], exports, { exports });
    return declared;
}

/**
 * `discover` for every scope against the emulator over real HTTP (its world of projects,
 * environments and services, and its `/variable` routes): what each option declares, the
 * commands it prints, its errors, no leak, and programs that compile with `--strict`.
 */
describe("the discover command for every scope (in process, against the emulator)", function () {
    this.timeout(120_000);
    let h: Harness;
    let proxy: RunningProxy;
    let project: string;
    let env: string;
    let web: string;
    let chart: string;
    let env2: string;
    const SECRETS = [`project-secret-${"p".repeat(12)}`, `env-secret-${"e".repeat(12)}`, `override-${"o".repeat(12)}`];
    const SECRET_VALUES = [
        ...SECRETS,
        `app-secret-${"a".repeat(12)}`,
        `tls-${"t".repeat(12)}`,
        `cache-${"c".repeat(12)}`,
        `override-2-${"o".repeat(12)}`,
        `schedule-${"s".repeat(12)}`,
    ];
    const written: Record<string, string> = {};

    const cli = async (argv: string[], env: Record<string, string> = {}, url = h.emulator.url) => {
        let stdout = "";
        let stderr = "";
        const code = await main(argv, {
            env: { QOVERY_API_TOKEN: TOKEN, QOVERY_API_URL: url, ...env },
            stdout: (s) => (stdout += s),
            stderr: (s) => (stderr += s),
        });
        const all = stdout + stderr;
        assert.ok(!all.includes(TOKEN), "the token is never printed");
        for (const v of SECRET_VALUES) assert.ok(!all.includes(v), "a secret value is never printed");
        return { code, stdout, stderr };
    };
    const api = async (method: string, p: string, body: object) => {
        const res = await fetch(`${h.emulator.url}${p}`, {
            method,
            headers: { Authorization: `Token ${TOKEN}`, "Content-Type": "application/json" },
            body: JSON.stringify(body),
        });
        const text = await res.text();
        assert.equal(res.status, 201, `${method} ${p}: ${text}`);
        return JSON.parse(text) as { id: string; key: string };
    };
    const create = (scope: string, parent: string, key: string, value: string, isSecret: boolean, more = {}) =>
        api("POST", "/variable", {
            key,
            value,
            is_secret: isSecret,
            variable_scope: scope,
            variable_parent_id: parent,
            ...more,
        });

    before(async () => {
        h = await startHarness();
        project = await h.admin.createProject({ name: "shop" });
        env = await h.admin.createEnvironment(project, { name: "prod" });
        web = await h.admin.createService("APPLICATION", env, { name: "web" });
        await h.admin.createService("CONTAINER", env, { name: "api" });
        chart = await h.admin.createService("HELM", env, { name: "chart" });
        await h.admin.createService("TERRAFORM", env, { name: "infra", builtIns: false });

        const stripe = await create("PROJECT", project, "STRIPE_KEY", SECRETS[0], true);
        await create("PROJECT", project, "REGION", "eu-west-3", false);
        const db = await create("ENVIRONMENT", env, "DB_PASSWORD", SECRETS[1], true, { description: "the db" });
        const log = await create("ENVIRONMENT", env, "LOG_LEVEL", "info", false);
        await create("ENVIRONMENT", env, "TLS_KEY", SECRET_VALUES[4], true, { mount_path: "/etc/tls.key" });
        await api("POST", `/variable/${stripe.id}/override`, {
            value: SECRETS[2],
            override_scope: "ENVIRONMENT",
            override_parent_id: env,
        });
        await api("POST", `/variable/${log.id}/override`, {
            value: "debug",
            override_scope: "APPLICATION",
            override_parent_id: web,
        });
        await create("APPLICATION", web, "TOKEN", SECRET_VALUES[3], true);
        await api("POST", `/variable/${db.id}/alias`, {
            key: "DATABASE_PASSWORD",
            alias_scope: "HELM",
            alias_parent_id: chart,
        });
        await create("HELM", chart, "CHART_VERSION", "1.2.3", false);

        // A second environment of the project, whose program the adopt test runs: its services
        // override the project's variable (the emulator refuses an edit of a variable that a
        // lower scope overrides with its key: see the adopt test).
        env2 = await h.admin.createEnvironment(project, { name: "staging" });
        const worker = await h.admin.createService("APPLICATION", env2, { name: "worker" });
        const cron = await h.admin.createService("JOB", env2, { name: "cron" });
        const region = (await h.admin.storedRows(project)).find((r) => r.key === "REGION")!;
        const cache = await create("ENVIRONMENT", env2, "CACHE_PASSWORD", SECRET_VALUES[5], true);
        await create("ENVIRONMENT", env2, "MODE", "staging", false);
        await create("ENVIRONMENT", env2, "CONF", "[x]", false, { mount_path: "/etc/app.conf" });
        await api("POST", `/variable/${stripe.id}/override`, {
            value: SECRET_VALUES[6],
            override_scope: "ENVIRONMENT",
            override_parent_id: env2,
        });
        await api("POST", `/variable/${region.id}/override`, {
            value: "us-east-1",
            override_scope: "APPLICATION",
            override_parent_id: worker,
        });
        await api("POST", `/variable/${cache.id}/alias`, {
            key: "REDIS_PASSWORD",
            alias_scope: "JOB",
            alias_parent_id: cron,
        });
        await create("JOB", cron, "SCHEDULE_TOKEN", SECRET_VALUES[7], true);

        // The emulator does not serve an environment's service lists (GET /environment/{id}/{kind}):
        // a proxy answers them from the emulator's world, in the spec's shape, and forwards the rest.
        const services = await h.admin.services();
        proxy = await startQoveryProxy({ target: h.emulator.url });
        proxy.rules.push((req) => {
            const m = /^\/environment\/([^/?]+)\/(application|container|job|helm|terraform)$/.exec(req.path);
            if (req.method !== "GET" || !m) return undefined;
            const results = services
                .filter((s) => s.environment_id === m[1] && s.kind === m[2].toUpperCase())
                .map((s) => ({
                    id: s.id,
                    created_at: "2026-01-01T00:00:00Z",
                    name: s.name,
                    service_type: s.kind,
                    environment: { id: s.environment_id },
                }));
            return { status: 200, body: { results } };
        });
    });
    after(async () => {
        await proxy?.stop();
        await h?.emulator.stop();
    });

    it("--environment: the environment's own rows with adopt: true; the project's and the built-ins as comments", async () => {
        const r = await cli(["discover", "--environment", env]);
        assert.equal(r.code, 0, r.stderr);
        written["environment.ts"] = r.stdout;
        const s = r.stdout;
        assert.match(s, new RegExp(`^const environmentId = "${env}";$`, "m"));
        assert.match(
            s,
            /new qovery\.Secret\("db-password", \{\n {4}environmentId: environmentId,\n {4}key: "DB_PASSWORD",\n {4}value: cfg\.requireSecret\("dbPassword"\),\n {4}description: "the db",\n {4}adopt: true,/,
        );
        assert.match(
            s,
            /key: "TLS_KEY",\n {4}value: cfg\.requireSecret\("tlsKey"\),\n {4}mountPath: "\/etc\/tls\.key",/,
        );
        assert.match(
            s,
            /new qovery\.EnvironmentVariable\("log-level", \{\n {4}environmentId: environmentId,\n {4}key: "LOG_LEVEL",\n {4}value: "info",/,
        );
        assert.match(
            s,
            /new qovery\.SecretOverride\("stripe-key-override", \{\n {4}environmentId: environmentId,\n {4}overriddenKey: "STRIPE_KEY",/,
        );
        assert.match(
            s,
            /PROJECT variable "REGION" \(id [^)]+\): inherited; an EnvironmentVariableAlias \(aliasedKey: "REGION"\) or an EnvironmentVariableOverride/,
        );
        assert.match(s, /BUILT_IN variable "QOVERY_ENVIRONMENT_ID"/);
        assert.ok(
            !/new qovery\.\w+\([^)]*\{\n {4}environmentId: environmentId,\n {4}key: "REGION"/.test(s),
            "inherited rows are not declared",
        );
        assert.equal((s.match(/^ {4}adopt: true,$/gm) ?? []).length, 4);
        assert.match(
            r.stderr,
            new RegExp(
                `^Environment ${env}: 4 declared with \`adopt: true\` \\(2 Secret, 1 SecretOverride, 1 EnvironmentVariable\\);`,
                "m",
            ),
        );
        for (const c of ["dbPassword", "tlsKey", "stripeKey"]) {
            assert.match(r.stderr, new RegExp(`^ {2}pulumi config set --secret ${c}$`, "m"));
        }
    });

    it("--project: the project's own rows, with projectId", async () => {
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pqs-discover-")), "project.ts");
        const r = await cli(["discover", "--project", project.toUpperCase(), "--out", out]);
        assert.equal(r.code, 0, r.stderr);
        const s = fs.readFileSync(out, "utf8");
        written["project.ts"] = s;
        assert.match(s, new RegExp(`^const projectId = "${project}";$`, "m"), "the id in lower case");
        assert.match(s, /new qovery\.Secret\("stripe-key", \{\n {4}projectId: projectId,/);
        assert.match(
            s,
            /new qovery\.EnvironmentVariable\("region", \{\n {4}projectId: projectId,\n {4}key: "REGION",\n {4}value: "eu-west-3",/,
        );
        assert.match(
            r.stdout,
            new RegExp(
                `^Wrote ${out.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\.\\nProject ${project}: 2 declared`,
                "m",
            ),
        );
    });

    it("--helm: its own alias of the environment's secret by key, its own variable; what it inherits as comments", async () => {
        const r = await cli(["discover", "--helm", chart]);
        assert.equal(r.code, 0, r.stderr);
        written["helm.ts"] = r.stdout;
        const s = r.stdout;
        assert.match(
            s,
            /new qovery\.SecretAlias\("database-password", \{\n {4}helmId: helmId,\n {4}aliasedKey: "DB_PASSWORD",\n {4}key: "DATABASE_PASSWORD",\n {4}adopt: true,/,
        );
        assert.match(
            s,
            /new qovery\.EnvironmentVariable\("chart-version", \{\n {4}helmId: helmId,\n {4}key: "CHART_VERSION",\n {4}value: "1\.2\.3",/,
        );
        assert.match(
            s,
            /ENVIRONMENT secret "DB_PASSWORD" \(id [^)]+\): inherited; a SecretAlias \(aliasedKey: "DB_PASSWORD"\) or a SecretOverride \(overriddenKey: "DB_PASSWORD"\)/,
        );
        assert.match(
            s,
            /ENVIRONMENT secret "STRIPE_KEY" \(id [^)]+\): inherited \(an override: no alias or override can target it\)/,
        );
        assert.match(s, /BUILT_IN variable "QOVERY_HELM_Z[0-9A-F]{8}_NAME"/);
        assert.equal((s.match(/^ {4}adopt: true,$/gm) ?? []).length, 2);
    });

    it("--environment --services: the environment, then each service's own rows, one list per parent", async () => {
        proxy.seen.length = 0;
        const r = await cli(["discover", "--environment", env, "--services"], {}, proxy.url);
        assert.equal(r.code, 0, r.stderr);
        written["services.ts"] = r.stdout;
        const s = r.stdout;
        assert.match(
            s,
            new RegExp(
                `^const environmentId = "${env}";\\nconst webApplicationId = "${web}";\\nconst apiContainerId = "[0-9a-f-]{36}";\\nconst chartHelmId = "${chart}";\\nconst infraTerraformId = "[0-9a-f-]{36}";$`,
                "m",
            ),
        );
        assert.match(
            s,
            /new qovery\.EnvironmentVariableOverride\("web-log-level-override", \{\n {4}applicationId: webApplicationId,\n {4}overriddenKey: "LOG_LEVEL",\n {4}value: "debug",/,
        );
        assert.match(
            s,
            /new qovery\.Secret\("web-token", \{\n {4}applicationId: webApplicationId,\n {4}key: "TOKEN",\n {4}value: cfg\.requireSecret\("webToken"\),/,
        );
        assert.match(
            s,
            /new qovery\.SecretAlias\("chart-database-password", \{\n {4}helmId: chartHelmId,\n {4}aliasedKey: "DB_PASSWORD",/,
        );
        assert.match(s, /\/\/ \(container [^)]+\("api"\) has nothing of its own to declare\)/);
        assert.equal((s.match(/^ {4}adopt: true,$/gm) ?? []).length, 8);
        assert.doesNotMatch(
            s,
            /application [^:]+: ENVIRONMENT/,
            "the environment's rows are not repeated under its services",
        );
        assert.match(r.stderr, new RegExp(`^Environment ${env} and its 4 service\\(s\\): 8 declared`, "m"));
        // One list per parent: the environment, its five kinds of services, then each of its four services.
        const gets = proxy.seen.filter((x) => x.method === "GET").map((x) => x.path.replace(/\?.*/, ""));
        assert.equal(gets.filter((p) => p === "/variable").length, 5);
        assert.equal(gets.filter((p) => p.startsWith("/environment/")).length, 5);
        assert.equal(proxy.seen.filter((x) => x.method !== "GET").length, 0, "discover only reads");
    });

    it("every program it wrote compiles with tsc --strict against the package", () => {
        assert.deepEqual(Object.keys(written).sort(), ["environment.ts", "helm.ts", "project.ts", "services.ts"]);
        assert.deepEqual(compileStrict(written), []);
        // The check can fail: a wrong input name is a type error.
        const broken = compileStrict({
            "broken.ts": written["helm.ts"].replace("helmId: helmId", "helmIdentifier: helmId"),
        });
        assert.ok(
            broken.some((d) => /TS2353|TS2561/.test(d)),
            broken.join("\n"),
        );
    });

    it("an --environment --services program adopts what exists: each declaration's create takes over its row, PUTs only", async () => {
        const r = await cli(["discover", "--environment", env2, "--services"], {}, proxy.url);
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(compileStrict({ "staging.ts": r.stdout }), []);
        await h.configureHooks();
        forgetClaims();
        const declared = declarationsOf(r.stdout);
        assert.deepEqual(declared.map((d) => `${d.cls} ${d.name}`).sort(), [
            "EnvironmentVariable conf",
            "EnvironmentVariable mode",
            "EnvironmentVariableOverride worker-region-override",
            "Secret cache-password",
            "Secret cron-schedule-token",
            "SecretAlias cron-redis-password",
            "SecretOverride stripe-key-override",
        ]);
        const own = new Map((await h.admin.storedRows()).map((row) => [row.id, row]));
        await h.admin.clearRequests();
        const ids: string[] = [];
        for (const d of declared) {
            const urn = `urn:pulumi:dev::discover::pulumi-nodejs:dynamic/qovery:${d.cls}::${d.name}`;
            const created = await HOOKS[d.cls].create({ ...d.args, resourceUrn: urn });
            assert.ok(own.has(created.id), `${d.cls} ${d.name} took over an existing row (got ${created.id})`);
            ids.push(created.id);
        }
        assert.equal(new Set(ids).size, declared.length, "one row each");
        const writes = (await h.admin.requests()).filter((w) => w.method !== "GET");
        assert.deepEqual(
            writes.map((w) => `${w.method} ${w.path.replace(/[0-9a-f-]{36}/, "<id>")}`),
            Array(declared.length).fill("PUT /variable/<id>"),
        );
    });

    it("clear errors: a missing parent, a service list that cannot be read, bad usage", async () => {
        const missing = await cli(["discover", "--environment", "00000000-0000-4000-8000-00000000dead"]);
        assert.equal(missing.code, 1);
        assert.match(
            missing.stderr,
            /no environment 00000000-0000-4000-8000-00000000dead at .* \(404\): check --environment/,
        );

        const helm404 = (req: { method: string; path: string }) =>
            req.path === `/environment/${env}/helm`
                ? { status: 404, body: { status: 404, detail: "Not found" } }
                : undefined;
        proxy.rules.unshift(helm404);
        try {
            const lists = await cli(["discover", "--environment", env, "--services"], {}, proxy.url);
            assert.equal(lists.code, 1);
            assert.match(
                lists.stderr,
                new RegExp(
                    `listing the services of environment ${env}: GET /environment/${env}/helm answered 404 .*Run discover without --services, and once per service with --application`,
                ),
            );
        } finally {
            proxy.rules.shift();
        }

        const wrong = await cli(["discover", "--helm", chart], { QOVERY_API_TOKEN: `${TOKEN}-wrong` });
        assert.equal(wrong.code, 1);
        assert.match(wrong.stderr, /not accepted by .* \(401\)/);

        const services = await cli(["discover", "--helm", chart, "--services"]);
        assert.equal(services.code, 2);
        assert.match(
            services.stderr,
            /--services lists an environment's services: use it with --environment <id>, not --helm/,
        );
        const two = await cli(["discover", "--project", project, "--environment", env]);
        assert.equal(two.code, 2);
        assert.match(
            two.stderr,
            /only one of --job, --project, .* \(got --project and --environment\): run discover once per parent/,
        );
        const none = await cli(["discover", "--out", "x.ts"]);
        assert.equal(none.code, 2);
        assert.match(
            none.stderr,
            /one of --job, --project, --environment, --application, --container, --helm, --terraform is required/,
        );
        assert.match(
            (await cli(["discover", "--terraform", "nope"])).stderr,
            /--terraform must be a Qovery terraform service id \(a UUID\)/,
        );
        const help = await cli(["discover", "--help"]);
        assert.match(help.stdout, /^ {2}--environment <id> +an environment's own variables$/m);
        assert.match(help.stdout, /^ {2}--services +with --environment: also every service's own variables/m);
    });
});
