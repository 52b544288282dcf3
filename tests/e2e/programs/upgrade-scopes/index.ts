import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import * as qovery from "pulumi-qovery-secrets";

// Every class of 0.2.0, once, written only with 0.2.0's API: the same program runs under 0.2.0 and
// under this version. The test writes upgrade.json (the jobs and the values) and rewrites it to change
// a value.
interface Settings {
    jobId: string;
    bundleJobId: string;
    values: { db: string; tls: string; stripe: string; level: string; bundleDb: string; bundleRegion: string };
}
const { jobId, bundleJobId, values }: Settings = JSON.parse(fs.readFileSync("upgrade.json", "utf8"));

new qovery.JobSecret("db-password", {
    jobId,
    key: "DB_PASSWORD",
    value: pulumi.secret(values.db),
    description: "primary database",
});
// A file secret.
const tls = new qovery.JobSecret("tls-key", {
    jobId,
    key: "TLS_KEY",
    value: pulumi.secret(values.tls),
    mountPath: "/etc/app/tls.key",
});
// Aliases and overrides of entries the job inherits (seeded by the test at project and environment scope).
new qovery.JobSecretAlias("payments-key", { jobId, aliasedKey: "STRIPE_KEY", key: "PAYMENTS_KEY" });
new qovery.JobSecretOverride("stripe", { jobId, overriddenKey: "STRIPE_KEY", value: pulumi.secret(values.stripe) });
const level = new qovery.JobEnvironmentVariable("log-level", { jobId, key: "LOG_LEVEL", value: values.level });
new qovery.JobEnvironmentVariableAlias("host", { jobId, aliasedKey: "API_HOST", key: "HOST" });
new qovery.JobEnvironmentVariableOverride("region", { jobId, overriddenKey: "REGION", value: "eu-west-1" });

// Redeploys the job when the file secret or the log level changes (not when DB_PASSWORD does).
const deployment = new qovery.JobDeployment("redeploy", { jobId, triggers: [tls.updatedAt, level.value] });

// The component, on a job of its own, with its own redeploy.
const bundle = new qovery.JobVariables("bundle", {
    jobId: bundleJobId,
    secrets: { BUNDLE_DB_PASSWORD: pulumi.secret(values.bundleDb) },
    environmentVariables: { BUNDLE_REGION: { value: values.bundleRegion, description: "where it runs" } },
    redeployOnChange: true,
});

export const deploymentState = deployment.state;
export const bundleDeploymentState = bundle.deployment!.state;
