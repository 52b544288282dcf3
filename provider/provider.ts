/**
 * The provider object that Pulumi serializes into every resource's `__provider`.
 *
 * Which kind a resource is (JobSecret, JobSecretAlias...) is which module its provider loads:
 * `pulumi-qovery-secrets/hooks` for JobSecret (the module every 0.1.0 state names), and
 * `pulumi-qovery-secrets/hooks/<kind>` for the others. Nothing in the inputs marks the kind,
 * so no state written before the other kinds existed can show a diff.
 *
 * Each hook loads the implementation by package name when it runs, in the provider process.
 * Nothing is captured: the serialized text is a few hundred bytes, holds no token
 * (credentials are read at run time by the implementation) and no schema objects (zod schemas
 * cannot be serialized), and an upgraded library takes effect without a change of state. The
 * name resolves from the program's directory, where the package is installed as a dependency.
 */
import type * as pulumi from "@pulumi/pulumi";
import * as path from "path";

/* eslint-disable @typescript-eslint/no-require-imports -- loaded at run time on purpose, see above */
export const jobSecretProvider: pulumi.dynamic.ResourceProvider = {
    async configure(req) {
        return require("pulumi-qovery-secrets/hooks").configure(req);
    },
    async check(olds, news) {
        return require("pulumi-qovery-secrets/hooks").check(olds, news);
    },
    async diff(id, olds, news) {
        return require("pulumi-qovery-secrets/hooks").diff(id, olds, news);
    },
    async create(inputs) {
        return require("pulumi-qovery-secrets/hooks").create(inputs);
    },
    async read(id, props) {
        return require("pulumi-qovery-secrets/hooks").read(id, props);
    },
    async update(id, olds, news) {
        return require("pulumi-qovery-secrets/hooks").update(id, olds, news);
    },
    async delete(id, props) {
        return require("pulumi-qovery-secrets/hooks").deleteSecret(id, props);
    },
};

/** The stub for another kind: the same, loading `pulumi-qovery-secrets/hooks/<kind>`. */
export function stubProvider(specifier: string): pulumi.dynamic.ResourceProvider {
    // One function holds the name, so the serialized text carries it once.
    const hooks = () => require(specifier);
    return {
        async configure(req) {
            return hooks().configure(req);
        },
        async check(olds, news) {
            return hooks().check(olds, news);
        },
        async diff(id, olds, news) {
            return hooks().diff(id, olds, news);
        },
        async create(inputs) {
            return hooks().create(inputs);
        },
        async read(id, props) {
            return hooks().read(id, props);
        },
        async update(id, olds, news) {
            return hooks().update(id, olds, news);
        },
        async delete(id, props) {
            return hooks().delete(id, props);
        },
    };
}
/* eslint-enable @typescript-eslint/no-require-imports */

const PACKAGE = "pulumi-qovery-secrets";

/**
 * The provider to hand to Pulumi for the hooks module at `hooksModulePath` (a file of this
 * package). When the library is installed as a dependency (under
 * `node_modules/pulumi-qovery-secrets`, as users install it), the hooks module itself:
 * Pulumi's serializer recognises an installed module and writes a one-line
 * `require("pulumi-qovery-secrets/hooks...")` (through the package's `exports`), about 300
 * bytes per resource instead of some 2,400. Anywhere else (this repository's own demo, a
 * linked checkout, pnpm's nested layout) the serializer would copy the module's code by value,
 * so a stub is used: it works wherever the package name resolves from the program's directory.
 *
 * `specifier` is the module's public name: `pulumi-qovery-secrets/hooks` (JobSecret's) by default.
 */
export function providerFor(
    hooksModulePath: string,
    cwd: string = process.cwd(),
    specifier: string = `${PACKAGE}/hooks`,
): pulumi.dynamic.ResourceProvider {
    if (isInstalledPackageModule(hooksModulePath, cwd)) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the very module object, see above
        return require(hooksModulePath);
    }
    return specifier === `${PACKAGE}/hooks` ? jobSecretProvider : stubProvider(specifier);
}

/** The provider of a kind whose hooks module is `hooks/<module>` (hooks/jobSecretAlias...). */
export function kindProvider(module: string): pulumi.dynamic.ResourceProvider {
    // Resolved from this file: ./hooks/<module> in the source and in dist alike.
    return providerFor(require.resolve(`./hooks/${module}`), process.cwd(), `${PACKAGE}/hooks/${module}`);
}

/** Whether Pulumi's serializer will write this module as `require("pulumi-qovery-secrets/...")`. */
export function isInstalledPackageModule(modulePath: string, cwd: string): boolean {
    // The serializer names a module by its path relative to cwd, cut after the first node_modules.
    const parts = path.relative(cwd, modulePath).split(path.sep);
    const at = parts.indexOf("node_modules");
    return at >= 0 && parts[at + 1] === PACKAGE && !parts.slice(at + 2).includes("node_modules");
}
