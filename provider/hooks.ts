/**
 * The `pulumi-qovery-secrets/hooks` module: JobSecret's provider hooks.
 *
 * A compatibility contract: every JobSecret state written since 0.1.0 holds
 * `require("pulumi-qovery-secrets/hooks")` (or a stub that requires it) and calls its exports
 * configure, check, diff, create, read, update, delete and deleteSecret. The other kinds have a
 * module each under `pulumi-qovery-secrets/hooks/<kind>`: the module a state names is the kind.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { JobSecretInputs, JobSecretOutputs } from "./engine/inputs";
import { KINDS } from "./engine/kinds";
import { hooksFor } from "./engine/lifecycle";
import { withInternalProperties } from "./engine/internalProperties";
import { currentInputsOf, outputsFor } from "./engine/outputs";
import type { Secret } from "./qovery/wire";

const kind = KINDS.JobSecret;
const hooks = withInternalProperties(hooksFor(kind));

export const configure: (req: pulumi.dynamic.ConfigureRequest) => Promise<void> = hooks.configure;

export const check: (olds: unknown, news: Record<string, unknown>) => Promise<pulumi.dynamic.CheckResult> = hooks.check;

export const diff: (
    id: string,
    olds: Partial<JobSecretOutputs>,
    news: Partial<JobSecretInputs>,
) => Promise<pulumi.dynamic.DiffResult> = hooks.diff;

export const create: (inputs: JobSecretInputs) => Promise<pulumi.dynamic.CreateResult> = (inputs) =>
    hooks.create({ ...inputs });

export const read: (id: string, props: JobSecretOutputs) => Promise<pulumi.dynamic.ReadResult> = (id, props) =>
    hooks.read(id, { ...props });

export const update: (
    id: string,
    olds: Partial<JobSecretOutputs>,
    news: JobSecretInputs,
) => Promise<pulumi.dynamic.UpdateResult> = (id, olds, news) => hooks.update(id, olds, { ...news });

export const deleteSecret: (id: string, props: JobSecretOutputs) => Promise<void> = (id, props) =>
    hooks.delete(id, { ...props });

// `delete` is the hook's name; it cannot be a function's name in JavaScript.
export { deleteSecret as delete };

/**
 * A JobSecret's outputs: the inputs as the program gave them (the API never returns value
 * or mount path), overlaid with what Qovery answered.
 */
export function outputs(secret: Secret, inputs: JobSecretInputs): JobSecretOutputs {
    return outputsFor(kind, secret, currentInputsOf(kind, secret, { ...inputs })) as unknown as JobSecretOutputs;
}
