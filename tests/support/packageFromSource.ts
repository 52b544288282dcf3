/**
 * Makes `require("pulumi-qovery-secrets/...")` load this checkout's TypeScript source instead of
 * the package's build (`dist/`, absent on a fresh clone and stale after an edit), so that a test
 * of the serialized provider tests the source it claims to test.
 */
import * as fs from "node:fs";
import Module from "node:module";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");

/** The package's public entry points, as `exports` in package.json names them, mapped to the source. */
export const SOURCE_ENTRY_POINTS: Record<string, string> = {
    "pulumi-qovery-secrets": path.join(ROOT, "provider", "index.ts"),
    "pulumi-qovery-secrets/hooks": path.join(ROOT, "provider", "hooks.ts"),
    // Every hooks module the package exports (package.json "exports": "./hooks/<module>").
    ...Object.fromEntries(
        Object.keys(
            (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { exports: object }).exports,
        )
            .filter((k) => k.startsWith("./hooks/"))
            .map((k) => k.slice("./hooks/".length))
            .map((m) => [`pulumi-qovery-secrets/hooks/${m}`, path.join(ROOT, "provider", "hooks", `${m}.ts`)]),
    ),
};

type Resolve = (request: string, ...rest: unknown[]) => string;
const resolver = Module as unknown as { _resolveFilename: Resolve };

/** Redirects the package's entry points to the source until the returned function is called. */
export function loadPackageFromSource(): () => void {
    const original = resolver._resolveFilename;
    resolver._resolveFilename = function (request: string, ...rest: unknown[]) {
        const source = SOURCE_ENTRY_POINTS[request];
        return source ?? original.call(this, request, ...rest);
    };
    return () => {
        resolver._resolveFilename = original;
    };
}
