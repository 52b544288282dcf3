/**
 * The main job: a few secrets of one Qovery job, managed by Pulumi.
 *
 * `npm start` runs it against the local Qovery API emulator. Against the real API, set
 * `qovery:apiToken` (and nothing else: `qovery:apiUrl` defaults to https://api.qovery.com).
 */
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

const apiKey = new JobSecret("payments-api-key", {
    jobId,
    key: "PAYMENTS_API_KEY",
    value: cfg.requireSecret("paymentsApiKey"),
});

// A file secret: mounted into the job's container at this path.
const tlsKey = new JobSecret("tls-key", {
    jobId,
    key: "TLS_KEY",
    value: cfg.requireSecret("tlsKey"),
    mountPath: "/etc/app/tls.key",
    description: "Private key of the job's client certificate",
});

export const secretIds = { dbPassword: dbPassword.id, paymentsApiKey: apiKey.id, tlsKey: tlsKey.id };
export const createdAt = dbPassword.createdAt;
export const tlsKeyType = tlsKey.variableType;
