// One Deployment whose target inputs come from the `targets` config (a JSON object such as
// {"environmentId": "..."}): none, one or several, as a test sets them.
import * as pulumi from "@pulumi/pulumi";
import { Deployment, type DeploymentArgs } from "pulumi-qovery-secrets";

const cfg = new pulumi.Config();
const targets =
    cfg.requireObject<Pick<DeploymentArgs, "applicationId" | "environmentId" | "helmId" | "jobId">>("targets");

const deployment = new Deployment("redeploy", {
    ...targets,
    triggers: [cfg.get("trigger") ?? "v1"],
    timeoutSeconds: cfg.getNumber("timeoutSeconds"),
});

export const targetKind = deployment.targetKind;
export const targetId = deployment.targetId;
export const state = deployment.state;
export const deploymentRequestId = deployment.deploymentRequestId;
export const isDeployment = Deployment.isInstance(deployment);
