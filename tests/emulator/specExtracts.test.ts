// The spec extracts under emulator/spec/ made by emulator/extractSpec.ts are what the script makes from
// Qovery's bundled spec, and the emulator unites them into one contract.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { extract } from "../../emulator/extractSpec";
import { OpenApiContract, specPath } from "../../emulator/openapi";
import { emulatorContract, ROUTE_FAMILIES } from "../../emulator/routes";
import { fullSpecText, gitBlobId, headerBlobId } from "../support/fullSpec";

// The full spec is committed compressed (emulator/spec/full/openapi.yaml.gz; tests/support/fullSpec.ts says
// where it came from), so these checks need nothing outside the checkout.
const GENERATED = [
    "job-variables.openapi.yaml",
    "job-deployments.openapi.yaml",
    "variables.openapi.yaml",
    "service-deployments.openapi.yaml",
    "environment-deployments.openapi.yaml",
    "variable-import.openapi.yaml",
];

/** The title and paths an extract was made with, from its own header. */
function recipe(text: string): { title: string; paths: string[] } {
    const title = /^# Extract of the official Qovery OpenAPI specification, reduced to (.*)\.$/m.exec(text)?.[1];
    const header = text.slice(0, text.indexOf("\nopenapi:"));
    const paths = [...header.matchAll(/^# {3}(\/\S+)$/gm)].map((m) => m[1] as string);
    assert.ok(title && paths.length > 0, "the extract's header names its title and paths");
    return { title, paths };
}

describe("emulator: spec extracts", function () {
    // Each check parses the 1 MB spec as YAML: about a second, more on a loaded machine.
    this.timeout(60_000);
    it("the committed full spec is the very file every extract names (its git blob id)", () => {
        const id = gitBlobId(fullSpecText());
        for (const file of [...GENERATED, "job-secrets.openapi.yaml"]) {
            assert.equal(headerBlobId(fs.readFileSync(specPath(file), "utf8")), id, file);
        }
    });

    for (const file of GENERATED) {
        it(`${file} is the verbatim extract emulator/extractSpec.ts makes from the full spec`, () => {
            const text = fs.readFileSync(specPath(file), "utf8");
            const { title, paths } = recipe(text);
            assert.equal(extract(fullSpecText(), paths, title), text);
        });
    }

    it("job-secrets.openapi.yaml (made before extractSpec.ts, its paths in another order) holds the same lines and objects as the extract of its paths", () => {
        const copy = fs.readFileSync(specPath("job-secrets.openapi.yaml"), "utf8");
        const paths = [
            "/job/{jobId}/secret",
            "/job/{jobId}/secret/{secretId}",
            "/job/{jobId}/secret/{secretId}/override",
            "/job/{jobId}/secret/{secretId}/alias",
            "/variable",
            "/variable/{variableId}",
            "/variable/{variableId}/alias",
            "/variable/{variableId}/override",
        ];
        const body = (text: string): string => text.slice(text.indexOf("\nopenapi:"));
        const made = body(extract(fullSpecText(), paths, "the job-secret operations"));
        assert.deepEqual(parseYaml(body(copy)), parseYaml(made));
        assert.deepEqual(body(copy).split("\n").sort(), made.split("\n").sort());
    });

    it("extract refuses an unknown path, and an extract carries the components its paths use", () => {
        const source = fullSpecText();
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
