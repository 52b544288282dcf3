/**
 * The classes of every scope against the emulator over real HTTP, through their hooks modules:
 * a project, an environment and services below it; create, edit, refresh (one list per parent),
 * drift, adopt, lost creates, cascades across services, and what `/variable` requests carry.
 */
import assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import { forgetCascades } from "../../provider/engine/cascade";
import { forgetClaims } from "../../provider/engine/claims";
import { lists } from "../../provider/engine/runtime";
import * as environmentVariableHooks from "../../provider/hooks/environmentVariable";
import * as environmentVariableAliasHooks from "../../provider/hooks/environmentVariableAlias";
import * as environmentVariableOverrideHooks from "../../provider/hooks/environmentVariableOverride";
import * as secretHooks from "../../provider/hooks/secret";
import * as secretAliasHooks from "../../provider/hooks/secretAlias";
import * as secretOverrideHooks from "../../provider/hooks/secretOverride";
import { type Harness, rejection, startHarness } from "./harness";

type Props = Record<string, unknown>;
interface KindHooks {
    check(olds: unknown, news: Props): Promise<pulumi.dynamic.CheckResult>;
    diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
    create(inputs: Props): Promise<pulumi.dynamic.CreateResult>;
    read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
    update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
    delete(id: string, props: Props): Promise<void>;
}
const hooksOf = (m: unknown) => m as KindHooks;
const Secret = hooksOf(secretHooks);
const SecretAlias = hooksOf(secretAliasHooks);
const SecretOverride = hooksOf(secretOverrideHooks);
const EnvironmentVariable = hooksOf(environmentVariableHooks);
const EnvironmentVariableOverride = hooksOf(environmentVariableOverrideHooks);
const EnvironmentVariableAlias = hooksOf(environmentVariableAliasHooks);

