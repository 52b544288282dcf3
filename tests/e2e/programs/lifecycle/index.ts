import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { JobSecret, type JobSecretArgs } from "pulumi-qovery-secrets";

// The test rewrites secrets.json between steps. Values are plain strings on purpose: the
// resource must keep them secret in state by itself.
const specs: (JobSecretArgs & { name: string })[] = JSON.parse(fs.readFileSync("secrets.json", "utf8"));

const secrets: Record<string, { id: pulumi.Output<string>; createdAt: pulumi.Output<string> }> = {};
for (const { name, ...args } of specs) {
    const s = new JobSecret(name, args);
    secrets[name] = { id: s.id, createdAt: s.createdAt };
}
export const ids = secrets;

// What this run is made of, for the compatibility runs to check.
export const nodeVersion = process.version;
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const sdkVersion: string = require("@pulumi/pulumi/package.json").version;
