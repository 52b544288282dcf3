import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import * as qovery from "pulumi-qovery-secrets";

// The test rewrites scopes.json between steps. `secret` names the arguments passed as Pulumi
// secrets; `ids` maps an argument to the id of an earlier resource of the list (a target named
// by id); `dependsOn` names earlier resources (a target named by key); `triggers` names earlier
// resources whose `updatedAt` a Deployment watches.
interface Spec {
    type: keyof typeof classes;
    name: string;
    args: Record<string, unknown>;
    secret?: string[];
    ids?: Record<string, string>;
    dependsOn?: string[];
    triggers?: string[];
}
const classes = {
    Secret: qovery.Secret,
    EnvironmentVariable: qovery.EnvironmentVariable,
    SecretAlias: qovery.SecretAlias,
    SecretOverride: qovery.SecretOverride,
    EnvironmentVariableAlias: qovery.EnvironmentVariableAlias,
    EnvironmentVariableOverride: qovery.EnvironmentVariableOverride,
    Deployment: qovery.Deployment,
    Variables: qovery.Variables,
};
type AnyClass = new (
    name: string,
    args: Record<string, unknown>,
    opts?: pulumi.CustomResourceOptions,
) => pulumi.Resource & { id?: pulumi.Output<string>; updatedAt?: pulumi.Output<string | undefined> };

const specs: Spec[] = JSON.parse(fs.readFileSync("scopes.json", "utf8"));
const made: Record<string, InstanceType<AnyClass>> = {};
const ids: Record<string, pulumi.Output<string>> = {};
for (const { type, name, args, secret = [], ids: idArgs = {}, dependsOn = [], triggers } of specs) {
    const given: Record<string, unknown> = { ...args };
    for (const k of secret) given[k] = pulumi.secret(given[k]);
    for (const [k, of] of Object.entries(idArgs)) given[k] = made[of].id;
    if (triggers !== undefined) given.triggers = triggers.map((of) => made[of].updatedAt);
    const opts = dependsOn.length > 0 ? { dependsOn: dependsOn.map((of) => made[of]) } : undefined;
    made[name] = new (classes[type] as unknown as AnyClass)(name, given, opts);
    if (made[name].id !== undefined) ids[name] = made[name].id!;
}
export { ids };
