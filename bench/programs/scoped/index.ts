import * as fs from "fs";
import { EnvironmentVariable, Secret } from "pulumi-qovery-secrets";

// The calls table's program: plain key/value variables of applications, half Secret, half
// EnvironmentVariable, in the order of variables.json (the benchmark lists each service's
// variables together, as a program declaring service after service does).
interface Spec {
    name: string;
    secret: boolean;
    applicationId: string;
    key: string;
    value: string;
}

const specs: Spec[] = JSON.parse(fs.readFileSync("variables.json", "utf8"));
for (const { name, secret, ...args } of specs) {
    if (secret) new Secret(name, args);
    else new EnvironmentVariable(name, args);
}
export const count = specs.length;
