import * as pulumi from "@pulumi/pulumi";
import { JobEnvironmentVariable, JobSecretAlias, JobSecretOverride } from "pulumi-qovery-secrets";

const cfg = new pulumi.Config();
const jobId = cfg.require("jobId");

// The job reads DATABASE_URL; Qovery provides the database's URL as a built-in secret whose
// name carries the database's id (QOVERY_POSTGRESQL_Z1234_DATABASE_URL).
const databaseUrl = new JobSecretAlias("database-url", {
    jobId,
    aliasedKey: cfg.require("databaseUrlBuiltIn"),
    key: "DATABASE_URL",
    description: "The environment's PostgreSQL database",
});

// STRIPE_KEY is a project secret; this job uses its own key.
const stripeKey = new JobSecretOverride("stripe-key", {
    jobId,
    overriddenKey: "STRIPE_KEY",
    value: cfg.requireSecret("stripeKeyForThisJob"),
    description: "Restricted key for the billing job",
});

// Plain variables: their values are readable in Qovery and in the state.
const logLevel = new JobEnvironmentVariable("log-level", {
    jobId,
    key: "LOG_LEVEL",
    value: cfg.get("logLevel") ?? "info",
});

// A plain variable mounted as a file; {{LOG_LEVEL}} is filled in by Qovery.
const logConfig = new JobEnvironmentVariable("log-config", {
    jobId,
    key: "LOG_CONFIG",
    value: ["[logging]", "level = {{LOG_LEVEL}}", "format = json", ""].join("\n"),
    mountPath: "/etc/app/log.conf",
    enableInterpolationInFile: true,
    description: "Logging configuration file",
});

export const databaseUrlAliasOf = databaseUrl.aliasedSecret.apply((s) => `${s?.scope} ${s?.key}`);
export const stripeKeyOverrides = stripeKey.overriddenSecret.apply((s) => `${s?.scope} ${s?.key}`);
export const logLevelId = logLevel.id;
export const logConfigType = logConfig.variableType;
