/**
 * A deployment's watched members, for every variable class of the table (memberClasses.ts): what
 * the program records from the triggers (under Pulumi's mocks), what the provider accepts from a
 * state, and the one list per place it reads to see whether a removed member is gone.
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { MEMBER_CLASSES } from "../../provider/deploy/memberClasses";
import { stillExisting } from "../../provider/deploy/stillExisting";
import { type WatchedMember, apiOfUrn, listKeyOf, membersOf } from "../../provider/deploy/watched";
import { watchedMembers } from "../../provider/resources/watchedMembers";
import { Deployment, JobDeployment } from "../../provider";

const ENV = "33333333-3333-4333-8333-333333333333";
const JOB = "44444444-4444-4444-8444-444444444444";
const APP = "55555555-5555-4555-8555-555555555555";
/** Any custom resource: the type token is what the table reads. */
class FakeResource extends pulumi.CustomResource {}

const urnOf = (type: string, name: string) => `urn:pulumi:dev::p::pulumi-nodejs:dynamic/qovery:${type}::${name}`;

describe("Deployment's watched members: the class table", () => {
    it("covers the six job classes and the six classes of every scope", () => {
        assert.deepEqual(Object.keys(MEMBER_CLASSES).sort(), [
            "EnvironmentVariable",
            "EnvironmentVariableAlias",
            "EnvironmentVariableOverride",
            "JobEnvironmentVariable",
            "JobEnvironmentVariableAlias",
            "JobEnvironmentVariableOverride",
            "JobSecret",
            "JobSecretAlias",
            "JobSecretOverride",
            "Secret",
            "SecretAlias",
            "SecretOverride",
        ]);
        assert.equal(apiOfUrn(urnOf("SecretOverride", "x")), "secret");
        assert.equal(apiOfUrn(urnOf("EnvironmentVariableAlias", "x")), "environmentVariable");
        assert.equal(apiOfUrn(urnOf("Deployment", "x")), undefined);
    });

    it("accepts a job class's member by its job and another class's by scope and parent; nothing else", () => {
        const job = { urn: urnOf("JobSecret", "a"), id: "1", jobId: JOB };
        const scoped = { urn: urnOf("Secret", "b"), id: "2", scope: "ENVIRONMENT", parentId: ENV };
        const noParent = { urn: urnOf("Secret", "c"), id: "3", jobId: JOB };
        const other = { urn: urnOf("SomethingElse", "d"), id: "4", jobId: JOB };
        assert.deepEqual(membersOf([job, scoped, noParent, other, null, "x"]), [job, scoped]);
        assert.deepEqual(membersOf(undefined), []);
        assert.equal(listKeyOf(job), `secret job ${JOB}`);
        assert.equal(listKeyOf(scoped), `variable ENVIRONMENT ${ENV}`);
    });
});

describe("Deployment's watched members: which still exist, one list per place", () => {
    const members: WatchedMember[] = [
        { urn: urnOf("JobSecret", "a"), id: "a", jobId: JOB },
        { urn: urnOf("JobSecretAlias", "b"), id: "b", jobId: JOB },
        { urn: urnOf("Secret", "c"), id: "c", scope: "ENVIRONMENT", parentId: ENV },
        { urn: urnOf("EnvironmentVariable", "d"), id: "d", scope: "ENVIRONMENT", parentId: ENV },
        { urn: urnOf("SecretOverride", "e"), id: "e", scope: "APPLICATION", parentId: APP },
    ];

    it("lists each job list and each parent once, and keeps the members found there", async () => {
        const calls: string[] = [];
        const fake = {
            listJobVariablesWithDate: async (api: string, jobId: string) => {
                calls.push(`job ${api} ${jobId}`);
                return { rows: [{ id: "a" }] };
            },
            listVariablesWithDate: async (scope: string, parentId: string) => {
                calls.push(`variable ${scope} ${parentId}`);
                return { rows: scope === "ENVIRONMENT" ? [{ id: "d" }] : [{ id: "e" }] };
            },
        };
        const held = await stillExisting(fake as never, members);
        assert.deepEqual(
            held.map((m) => m.id),
            ["a", "d", "e"],
        );
        assert.deepEqual(calls.sort(), [
            `job secret ${JOB}`,
            `variable APPLICATION ${APP}`,
            `variable ENVIRONMENT ${ENV}`,
        ]);
    });

    it("a client without GET /variable says so instead of taking a member for gone", async () => {
        const fake = { listJobVariablesWithDate: async () => ({ rows: [] }) };
        await assert.rejects(() => stillExisting(fake as never, members), /has no GET \/variable/);
    });
});

