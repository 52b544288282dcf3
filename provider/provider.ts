/**
 * The provider object that Pulumi serializes into every JobSecret's `__provider`.
 *
 * Each hook loads the implementation by package name when it runs, in the provider
 * process. Nothing is captured: the serialized text is a few hundred bytes, holds no
 * token (credentials are read at run time by the implementation) and no schema objects
 * (zod schemas cannot be serialized), and an upgraded library takes effect without a
 * change of state. The name resolves from the program's directory, where the package is
 * installed as a dependency.
 */
import type * as pulumi from "@pulumi/pulumi";

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
/* eslint-enable @typescript-eslint/no-require-imports */
