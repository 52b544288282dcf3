import * as pulumi from "@pulumi/pulumi";
import { JobSecret, type JobSecretArgs } from "pulumi-qovery-secrets";

const cfg = new pulumi.Config();
const args: JobSecretArgs = {
    jobId: cfg.require("jobId"),
    key: "STRICT_SECRET",
    value: cfg.requireSecret("value"),
    description: "type-checked",
};
const secret = new JobSecret("strict-secret", args);

export const secretId: pulumi.Output<string> = secret.id;
export const createdAt: pulumi.Output<string> = secret.createdAt;
export const rootDirectory: string = pulumi.getRootDirectory();
