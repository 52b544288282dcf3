// The spec extracts under emulator/spec/ made by emulator/extractSpec.ts are what the script makes from
// Qovery's bundled spec, and the emulator unites them into one contract.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { extract } from "../../emulator/extractSpec";
import { OpenApiContract, specPath } from "../../emulator/openapi";
import { emulatorContract, ROUTE_FAMILIES } from "../../emulator/routes";

// The full spec sits in shared/ beside the checkout (on the project's machines and in CI).
const SOURCE = path.resolve(__dirname, "..", "..", "..", "shared", "qovery-openapi", "openapi.yaml");
const GENERATED = ["job-variables.openapi.yaml", "job-deployments.openapi.yaml"];

/** The title and paths an extract was made with, from its own header. */
function recipe(text: string): { title: string; paths: string[] } {
    const title = /^# Extract of the official Qovery OpenAPI specification, reduced to (.*)\.$/m.exec(text)?.[1];
    const header = text.slice(0, text.indexOf("\nopenapi:"));
    const paths = [...header.matchAll(/^# {3}(\/\S+)$/gm)].map((m) => m[1] as string);
    assert.ok(title && paths.length > 0, "the extract's header names its title and paths");
    return { title, paths };
}

describe("emulator: spec extracts", () => {
    for (const file of GENERATED) {
        it(`${file} is the verbatim extract emulator/extractSpec.ts makes from the full spec`, () => {
            assert.ok(fs.existsSync(SOURCE), `the full spec is needed beside the checkout: ${SOURCE}`);
            const text = fs.readFileSync(specPath(file), "utf8");
            const { title, paths } = recipe(text);
            assert.equal(extract(fs.readFileSync(SOURCE, "utf8"), paths, title), text);
        });
    }

    it("extract refuses an unknown path, and an extract carries the components its paths use", () => {
        assert.ok(fs.existsSync(SOURCE), `the full spec is needed beside the checkout: ${SOURCE}`);
        const source = fs.readFileSync(SOURCE, "utf8");
        assert.throws(() => extract(source, ["/job/{jobId}/nothing"], "t"), /no path/);
        const text = extract(source, ["/job/{jobId}/status"], "t");
        assert.match(text, /^ {4}Status:$/m);
    });

    it("every route family's operations exist in the united contract", () => {
        const contract = emulatorContract();
        for (const family of ROUTE_FAMILIES) {
            for (const op of family.operations) {
                const concrete = op.path.replace(/\{[^}]+\}/g, "3fa85f64-5717-4562-b3fc-2c963f66afa6");
                assert.equal(contract.matchOperation(op.method, concrete)?.pathTemplate, op.path, op.path);
            }
        }
    });

    it("uniting extracts refuses an entry defined differently in two of them", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spec-merge-"));
        try {
            const doc = (title: string): string =>
                `openapi: 3.0.0\ninfo: {title: ${title}, version: "1"}\npaths: {}\ncomponents:\n  schemas:\n    X: {type: ${title}}\n`;
            fs.writeFileSync(path.join(dir, "a.yaml"), doc("string"));
            fs.writeFileSync(path.join(dir, "b.yaml"), doc("string"));
            fs.writeFileSync(path.join(dir, "c.yaml"), doc("integer"));
            OpenApiContract.fromFiles([path.join(dir, "a.yaml"), path.join(dir, "b.yaml")]);
            assert.throws(
                () => OpenApiContract.fromFiles([path.join(dir, "a.yaml"), path.join(dir, "c.yaml")]),
                /schemas\/X differs/,
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
