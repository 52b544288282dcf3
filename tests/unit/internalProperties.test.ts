import assert from "node:assert/strict";
import type { Hooks } from "../../provider/engine/lifecycle";
import { withInternalProperties } from "../../provider/engine/internalProperties";

/**
 * The recorded URN is `__resourceUrn` in the state (hidden by Pulumi's display) and
 * `resourceUrn` inside the engine; states written before the rename hold `resourceUrn`.
 */
describe("internal properties at the boundary with Pulumi", () => {
    const URN = "urn:pulumi:dev::p::pulumi-nodejs:dynamic/qovery:JobSecret::db";
    type Call = [string, ...unknown[]];
    let calls: Call[];
    // An engine that echoes what it is given, so that the test sees both directions.
    const engine: Hooks = {
        async configure() {},
        async check(_olds, news) {
            calls.push(["check", news]);
            return { inputs: { ...news } };
        },
        async diff(_id, olds, news) {
            calls.push(["diff", olds, news]);
            return { changes: false };
        },
        async create(inputs) {
            calls.push(["create", inputs]);
            return { id: "id-1", outs: { ...inputs } };
        },
        async read(id, props) {
            calls.push(["read", props]);
            return { id, props: { ...props }, inputs: { key: props.key, resourceUrn: props.resourceUrn } };
        },
        async update(_id, olds, news) {
            calls.push(["update", olds, news]);
            return { outs: { ...news } };
        },
        async delete(_id, props) {
            calls.push(["delete", props]);
        },
    };
    const hooks = withInternalProperties(engine);
    beforeEach(() => (calls = []));

    it("check: the engine reads resourceUrn; the checked inputs hold __resourceUrn only", async () => {
        const { inputs } = await hooks.check(undefined, { key: "K", __resourceUrn: URN });
        assert.deepEqual(calls[0][1], { key: "K", resourceUrn: URN });
        assert.deepEqual(inputs, { key: "K", __resourceUrn: URN });
    });

    for (const [label, name] of [
        ["a state of this version", "__resourceUrn"],
        ["a state written before the rename", "resourceUrn"],
    ]) {
        it(`${label} (${name}): the engine reads resourceUrn; inputs and new outputs hold __resourceUrn`, async () => {
            const state = { key: "K", [name]: URN };
            const checked = await hooks.check(state, { key: "K", __resourceUrn: URN });
            await hooks.diff("id-1", state, checked.inputs);
            const created = await hooks.create(checked.inputs);
            const read = await hooks.read("id-1", state);
            const updated = await hooks.update("id-1", state, checked.inputs);
            await hooks.delete("id-1", state);
            for (const [hook, ...args] of calls) {
                for (const a of args) {
                    assert.equal((a as Record<string, unknown>).resourceUrn, URN, hook);
                    assert.ok(!("__resourceUrn" in (a as object)), hook);
                }
            }
            for (const written of [checked.inputs, created.outs, read.inputs, updated.outs]) {
                assert.equal(written?.__resourceUrn, URN, JSON.stringify(written));
                assert.ok(!("resourceUrn" in (written as object)), JSON.stringify(written));
            }
            // A refresh keeps the outputs' name: renaming would show as a change of every resource.
            const other = name === "resourceUrn" ? "__resourceUrn" : "resourceUrn";
            assert.equal(read.props[name], URN);
            assert.ok(!(other in read.props));
        });
    }

    it("a create that keeps the resource pending: its outputs hold __resourceUrn", async () => {
        const pending = Object.assign(new Error("outcome unknown"), {
            id: "pending-create-1",
            properties: { key: "K", resourceUrn: URN },
        });
        const failing = withInternalProperties({ ...engine, create: () => Promise.reject(pending) });
        await assert.rejects(failing.create({ key: "K", __resourceUrn: URN }), (err) => err === pending);
        assert.deepEqual(pending.properties, { key: "K", __resourceUrn: URN });
    });

    it("a JobDeployment's watched variables and pending removals: plain names in the engine, hidden in the state", async () => {
        const member = { urn: URN, id: "id-1", jobId: "j" };
        const { inputs } = await hooks.check(undefined, { jobId: "j", __watched: [member] });
        assert.deepEqual(calls[0][1], { jobId: "j", watched: [member] });
        assert.deepEqual(inputs, { jobId: "j", __watched: [member] });
        const failing = withInternalProperties({
            ...engine,
            update: async (_id, _olds, news) => ({ outs: { ...news, pendingRemovals: [member] } }),
        });
        const { outs } = await failing.update("d", { __watched: [member] }, { __watched: [] });
        assert.deepEqual(outs, { __watched: [], __pendingRemovals: [member] });
    });

    it("a state with no recorded URN (0.1.0) stays without one", async () => {
        const read = await hooks.read("id-1", { key: "K" });
        assert.deepEqual(read.props, { key: "K" });
        assert.deepEqual(read.inputs, { key: "K" });
    });
});
