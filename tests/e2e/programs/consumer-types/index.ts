/**
 * A consumer program type-checked with `tsc --strict` against the packed package's
 * declarations. Each `@ts-expect-error` must meet an error, or tsc fails on it.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    JobEnvironmentVariable,
    JobEnvironmentVariableAlias,
    JobEnvironmentVariableOverride,
    JobSecret,
    JobSecretAlias,
    JobSecretOverride,
    type TargetVariable,
    validateResources,
} from "pulumi-qovery-secrets";
import { DEFAULT_TOKEN, EmulatorAdmin, type RunningEmulator, startEmulator } from "pulumi-qovery-secrets/emulator";

const jobId = "11111111-2222-4333-8444-555555555555";

const secret = new JobSecret("s", { jobId, key: "K", value: pulumi.secret("v") });
// @ts-expect-error value is required
new JobSecret("s2", { jobId, key: "K" });
// @ts-expect-error unknown argument
new JobSecret("s3", { jobId, key: "K", value: "v", mountpath: "/x" });

const createdAt: pulumi.Output<string> = secret.createdAt;
const scope: pulumi.Output<string | undefined> = secret.scope;
// @ts-expect-error scope may be absent from Qovery's answer
const scopeRequired: pulumi.Output<string> = secret.scope;

const alias = new JobSecretAlias("a", { jobId, aliasedKey: "QOVERY_X", key: "X" });
const target: pulumi.Output<TargetVariable | undefined> = alias.aliasedSecret;
// @ts-expect-error the target may be absent
const targetRequired: pulumi.Output<TargetVariable> = alias.aliasedSecret;

const override = new JobSecretOverride("o", { jobId, overriddenKey: "Y", value: "v" });
const variable = new JobEnvironmentVariable("v", { jobId, key: "V", value: "1" });
const variableAlias = new JobEnvironmentVariableAlias("va", { jobId, aliasedVariableId: variable.id, key: "W" });
const variableOverride = new JobEnvironmentVariableOverride("vo", { jobId, overriddenKey: "Z", value: "2" });
const aliasValue: pulumi.Output<string | undefined> = variableAlias.value;
const overrideKey: pulumi.Output<string> = variableOverride.key;

// isInstance narrows to the class.
function keyOf(r: pulumi.Resource): pulumi.Output<string> | undefined {
    if (JobSecret.isInstance(r)) return r.key;
    if (JobEnvironmentVariable.isInstance(r)) return r.key;
    // @ts-expect-error not narrowed
    return r.key;
}

async function offline(): Promise<void> {
    const emulator: RunningEmulator = await startEmulator({ jobs: [jobId] });
    const admin = new EmulatorAdmin(emulator.url);
    const token: string = emulator.token === DEFAULT_TOKEN ? DEFAULT_TOKEN : emulator.token;
    await admin.storedSecrets(jobId);
    await validateResources();
    await emulator.stop();
    void token;
}

export const used = [createdAt, scope, scopeRequired, target, targetRequired, override.key, aliasValue, overrideKey];
void keyOf;
void offline;
