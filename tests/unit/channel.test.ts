import assert from "node:assert/strict";
import { jobChannel, variableChannel } from "../../provider/engine/channel";
import { KINDS } from "../../provider/engine/kinds";
import { forgetLists, listOf, lists } from "../../provider/engine/runtime";
import { SCOPES } from "../../provider/engine/scopes";
import type { QoveryClient } from "../../provider/qovery/client";

const ENV = "11111111-1111-4111-8111-111111111111";
const APP = "22222222-2222-4222-8222-222222222222";
const TARGET = "33333333-3333-4333-8333-333333333333";
const at = "2026-12-05T10:00:00Z";

/** A client that records the calls the channel makes and answers with a row. */
function recorder() {
    const calls: [string, ...unknown[]][] = [];
    const row = { id: "new", created_at: at, key: "K", is_secret: true };
    const fake = new Proxy(
        {},
        {
            get:
                (_t, method: string) =>
                async (...args: unknown[]) => {
                    calls.push([method, ...args]);
                    if (method.startsWith("list")) {
                        return {
                            rows: [
                                { ...row, id: "s", is_secret: true },
                                { ...row, id: "v", is_secret: false },
                            ],
                            serverDate: 1,
                        };
                    }
                    return row;
                },
        },
    ) as unknown as QoveryClient;
    return { calls, fake };
}

describe("channels: how a kind reaches Qovery", () => {
    const env = { scope: SCOPES.environment, id: ENV };
    const app = { scope: SCOPES.application, id: APP };

    it("/variable create: the body gains is_secret and the parent's scope and id", async () => {
        const { calls, fake } = recorder();
        await variableChannel("secret").create(fake, env, { key: "K", value: "v" });
        await variableChannel("environmentVariable").create(fake, app, { key: "K", value: "v" });
        assert.deepEqual(calls, [
            [
                "createVariable",
                { key: "K", value: "v", is_secret: true, variable_scope: "ENVIRONMENT", variable_parent_id: ENV },
            ],
            [
                "createVariable",
                { key: "K", value: "v", is_secret: false, variable_scope: "APPLICATION", variable_parent_id: APP },
            ],
        ]);
    });

    it("/variable alias and override: the target in the path, the NEW row's parent in the body", async () => {
        const { calls, fake } = recorder();
        await variableChannel("secret").alias(fake, app, TARGET, { key: "A" });
        await variableChannel("secret").override(fake, app, TARGET, { value: "o" });
        assert.deepEqual(calls, [
            ["createVariableAlias", TARGET, { key: "A", alias_scope: "APPLICATION", alias_parent_id: APP }],
            ["createVariableOverride", TARGET, { value: "o", override_scope: "APPLICATION", override_parent_id: APP }],
        ]);
    });

    it("/variable edit and delete: by id alone", async () => {
        const { calls, fake } = recorder();
        await variableChannel("secret").edit(fake, env, "x", { key: "K" });
        await variableChannel("secret").remove(fake, env, "x");
        assert.deepEqual(calls, [
            ["editVariable", "x", { key: "K" }],
            ["deleteVariable", "x"],
        ]);
    });

    it("/variable lists both kinds at once; each kind keeps its own rows, the other's explain a conflict", async () => {
        const { fake } = recorder();
        const listed = await variableChannel("secret").fetch(fake, env);
        assert.deepEqual(
            variableChannel("secret")
                .select(listed.rows)
                .map((r) => r.id),
            ["s"],
        );
        assert.deepEqual(
            variableChannel("environmentVariable")
                .select(listed.rows)
                .map((r) => r.id),
            ["v"],
        );
        assert.deepEqual(
            (await variableChannel("secret").others(fake, env)).map((r) => r.id),
            ["v"],
        );
        assert.equal(variableChannel("secret").listKey(env), variableChannel("environmentVariable").listKey(env));
    });

    it("the job channel keeps the job's endpoints and one list per API", async () => {
        const { calls, fake } = recorder();
        const job = { scope: SCOPES.job, id: APP };
        await jobChannel("secret").create(fake, job, { key: "K", value: "v" });
        await jobChannel("environmentVariable").alias(fake, job, TARGET, { key: "A" });
        assert.deepEqual(calls, [
            ["createJobVariable", "secret", APP, { key: "K", value: "v" }],
            ["createJobVariableAlias", "environmentVariable", APP, TARGET, { key: "A" }],
        ]);
        assert.notEqual(jobChannel("secret").listKey(job), jobChannel("environmentVariable").listKey(job));
        assert.equal(jobChannel("secret").createPath(job), `/job/${APP}/secret`);
    });

    it("parentOf: exactly one scope input names the parent; none or two name none", () => {
        const ch = variableChannel("secret");
        assert.deepEqual(ch.parentOf({ helmId: APP }), { scope: SCOPES.helm, id: APP });
        assert.equal(ch.parentOf({}), undefined);
        assert.equal(ch.parentOf({ projectId: ENV, helmId: APP }), undefined);
        assert.deepEqual(jobChannel("secret").parentOf({ jobId: APP }), { scope: SCOPES.job, id: APP });
    });
});

describe("the lists shared in the provider process", () => {
    const env = { scope: SCOPES.environment, id: ENV };
    const app = { scope: SCOPES.application, id: APP };
    afterEach(() => lists.invalidateWhere(() => true));

    it("one list per parent serves Secret and EnvironmentVariable alike", async () => {
        const { calls, fake } = recorder();
        const secrets = await listOf(KINDS.Secret, app, fake);
        const variables = await listOf(KINDS.EnvironmentVariable, app, fake);
        assert.deepEqual([secrets.map((r) => r.id), variables.map((r) => r.id)], [["s"], ["v"]]);
        assert.equal(calls.length, 1);
    });

    it("a write in a service forgets that service's lists only; a write above forgets every list", async () => {
        const { calls, fake } = recorder();
        await listOf(KINDS.Secret, app, fake);
        await listOf(KINDS.Secret, env, fake);
        forgetLists(app);
        await listOf(KINDS.Secret, env, fake);
        assert.equal(calls.length, 2, "the environment's list is kept");
        await listOf(KINDS.Secret, app, fake);
        assert.equal(calls.length, 3, "the service's list is read again");
        forgetLists(env);
        await listOf(KINDS.Secret, app, fake);
        assert.equal(calls.length, 4, "a write in its environment changes what the service sees");
    });
});
