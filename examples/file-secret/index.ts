import * as pulumi from "@pulumi/pulumi";
import { JobSecret } from "pulumi-qovery-secrets";

const cfg = new pulumi.Config();

// The job reads its service-account credentials from /var/run/secrets/gcp/credentials.json.
// `{{VARIABLE}}` references inside the file are interpolated when enableInterpolationInFile is true.
const credentials = new JobSecret("gcp-credentials", {
    jobId: cfg.require("jobId"),
    key: "GCP_CREDENTIALS",
    value: cfg.requireSecret("gcpCredentials"),
    mountPath: "/var/run/secrets/gcp/credentials.json",
    enableInterpolationInFile: false,
    description: "Service account key of the nightly export",
});

export const id = credentials.id;
export const variableType = credentials.variableType; // "FILE"
