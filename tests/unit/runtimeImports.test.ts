/**
 * The emulator's dependencies (ajv, yaml) ship with the package for `pulumi-qovery-secrets/emulator`
 * and `npx qovery-emulator`; the library itself must not load them, so a program's run (and the
 * provider process) costs no more than before.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");

function modulesLoadedBy(entry: string): string[] {
    const script = `require(${JSON.stringify(entry)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)))`;
    const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
        cwd: ROOT,
        encoding: "utf8",
    });
    return (JSON.parse(out) as string[]).map((f) => path.relative(ROOT, f));
}

const EMULATOR_ONLY = /node_modules[\\/](ajv|ajv-formats|yaml)[\\/]/;

describe("runtime imports", () => {
    it("the library and its hooks load neither the emulator nor its dependencies", function () {
        this.timeout(60_000);
        for (const entry of ["./provider/index.ts", "./provider/hooks.ts"]) {
            const loaded = modulesLoadedBy(entry);
            assert.ok(
                loaded.some((f) => f.startsWith("provider")),
                `${entry} loaded nothing of the library`,
            );
            const offending = loaded.filter((f) => EMULATOR_ONLY.test(f) || f.startsWith("emulator"));
            assert.deepEqual(offending, [], `${entry} loads ${offending.join(", ")}`);
        }
    });
    it("the emulator entry point does load them (so the check above can fail)", function () {
        this.timeout(60_000);
        assert.ok(modulesLoadedBy("./emulator/index.ts").some((f) => EMULATOR_ONLY.test(f)));
    });
});
