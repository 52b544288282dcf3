import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import * as qovery from "pulumi-qovery-secrets";

// The test writes cases.json: each resource's class, name, arguments and resource options.
interface Case {
    type: keyof typeof classes;
    name: string;
    args: Record<string, unknown>;
    opts?: pulumi.CustomResourceOptions;
}
const classes = {
    JobSecret: qovery.JobSecret,
    JobSecretAlias: qovery.JobSecretAlias,
    JobSecretOverride: qovery.JobSecretOverride,
    JobEnvironmentVariable: qovery.JobEnvironmentVariable,
    JobEnvironmentVariableAlias: qovery.JobEnvironmentVariableAlias,
    JobEnvironmentVariableOverride: qovery.JobEnvironmentVariableOverride,
    Secret: qovery.Secret,
    EnvironmentVariable: qovery.EnvironmentVariable,
};
type AnyClass = new (
    name: string,
    args: Record<string, unknown>,
    opts?: pulumi.CustomResourceOptions,
) => pulumi.CustomResource;

const cases: Case[] = JSON.parse(fs.readFileSync("cases.json", "utf8"));
for (const { type, name, args, opts } of cases) {
    new (classes[type] as unknown as AnyClass)(name, args, opts);
}
