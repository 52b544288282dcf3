import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import * as qovery from "pulumi-qovery-secrets";

// The test rewrites family.json between steps. `secret` names the arguments the program passes
// as Pulumi secrets; every other value is a plain string, as a program would write it. `opts` are
// the resource's options (`deleteBeforeReplace`).
interface Spec {
    type: keyof typeof classes;
    name: string;
    args: Record<string, unknown>;
    secret?: string[];
    opts?: pulumi.CustomResourceOptions;
}
const classes = {
    JobSecret: qovery.JobSecret,
    JobSecretAlias: qovery.JobSecretAlias,
    JobSecretOverride: qovery.JobSecretOverride,
    JobEnvironmentVariable: qovery.JobEnvironmentVariable,
    JobEnvironmentVariableAlias: qovery.JobEnvironmentVariableAlias,
    JobEnvironmentVariableOverride: qovery.JobEnvironmentVariableOverride,
};
type AnyClass = new (
    name: string,
    args: Record<string, unknown>,
    opts?: pulumi.CustomResourceOptions,
) => pulumi.CustomResource;

const specs: Spec[] = JSON.parse(fs.readFileSync("family.json", "utf8"));
const ids: Record<string, pulumi.Output<string>> = {};
for (const { type, name, args, secret = [], opts } of specs) {
    const given = { ...args };
    for (const k of secret) given[k] = pulumi.secret(given[k]);
    ids[name] = new (classes[type] as unknown as AnyClass)(name, given, opts).id;
}
export { ids };
