"use strict";
// Plain JavaScript, as users without TypeScript write it: `typescript: false` in Pulumi.yaml.
const path = require("path");
const pulumi = require("@pulumi/pulumi");
const { JobSecret } = require("pulumi-qovery-secrets");

const cfg = new pulumi.Config();
const secret = new JobSecret("js-secret", {
    jobId: cfg.require("jobId"),
    key: "JS_SECRET",
    value: cfg.requireSecret("value"),
});
exports.secretId = secret.id;
exports.rootDirectory = pulumi.getRootDirectory();
// Whether ts-node was loaded: with `typescript: false` it must not be.
exports.tsNodeLoaded = Object.keys(require.cache).some((m) => m.includes(`${path.sep}ts-node${path.sep}`));
