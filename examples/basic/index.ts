import * as pulumi from "@pulumi/pulumi";
import { JobSecret } from "pulumi-qovery-secrets";

const cfg = new pulumi.Config();
const jobId = cfg.require("jobId");

const dbPassword = new JobSecret("db-password", {
    jobId,
    key: "DB_PASSWORD",
    value: cfg.requireSecret("dbPassword"),
    description: "Primary database password",
});

const sentryDsn = new JobSecret("sentry-dsn", {
    jobId,
    key: "SENTRY_DSN",
    value: cfg.requireSecret("sentryDsn"),
});

export const dbPasswordId = dbPassword.id;
export const sentryDsnId = sentryDsn.id;
export const createdAt = dbPassword.createdAt;
