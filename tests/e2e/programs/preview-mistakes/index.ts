// Mistakes that preview must catch: with `duplicate` set, two resources hold one key of one job.
import * as pulumi from "@pulumi/pulumi";
import { JobEnvironmentVariable, JobSecret } from "pulumi-qovery-secrets";

const cfg = new pulumi.Config();
const jobId = cfg.require("jobId");

new JobSecret("db-password", { jobId, key: "DB_PASSWORD", value: "v" });
if (cfg.getBoolean("duplicate")) {
    new JobEnvironmentVariable("db-password-again", { jobId, key: "DB_PASSWORD", value: "plain" });
}
