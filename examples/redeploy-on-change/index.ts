import * as pulumi from "@pulumi/pulumi";
import { JobVariables } from "pulumi-qovery-secrets";

const cfg = new pulumi.Config();

// One child resource per entry, named after its key: reordering the maps changes nothing.
const api = new JobVariables("api", {
    jobId: cfg.require("jobId"),
    secrets: {
        DB_PASSWORD: cfg.requireSecret("dbPassword"),
        TLS_KEY: { value: cfg.requireSecret("tlsKey"), mountPath: "/etc/tls.key" },
    },
    environmentVariables: { LOG_LEVEL: cfg.get("logLevel") ?? "info" },
    // One redeploy of the job after any of them is created or changed; `pulumi up` waits for its end.
    redeployOnChange: true,
    deployment: { timeoutSeconds: cfg.getNumber("deployTimeoutSeconds") ?? 1800 },
});

export const deploymentRequestId = api.deployment!.deploymentRequestId;
export const deploymentState = api.deployment!.state;
export const serviceDeploymentStatus = api.deployment!.serviceDeploymentStatus;
export const redeployRequestedAt = api.deployment!.requestedAt;