describe("Deployment's watched members: what the program records from the triggers", () => {
    const registered: { type: string; name: string; inputs: Record<string, unknown> }[] = [];
    before(async () => {
        await pulumi.runtime.setMocks({
            newResource: (args) => {
                registered.push({ type: args.type, name: args.name, inputs: args.inputs });
                return { id: `${args.name}-id`, state: args.inputs };
            },
            call: (args) => args.inputs,
        });
    });

    /** A resource of the library's type token, as the classes register it (the class itself does not matter here). */
    const resource = (type: string, name: string, props: Record<string, unknown>) =>
        new FakeResource(`pulumi-nodejs:dynamic/qovery:${type}`, name, props);

    it("records a job class by its job and a scope class by its one parent input; other resources not at all", async () => {
        const jobSecret = resource("JobSecret", "js", { jobId: JOB, updatedAt: "t1" });
        const envSecret = resource("Secret", "es", {
            projectId: undefined,
            environmentId: ENV,
            applicationId: undefined,
            updatedAt: "t2",
        });
        const appOverride = resource("EnvironmentVariableOverride", "ao", { applicationId: APP, updatedAt: "t3" });
        const unrelated = resource("Unrelated", "u", { jobId: JOB, updatedAt: "t4" });
        const triggers = [jobSecret, envSecret, appOverride, unrelated].map(
            (r) => (r as unknown as { updatedAt: pulumi.Output<string> }).updatedAt,
        );
        const watched = await new Promise<WatchedMember[]>((resolve) => watchedMembers(triggers).apply(resolve));
        assert.deepEqual(
            watched.map((m) => ({ ...m, urn: m.urn.split("::").pop() })),
            [
                // In URN order (the type comes first in a URN).
                { urn: "ao", id: "ao-id", scope: "APPLICATION", parentId: APP },
                { urn: "js", id: "js-id", jobId: JOB },
                { urn: "es", id: "es-id", scope: "ENVIRONMENT", parentId: ENV },
            ],
        );
        // What the provider will accept from the state: every one of them.
        assert.equal(membersOf(watched).length, 3);
    });

    it("the Deployment class: its target, the hash, the watched members, and isInstance", async () => {
        const envSecret = resource("Secret", "db", { environmentId: ENV, updatedAt: "t" });
        const d = new Deployment("env-redeploy", {
            environmentId: ENV,
            triggers: [(envSecret as unknown as { updatedAt: pulumi.Output<string> }).updatedAt],
        });
        await new Promise((resolve) => d.id.apply(resolve));
        const inputs = registered.find((r) => r.name === "env-redeploy")!.inputs;
        assert.equal(inputs.environmentId, ENV);
        assert.equal(inputs.applicationId, undefined);
        assert.match(String(inputs.triggersHash), /^sha256:[0-9a-f]{64}$/);
        assert.equal(inputs.waitForCompletion, true);
        assert.equal(inputs.timeoutSeconds, 1800);
        assert.deepEqual(
            (inputs.__watched as WatchedMember[]).map((m) => [m.id, m.scope, m.parentId]),
            [["db-id", "ENVIRONMENT", ENV]],
        );
        assert.equal(Deployment.isInstance(d), true);
        assert.equal(JobDeployment.isInstance(d), false);
        assert.equal(Deployment.isInstance(new JobDeployment("j", { jobId: JOB })), false);
    });
});
