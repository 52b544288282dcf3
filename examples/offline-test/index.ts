/**
 * The program under test: one resource of each class of pulumi-qovery-secrets, for one job.
 * Nothing in it knows about the emulator: the test points `qovery:apiUrl` at it.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    JobEnvironmentVariable,
    JobEnvironmentVariableAlias,
    JobEnvironmentVariableOverride,
    JobSecret,
    JobSecretAlias,
    JobSecretOverride,
} from "pulumi-qovery-secrets";

const cfg = new pulumi.Config();
const jobId = cfg.require("jobId");

const dbPassword = new JobSecret("db-password", { jobId, key: "DB_PASSWORD", value: cfg.requireSecret("dbPassword") });

// The database's URL is a built-in secret of the environment; the job reads it as DATABASE_URL.
new JobSecretAlias("database-url", { jobId, aliasedKey: "QOVERY_POSTGRESQL_Z1234_DATABASE_URL", key: "DATABASE_URL" });

// STRIPE_KEY is a project secret; this job has its own.
new JobSecretOverride("stripe-key", { jobId, overriddenKey: "STRIPE_KEY", value: cfg.requireSecret("stripeKey") });

const logLevel = new JobEnvironmentVariable("log-level", { jobId, key: "LOG_LEVEL", value: "info" });

// An alias of the job's own variable, named by id (known once LOG_LEVEL exists).
new JobEnvironmentVariableAlias("level", { jobId, aliasedVariableId: logLevel.id, key: "LEVEL" });

// REGION is a project variable; this job runs elsewhere.
new JobEnvironmentVariableOverride("region", { jobId, overriddenKey: "REGION", value: "eu-west-3" });

export const dbPasswordId = dbPassword.id;
export const logLevelId = logLevel.id;