describe("every scope over /variable (real HTTP)", function () {
    let h: Harness;
    let project: string;
    let env: string;
    let app: string;
    let container: string;
    let helm: string;
    let n = 0;
    const uniq = (p: string) => `${p}_${++n}`;
    const urn = (type: string, name: string) =>
        `urn:pulumi:test::scopes::pulumi-nodejs:dynamic/qovery:${type}::${name}`;
    const requests = async () =>
        (await h.admin.requests())
            .map((r) => `${r.method} ${r.path.split("?")[0]}`)
            .filter((r) => !r.includes("__admin"));
    /** A new run: a new provider process, with no lists, claims or cascades of the last one. */
    const newRun = () => {
        forgetClaims();
        forgetCascades();
        lists.invalidateWhere(() => true);
    };

    before(async () => {
        h = await startHarness();
        project = await h.admin.createProject();
        env = await h.admin.createEnvironment(project);
        app = await h.admin.createService("APPLICATION", env);
        container = await h.admin.createService("CONTAINER", env);
        helm = await h.admin.createService("HELM", env);
    });
    after(async () => {
        await h.emulator.stop();
    });
    beforeEach(async () => {
        newRun();
        await h.admin.clearRequests();
    });
    afterEach(async () => {
        await h.admin.clearFaults();
    });

    it("an environment's secret: one POST /variable with its scope; seen by its services; no value returned", async () => {
        const key = uniq("DB_PASSWORD");
        const made = await Secret.create({ environmentId: env, key, value: "s3cret", resourceUrn: urn("Secret", key) });
        assert.deepEqual(await requests(), ["POST /variable"]);
        const [post] = await h.admin.requests();
        assert.deepEqual(post.body, {
            key,
            value: "s3cret",
            is_secret: true,
            variable_scope: "ENVIRONMENT",
            variable_parent_id: env,
        });
        assert.equal(post.valid, true, "the body matches the spec's VariableRequest");
        assert.equal(made.outs.scope, "ENVIRONMENT");
        assert.equal(made.outs.isSecret, true);
        assert.equal(made.outs.value, "s3cret", "the value is the program's: Qovery never returns it");
        const seen = await h.admin.storedRows(app);
        assert.ok(
            seen.some((r) => r.id === made.id && r.scope === "ENVIRONMENT"),
            "the application sees it",
        );
    });

    it("edits in place with one PUT /variable/{id}; a refresh of several resources of one parent lists it once", async () => {
        const a = await EnvironmentVariable.create({ applicationId: app, key: uniq("A"), value: "1" });
        const b = await Secret.create({ applicationId: app, key: uniq("B"), value: "2" });
        const edited = await EnvironmentVariable.update(a.id, a.outs, { ...a.outs, value: "1b" });
        assert.equal(edited.outs!.value, "1b");
        newRun();
        await h.admin.clearRequests();
        await Promise.all([EnvironmentVariable.read(a.id, edited.outs!), Secret.read(b.id, b.outs)]);
        assert.deepEqual(await requests(), ["GET /variable"], "one list of the application for both classes");
    });

    it("drift of a plain variable shows in a refresh; a secret's value is kept from the state", async () => {
        const key = uniq("REGION");
        const made = await EnvironmentVariable.create({ projectId: project, key, value: "eu-west-3" });
        await fetch(`${h.emulator.url}/variable/${made.id}`, {
            method: "PUT",
            headers: {
                Authorization: `Token ${(await import("./harness")).TOKEN}`,
                "Content-Type": "application/json",
            },
            body: JSON.stringify({ key, value: "us-east-1" }),
        });
        newRun();
        const read = await EnvironmentVariable.read(made.id, made.outs);
        assert.equal(read.inputs!.value, "us-east-1");
        assert.equal(read.inputs!.projectId, project);
    });

    it("an override in a service of its environment's secret, by key; refused for its own scope's, before any POST", async () => {
        const key = uniq("STRIPE");
        const target = await Secret.create({ environmentId: env, key, value: "live" });
        const o = await SecretOverride.create({ applicationId: app, overriddenKey: key, value: "test" });
        assert.equal(o.outs.key, key);
        assert.equal(
            (o.outs.overriddenSecret as { id: string }).id,
            target.id,
            "the target object under the class's name",
        );
        assert.equal(o.outs.variableType, "OVERRIDE");
        const own = uniq("OWN");
        await Secret.create({ containerId: container, key: own, value: "x" });
        await h.admin.clearRequests();
        const err = await rejection(() =>
            SecretOverride.create({ containerId: container, overriddenKey: own, value: "y" }),
        );
        assert.match(err.message, /SecretOverride|secret override/);
        assert.match(err.message, /higher scope than its container/);
        assert.ok(!(await requests()).includes("POST /variable/{variableId}/override"));
        assert.ok(!(await requests()).some((r) => r.startsWith("POST")), "nothing was posted");
    });

    it("an alias in a container of one of its built-ins, by key", async () => {
        const builtIn = (await h.admin.storedRows(container)).find(
            (r) => r.scope === "BUILT_IN" && r.parent_id === container,
        );
        assert.ok(builtIn, "the emulator seeds the container's built-ins");
        const a = await EnvironmentVariableAlias.create({
            containerId: container,
            aliasedKey: builtIn.key,
            key: uniq("HOST"),
        });
        assert.equal((a.outs.aliasedVariable as { id: string }).id, builtIn.id);
        assert.equal(a.outs.scope, "CONTAINER");
        assert.equal(a.outs.variableType, "ALIAS");
    });

    it("the key is free in its parent across both kinds: a 409 explained from the one list", async () => {
        const key = uniq("TAKEN");
        await EnvironmentVariable.create({ helmId: helm, key, value: "plain" });
        const err = await rejection(() => Secret.create({ helmId: helm, key, value: "s" }));
        assert.match(err.message, /the helm service has/);
        assert.match(err.message, /one key per helm service across secrets and environment variables/);
        assert.ok(!err.message.includes('"s"'));
    });

    it("adopt: takes over the parent's own secret with one PUT, keeps its id", async () => {
        const key = uniq("ADOPTED");
        const existing = await Secret.create({ environmentId: env, key, value: "old" });
        newRun();
        await h.admin.clearRequests();
        const adopted = await Secret.create({ environmentId: env, key, value: "new", adopt: true });
        assert.equal(adopted.id, existing.id);
        assert.deepEqual(await requests(), ["GET /variable", "PUT /variable/" + existing.id]);
    });

    it("a lost answer to POST /variable: the row made after the create began is taken over, no duplicate", async () => {
        const key = uniq("LOST");
        await h.admin.fault({ method: "POST", path: "/variable", drop: "after" });
        const made = await EnvironmentVariable.create({ environmentId: env, key, value: "v" });
        const rows = (await h.admin.storedRows(env)).filter((r) => r.key === key);
        assert.deepEqual(
            rows.map((r) => r.id),
            [made.id],
        );
    });

    it("a replacement of an environment's secret deleting first puts back the aliases of services below it", async () => {
        const key = uniq("TLS");
        const ins = { environmentId: env, key, value: "k1", mountPath: "/etc/tls/a", resourceUrn: urn("Secret", key) };
        const own = await Secret.create(ins);
        const aliasIns = {
            applicationId: app,
            aliasedKey: key,
            key: uniq("APP_TLS"),
            resourceUrn: urn("SecretAlias", "a"),
        };
        const alias = await SecretAlias.create(aliasIns);
        newRun();
        // The run: every resource is checked and diffed first; then the secret is replaced, deleting first.
        await SecretAlias.check({}, aliasIns);
        await SecretAlias.diff(alias.id, alias.outs, aliasIns);
        const news = { ...ins, mountPath: "/etc/tls/b" };
        await Secret.check({}, news);
        const d = await Secret.diff(own.id, own.outs, news);
        assert.deepEqual([d.replaces, d.deleteBeforeReplace], [["mountPath"], true]);
        await Secret.delete(own.id, own.outs);
        const made = await Secret.create(news);
        const appRows = await h.admin.storedRows(app);
        const again = appRows.find((r) => r.key === aliasIns.key && r.scope === "APPLICATION");
        assert.ok(again, "the application's alias exists again");
        assert.equal(again.alias_of, made.id, "on the new secret");
        // The program's alias finds its row again by key and target.
        const read = await SecretAlias.read(alias.id, alias.outs);
        assert.equal(read.id, again.id);
    });

    it("a service's alias checked only after its target's delete-first replacement (dependsOn) is replaced, create first", async () => {
        const key = uniq("CA");
        const ins = { environmentId: env, key, value: "k1", mountPath: "/etc/ca/a", resourceUrn: urn("Secret", key) };
        const own = await Secret.create(ins);
        const aliasIns = { helmId: helm, aliasedKey: key, key: uniq("HELM_CA"), resourceUrn: urn("SecretAlias", key) };
        const alias = await SecretAlias.create(aliasIns);
        newRun();
        // The CLI's order with `dependsOn`: the secret's replacement is done before the alias is even checked.
        const news = { ...ins, mountPath: "/etc/ca/b" };
        await Secret.check({}, news);
        await Secret.diff(own.id, own.outs, news);
        await Secret.delete(own.id, own.outs);
        const made = await Secret.create(news);
        assert.ok(!(await h.admin.storedRows(helm)).some((r) => r.key === aliasIns.key), "Qovery's cascade took it");
        await SecretAlias.check({}, aliasIns);
        const d = await SecretAlias.diff(alias.id, alias.outs, aliasIns);
        assert.deepEqual([d.changes, d.replaces, d.deleteBeforeReplace], [true, ["aliasedKey"], false]);
        const again = await SecretAlias.create(aliasIns);
        await SecretAlias.delete(alias.id, alias.outs); // the old id: gone, and its replacement is not taken for it
        const rows = (await h.admin.storedRows(helm)).filter((r) => r.key === aliasIns.key);
        assert.deepEqual(
            rows.map((r) => [r.id, r.alias_of]),
            [[again.id, made.id]],
        );
        // A later run has nothing to do.
        newRun();
        const next = await SecretAlias.diff(again.id, again.outs, aliasIns);
        assert.equal(next.changes, false);
    });

    it("removing an environment's secret that a service's declared alias names is refused; nothing deleted", async () => {
        const key = uniq("NAMED");
        const own = await Secret.create({ environmentId: env, key, value: "v", resourceUrn: urn("Secret", key) });
        const aliasIns = {
            containerId: container,
            aliasedKey: key,
            key: uniq("C_NAMED"),
            resourceUrn: urn("SecretAlias", key),
        };
        await SecretAlias.create(aliasIns);
        newRun();
        await SecretAlias.check({}, aliasIns);
        const err = await rejection(() => Secret.delete(own.id, own.outs));
        assert.match(err.message, /still declares the secret alias/);
        assert.ok(
            (await h.admin.storedRows(env)).some((r) => r.id === own.id),
            "still there",
        );
    });

    it("removing one that another environment's service aliases under the same key is not refused", async () => {
        const otherEnv = await h.admin.createEnvironment(project);
        const otherApp = await h.admin.createService("APPLICATION", otherEnv);
        const key = uniq("SAME_KEY");
        const mine = await Secret.create({ environmentId: env, key, value: "v", resourceUrn: urn("Secret", "mine") });
        await Secret.create({ environmentId: otherEnv, key, value: "w" });
        const aliasIns = {
            applicationId: otherApp,
            aliasedKey: key,
            key: uniq("OTHER_ALIAS"),
            resourceUrn: urn("SecretAlias", "o"),
        };
        await SecretAlias.create(aliasIns);
        newRun();
        await SecretAlias.check({}, aliasIns);
        await Secret.delete(mine.id, mine.outs);
        assert.ok(!(await h.admin.storedRows(env)).some((r) => r.id === mine.id));
    });

    it("refresh: gone from its parent's list is gone; a 404 from a proxy is not", async () => {
        const made = await EnvironmentVariableOverride.create({
            helmId: helm,
            overriddenKey: (await EnvironmentVariable.create({ projectId: project, key: uniq("P"), value: "p" })).outs
                .key as string,
            value: "h",
        });
        await h.admin.deleteStoredRow(made.id);
        newRun();
        assert.equal((await EnvironmentVariableOverride.read(made.id, made.outs)).id, undefined);
        await h.admin.fault({
            method: "GET",
            path: "/variable",
            status: 404,
            body: "<html>not found</html>",
            times: 3,
        });
        newRun();
        const other = await EnvironmentVariable.create({ helmId: helm, key: uniq("Q"), value: "q" });
        newRun();
        const err = await rejection(() => EnvironmentVariable.read(other.id, other.outs));
        assert.match(err.message, /kept in the state/);
    });

    it("a target named by id: an alias of an alias, or an override of its own scope, is refused before any POST", async () => {
        const base = await Secret.create({ environmentId: env, key: uniq("BASE"), value: "b" });
        const alias = await SecretAlias.create({ environmentId: env, aliasedSecretId: base.id, key: uniq("ALIAS") });
        const own = await Secret.create({ applicationId: app, key: uniq("OWN_APP"), value: "o" });
        newRun();
        await h.admin.clearRequests();
        const aliasOfAlias = await rejection(() =>
            SecretAlias.create({ applicationId: app, aliasedSecretId: alias.id, key: uniq("AA") }),
        );
        assert.match(aliasOfAlias.message, /cannot target an alias or an override/);
        const sameScope = await rejection(() =>
            SecretOverride.create({ applicationId: app, overriddenSecretId: own.id, value: "x" }),
        );
        assert.match(sameScope.message, /higher scope than its application/);
        assert.deepEqual(await requests(), ["GET /variable"], "one shared list, and nothing posted");
    });

    it("a 409 explained: a key held below the parent, and a resource moving down under its key", async () => {
        const below = uniq("HELD_BELOW");
        await Secret.create({ helmId: helm, key: below, value: "h" });
        const unseen = await rejection(() => Secret.create({ environmentId: env, key: below, value: "e" }));
        assert.match(unseen.message, new RegExp(`list shows no "${below}", so a service of it holds it`));
        assert.match(unseen.message, new RegExp(`discover --environment ${env} --services`));

        const key = uniq("MOVING");
        const resourceUrn = urn("Secret", key);
        const old = await Secret.create({ environmentId: env, key, value: "v", resourceUrn });
        newRun();
        const news = { applicationId: app, key, value: "v", resourceUrn };
        const d = await Secret.diff(old.id, old.outs, news);
        assert.deepEqual([d.replaces, d.deleteBeforeReplace], [["environmentId", "applicationId"], false]);
        const moved = await rejection(() => Secret.create(news));
        assert.match(moved.message, /this resource itself, in its ENVIRONMENT place\. It moves to the application/);
        assert.match(moved.message, /Do it in two steps/);
    });
});
