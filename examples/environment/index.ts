import * as pulumi from "@pulumi/pulumi";
import { Deployment, EnvironmentVariable, Secret, SecretAlias, SecretOverride } from "pulumi-qovery-secrets";

const cfg = new pulumi.Config();
const projectId = cfg.require("projectId");
const environmentId = cfg.require("environmentId");
const applicationId = cfg.require("applicationId");
const containerId = cfg.require("containerId");

// A project variable: every environment of the project, and every service in them, sees REGION.
const region = new EnvironmentVariable("region", {
    projectId,
    key: "REGION",
    value: cfg.get("region") ?? "eu-west-3",
});

// An environment secret: the application and the container both see DB_PASSWORD, with no copy in either.
const dbPassword = new Secret("db-password", {
    environmentId,
    key: "DB_PASSWORD",
    value: cfg.requireSecret("dbPassword"),
    description: "Shared by every service of the environment",
});

// The application uses its own database user: an override of the environment's secret, for it only.
// Named by id, so Pulumi creates it after its target and the override follows a replaced target.
const apiDbPassword = new SecretOverride("api-db-password", {
    applicationId,
    overriddenSecretId: dbPassword.id,
    value: cfg.requireSecret("apiDbPassword"),
    description: "The API's own database user",
});

// The container reads DATABASE_URL; Qovery provides the database's URL as a built-in secret whose
// name carries the database's id (QOVERY_POSTGRESQL_Z1234_DATABASE_URL): see README.md to find it.
const workerDatabaseUrl = new SecretAlias("worker-database-url", {
    containerId,
    aliasedKey: cfg.require("databaseUrlBuiltIn"),
    key: "DATABASE_URL",
    description: "The environment's PostgreSQL database",
});

// One redeploy of the environment after any of them is created, changed or replaced: a changed
// variable does nothing to running services until they are redeployed.
const managed = [region, dbPassword, apiDbPassword, workerDatabaseUrl];
const redeploy = new Deployment("environment-redeploy", {
    environmentId,
    triggers: managed.flatMap((r) => [r.id, r.updatedAt]),
    timeoutSeconds: cfg.getNumber("deployTimeoutSeconds") ?? 1800,
});

export const dbPasswordId = dbPassword.id;
export const apiOverrides = apiDbPassword.overriddenSecret.apply((s) => `${s?.scope} ${s?.key}`);
export const workerAliasOf = workerDatabaseUrl.aliasedSecret.apply((s) => `${s?.scope} ${s?.key}`);
export const deploymentRequestId = redeploy.deploymentRequestId;
export const deploymentState = redeploy.state;
