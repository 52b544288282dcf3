import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { JobDeployment, JobSecret, JobVariables } from "pulumi-qovery-secrets";

// The test rewrites removal.json between steps: a JobVariables with redeployOnChange in one job,
// and standalone secrets with a JobDeployment triggered by some of them in another.
interface Spec {
    jobId: string;
    secrets: Record<string, string>;
    variables: Record<string, string>;
    soloJobId: string;
    solo: Record<string, string>;
    soloTriggers: string[];
}
const spec: Spec = JSON.parse(fs.readFileSync("removal.json", "utf8"));

new JobVariables("api", {
    jobId: spec.jobId,
    secrets: Object.fromEntries(Object.entries(spec.secrets).map(([k, v]) => [k, pulumi.secret(v)])),
    environmentVariables: spec.variables,
    redeployOnChange: true,
    deployment: { timeoutSeconds: 120 },
});

const solo = Object.fromEntries(
    Object.entries(spec.solo).map(([k, v]) => [
        k,
        new JobSecret(`solo-${k}`, { jobId: spec.soloJobId, key: k, value: pulumi.secret(v) }),
    ]),
);
new JobDeployment("solo-redeploy", {
    jobId: spec.soloJobId,
    triggers: spec.soloTriggers.map((k) => solo[k].updatedAt),
    timeoutSeconds: 120,
});
