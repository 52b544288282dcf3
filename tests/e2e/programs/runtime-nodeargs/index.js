"use strict";
const pulumi = require("@pulumi/pulumi");
const { JobSecret } = require("pulumi-qovery-secrets");

const cfg = new pulumi.Config();
const secret = new JobSecret("nodeargs-secret", {
    jobId: cfg.require("jobId"),
    key: "NODEARGS_SECRET",
    value: cfg.requireSecret("value"),
});
exports.secretId = secret.id;
exports.preloaded = globalThis.pqsPreloaded ?? "not loaded";
exports.execArgv = process.execArgv;
