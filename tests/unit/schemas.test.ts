import assert from "node:assert/strict";
import { outputs } from "../../provider/hooks";
import { secretListSchema, secretSchema } from "../../provider/qovery/wire";

const wire = {
    id: "33333333-3333-4333-8333-333333333333",
    created_at: "2026-11-28T10:00:00Z",
    updated_at: "2026-11-28T10:05:00Z",
    key: "DB_PASSWORD",
    scope: "JOB",
    variable_type: "VALUE",
    service_id: "11111111-1111-4111-8111-111111111111",
    service_name: "migrations",
    service_type: "JOB",
    owned_by: "QOVERY",
    description: "primary",
    enable_interpolation_in_file: null,
};

describe("response schemas", () => {
    it("parse a Secret", () => {
        assert.deepEqual(secretSchema.parse(wire), wire);
    });
    it("tolerate extra fields and enum values they do not know", () => {
        const s = secretSchema.parse({
            ...wire,
            scope: "AGENTIC_WORKFLOW",
            variable_type: "FILE_EXTERNAL_SECRET",
            new_field: 1,
        });
        assert.equal(s.scope, "AGENTIC_WORKFLOW");
        assert.equal(s.variable_type, "FILE_EXTERNAL_SECRET");
    });
    it("tolerate missing optional fields", () => {
        assert.ok(secretSchema.safeParse({ id: wire.id, created_at: wire.created_at, key: "K" }).success);
    });
    it("refuse a Secret without id, key or created_at", () => {
        for (const field of ["id", "key", "created_at"]) {
            const { [field]: _, ...rest } = wire as Record<string, unknown>;
            assert.ok(!secretSchema.safeParse(rest).success, field);
        }
    });
    it("parse a list, and refuse a list without results (it would read as a job without secrets)", () => {
        assert.equal(secretListSchema.parse({ results: [wire, wire] }).results.length, 2);
        assert.equal(secretListSchema.parse({ results: [] }).results.length, 0);
        for (const body of [{}, { results: null }, { data: [] }, []]) {
            assert.ok(!secretListSchema.safeParse(body).success, JSON.stringify(body));
        }
    });
});

describe("outputs", () => {
    const inputs = { jobId: wire.service_id, key: "DB_PASSWORD", value: "pw", mountPath: "/etc/x" };
    it("map snake_case to camelCase and keep value and mountPath from the inputs", () => {
        assert.deepEqual(outputs(secretSchema.parse(wire), inputs), {
            jobId: wire.service_id,
            key: "DB_PASSWORD",
            value: "pw",
            description: "primary",
            mountPath: "/etc/x",
            createdAt: wire.created_at,
            updatedAt: wire.updated_at,
            scope: "JOB",
            variableType: "VALUE",
            serviceId: wire.service_id,
            serviceName: "migrations",
            serviceType: "JOB",
            ownedBy: "QOVERY",
        });
    });
    it("hold no undefined field (the provider host refuses them)", () => {
        const o = outputs(
            secretSchema.parse({ id: wire.id, created_at: wire.created_at, key: "K", description: "" }),
            inputs,
        );
        assert.ok(Object.values(o).every((v) => v !== undefined));
        assert.ok(!("description" in o), "an empty description is no description");
    });
});
