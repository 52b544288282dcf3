/**
 * The JobSecret lifecycle: what each Pulumi dynamic-provider hook does with Qovery's API.
 *
 * This module runs in the provider process, loaded by name from the serialized provider
 * (see provider.ts), so nothing here is ever serialized into state. The hooks receive plain
 * values: Pulumi unwraps secrets before calling a dynamic provider.
 */
import type * as pulumi from "@pulumi/pulumi";
import { QoveryClient, type RetryNotice } from "./qovery/client";
import { diffInputs } from "./engine/diff";
import {
    AbsenceNotProvenError,
    ConflictError,
    CreateOutcomeUnknownError,
    GatewayTimeoutError,
    NetworkError,
    NotFoundError,
    ResponseFormatError,
    SecretOperationError,
    ServerError,
    TimeoutError,
    type SecretOperation,
} from "./qovery/errors";
import { judgeAbsence, look } from "./qovery/absence";
import { type StateAddress, nextStepAfterReadOrDelete, stateDeleteCommand } from "./engine/nextSteps";
import { JobListCache } from "./qovery/listCache";
import { RateGate } from "./qovery/rateGate";
import {
    INPUT_NAMES,
    INTERNAL_INPUT_NAMES,
    type InputName,
    type JobSecretInputs,
    type JobSecretOutputs,
    UNKNOWN,
    inputFieldSchemas,
} from "./engine/inputs";
import { type Secret, type SecretEditRequest, type SecretRequest } from "./qovery/wire";
import { type RawSettings, resolveSettings, settingsFromConfig, settingsFromEnv } from "./qovery/settings";

const PROVIDER_KEY = "__provider";
const REQUIRED: readonly InputName[] = ["jobId", "key", "value"];
/** The Pulumi type token of the resource, for messages. */
const RESOURCE_TYPE = "pulumi-nodejs:dynamic/qovery:JobSecret";

/** Stack config read by `configure`, once per provider process. */
let stackSettings: RawSettings = {};

/**
 * Every value this process has handled. A message about one secret may quote another's (an
 * error for a job's list is shared by all its secrets): each error is cleaned of all of them.
 */
const valuesSeen = new Set<string>();
function hiddenValues(...current: (string | undefined)[]): string[] {
    for (const v of current) if (typeof v === "string" && v !== "") valuesSeen.add(v);
    return [...valuesSeen];
}

// Process-wide, shared by every JobSecret of the run: rate limit knowledge and job lists.
const gate = new RateGate({ log: (m) => console.error(`pulumi-qovery-secrets: ${m}`) });
const lists = new JobListCache();

export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    stackSettings = settingsFromConfig(req.config);
}

/** Builds a client from the settings in force now (stack config, then environment). */
function client(): QoveryClient {
    return new QoveryClient({
        ...resolveSettings(stackSettings, settingsFromEnv(process.env)),
        gate,
        onRetry: logRetry,
    });
}

function logRetry(n: RetryNotice): void {
    // stderr of the provider process reaches the engine's log; never a value or token here.
    console.error(
        `pulumi-qovery-secrets: ${n.method} ${n.path} failed (${n.reason}); retry ${n.attempt} in ${n.delayMs} ms`,
    );
}

/** Runs a write to a job, forgetting its cached list before and after. */
async function writing<T>(jobId: string, write: () => Promise<T>): Promise<T> {
    lists.invalidate(jobId);
    try {
        return await write();
    } finally {
        lists.invalidate(jobId);
    }
}

// ---- check ----

/**
 * Validates the inputs against the API's rules before anything reaches Qovery. Runs in
 * preview. Values not known yet (preview of values computed from other resources) pass.
 */
export async function check(_olds: unknown, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    const inputs: Record<string, unknown> = {};
    const known: readonly string[] = [PROVIDER_KEY, ...INPUT_NAMES, ...INTERNAL_INPUT_NAMES];

    for (const name of Object.keys(news)) {
        if (!known.includes(name)) {
            // Reported for the resource, not the property: the engine prints a failing property's
            // value, and a misspelt `value` holds the secret.
            failures.push({
                property: "",
                reason: `"${name}" is not a JobSecret property (its value is not shown); expected ${INPUT_NAMES.join(", ")}`,
            });
        }
    }
    for (const name of INTERNAL_INPUT_NAMES) {
        if (typeof news[name] === "string") inputs[name] = news[name];
    }
    for (const name of INPUT_NAMES) {
        const v = news[name];
        if (v === UNKNOWN) {
            inputs[name] = v;
            continue;
        }
        if ((v === undefined || v === null) && REQUIRED.includes(name)) {
            failures.push(failureOf(name, `"${name}" is required`));
            continue;
        }
        const parsed = inputFieldSchemas[name].safeParse(v);
        if (!parsed.success) {
            failures.push(failureOf(name, `"${name}" ${parsed.error.issues[0].message}`));
        } else if (parsed.data !== undefined && parsed.data !== null) {
            inputs[name] = parsed.data;
        }
    }
    return { inputs, failures };
}

/**
 * The engine prints a failing property's value next to the reason. A failure about `value` is
 * reported for the resource instead (the reason still names the property), so that a refused
 * value (a number, say) is never echoed; likewise an unknown property (a misspelt `value`).
 */
function failureOf(name: string, reason: string): pulumi.dynamic.CheckFailure {
    return name === "value"
        ? { property: "", reason: `${reason} (the value is not shown)` }
        : { property: name, reason };
}

// ---- diff ----

export async function diff(
    _id: string,
    olds: Partial<JobSecretOutputs>,
    news: Partial<JobSecretInputs>,
): Promise<pulumi.dynamic.DiffResult> {
    const { changes, replaces, deleteBeforeReplace } = diffInputs(olds, news);
    return { changes, replaces, deleteBeforeReplace };
}

// ---- create ----

export async function create(inputs: JobSecretInputs): Promise<pulumi.dynamic.CreateResult> {
    hiddenValues(inputs.value);
    const body: SecretRequest = compact({
        key: inputs.key,
        value: inputs.value,
        mount_path: inputs.mountPath,
        description: inputs.description,
        enable_interpolation_in_file: inputs.enableInterpolationInFile,
    });
    const secret = await attempt("create", inputs, undefined, () =>
        writing(inputs.jobId, () => createOnce(client(), inputs, body)),
    );
    return { id: secret.id, outs: outputs(secret, inputs) };
}

/** How many times a create whose outcome was lost is looked up and tried again. */
const MAX_CREATE_RECOVERIES = 3;
/** Tolerance on "created after this create began": the `Date` header has 1 s resolution. */
const CLOCK_SLACK_MS = 2_000;

/**
 * POST once; if the answer is lost, find out what happened before trying again.
 *
 * A POST is not idempotent, and when its answer is lost (5xx, connection dropped after the
 * server wrote, timeout, unreadable 2xx) the secret may or may not exist. Trying again blindly
 * would at best get a 409 for our own secret (Qovery refuses a second secret with one key in a
 * job) and leave it orphaned. So: list the job. If no secret has our key, nothing was created:
 * POST again. If one has, it is ours only if Qovery created it after this create began (its
 * `created_at` against the server's own clock, the `Date` header, minus the time we have been
 * at it): then it is adopted. A secret with our key that is older existed before this create
 * began: it is not ours to adopt, and that is a conflict, as a plain 409 is.
 */
async function createOnce(api: QoveryClient, inputs: JobSecretInputs, body: SecretRequest): Promise<Secret> {
    const began = performance.now();
    let lastError: unknown;
    for (let recovery = 0; ; recovery++) {
        try {
            return await api.createJobSecret(inputs.jobId, body);
        } catch (err) {
            // 409 after a lost answer may be our own earlier POST landing late: look it up.
            const ours = isOutcomeUnknown(err) || (err instanceof ConflictError && lastError !== undefined);
            if (!ours || recovery >= MAX_CREATE_RECOVERIES) throw err;
            lastError = err;
        }
        const { secrets, serverDate } = await api.listJobSecretsWithDate(inputs.jobId);
        const found = secrets.find((s) => s.key === inputs.key && (s.scope === "JOB" || s.scope == null));
        if (found === undefined) continue; // nothing was created: POST again
        // Only the server's clock can say whether it was created after this create began; the
        // local clock may be minutes off, and adopting someone else's secret would be worse.
        if (serverDate === undefined) throw new CreateOutcomeUnknownError(api.baseUrl, inputs.jobId, found);
        const createdAt = Date.parse(found.created_at);
        if (createdAt >= serverDate - (performance.now() - began) - CLOCK_SLACK_MS) return found;
        throw new ConflictError({
            status: 409,
            method: "POST",
            path: `/job/${inputs.jobId}/secret`,
            qoveryMessage: `a secret with this key (id ${found.id}, created ${found.created_at}) existed before this create began; it is not adopted`,
        });
    }
}

/** Failures after which the server may or may not have created the secret. */
function isOutcomeUnknown(err: unknown): boolean {
    if (err instanceof NetworkError) return err.code !== "ECONNREFUSED";
    return (
        err instanceof ServerError ||
        err instanceof GatewayTimeoutError ||
        err instanceof TimeoutError ||
        err instanceof ResponseFormatError
    );
}

// ---- update ----

export async function update(
    id: string,
    olds: Partial<JobSecretOutputs>,
    news: JobSecretInputs,
): Promise<pulumi.dynamic.UpdateResult> {
    hiddenValues(olds.value, news.value);
    const body: SecretEditRequest = {
        key: news.key,
        value: news.value,
        // PUT replaces: an unset description is sent empty so that removing it clears it.
        description: news.description ?? "",
    };
    if (news.enableInterpolationInFile !== undefined) {
        body.enable_interpolation_in_file = news.enableInterpolationInFile;
    } else if (olds.enableInterpolationInFile !== undefined) {
        body.enable_interpolation_in_file = null; // the program stopped setting it: back to Qovery's default
    }
    const secret = await attempt("update", news, id, () =>
        writing(news.jobId, () => client().editJobSecret(news.jobId, id, body)),
    );
    return { outs: outputs(secret, news) };
}

// ---- read (refresh) ----

/**
 * There is no GET of one secret: list the job's secrets and find ours by id. The API never
 * returns the value or the mount path, so those are kept from state; a changed value
 * cannot be seen. Key and description drift show in both outputs and inputs, so that the
 * next preview compares the program with what Qovery holds.
 */
export async function read(id: string, props: JobSecretOutputs): Promise<pulumi.dynamic.ReadResult> {
    hiddenValues(props.value);
    const api = configuredClient("refresh", id, props);
    const outcome = await look(() => lists.get(props.jobId, () => api.listJobSecrets(props.jobId)));
    try {
        // Only positive evidence drops a secret: a list without it, or a 404 proven to be Qovery's.
        // 401/403 and anything unproven are errors: the secret stays in the state.
        const verdict = await judgeAbsence(absenceQuestion(api, id, props), outcome);
        if (verdict.state === "gone") return { id: undefined, props: {} };
    } catch (err) {
        throw readOrDeleteError("refresh", id, props, err);
    }
    const secrets = "listed" in outcome ? (outcome.listed as Secret[]) : [];
    const found = secrets.find((s) => s.id === id)!;

    const current: JobSecretInputs = compact({
        jobId: props.jobId,
        key: found.key,
        value: props.value,
        description: nonEmpty(found.description),
        mountPath: props.mountPath,
        enableInterpolationInFile:
            props.enableInterpolationInFile === undefined
                ? undefined
                : (found.enable_interpolation_in_file ?? props.enableInterpolationInFile),
        resourceUrn: props.resourceUrn,
    });
    return { id, props: outputs(found, current), inputs: current };
}

// ---- delete ----

// `delete` is the hook's name; it cannot be a function's name in JavaScript.
export { deleteSecret as delete };

export async function deleteSecret(id: string, props: JobSecretOutputs): Promise<void> {
    hiddenValues(props.value);
    const api = configuredClient("delete", id, props);
    try {
        await writing(props.jobId, () => api.deleteJobSecret(props.jobId, id));
        return;
    } catch (err) {
        if (!(err instanceof NotFoundError)) throw readOrDeleteError("delete", id, props, err);
    }
    // A 404 is "already gone" only on the same evidence as a refresh: a proxy's or a wrong
    // path's 404 must not let Pulumi forget a secret that still exists.
    const outcome = await look(() => api.listJobSecrets(props.jobId));
    let verdict;
    try {
        verdict = await judgeAbsence(absenceQuestion(api, id, props), outcome);
    } catch (err) {
        throw readOrDeleteError("delete", id, props, err);
    }
    if (verdict.state === "present") {
        throw readOrDeleteError(
            "delete",
            id,
            props,
            new AbsenceNotProvenError(
                `${api.baseUrl} answered 404 to the DELETE, yet the job's list still holds the secret; it is kept in the state. Run the command again`,
            ),
        );
    }
}

function configuredClient(operation: "refresh" | "delete", id: string, props: JobSecretOutputs): QoveryClient {
    try {
        return client();
    } catch (err) {
        throw readOrDeleteError(operation, id, props, err);
    }
}

function absenceQuestion(api: QoveryClient, id: string, props: JobSecretOutputs) {
    return {
        jobId: props.jobId,
        id,
        what: "secret",
        apiUrl: api.baseUrl,
        confirmApi: () => api.confirmQoveryApi(),
    };
}

/** A failed refresh or delete, with the way out when the error alone does not give it. */
function readOrDeleteError(
    operation: "refresh" | "delete",
    id: string,
    props: JobSecretOutputs,
    err: unknown,
): SecretOperationError {
    const address: StateAddress = { urn: props.resourceUrn, type: RESOURCE_TYPE, id };
    const next =
        err instanceof AbsenceNotProvenError
            ? `If you know the secret is gone, remove it from the state yourself: ${stateDeleteCommand(address)}`
            : nextStepAfterReadOrDelete(err, {
                  address,
                  jobId: props.jobId,
                  what: "secret",
                  tokenSource: stackSettings.apiToken?.trim() ? "config" : "environment",
              });
    return new SecretOperationError(
        operation,
        { key: props.key, jobId: props.jobId, secretId: id },
        err,
        hiddenValues(props.value),
        next,
    );
}

// ---- helpers ----

async function attempt<T>(
    operation: SecretOperation,
    inputs: JobSecretInputs,
    secretId: string | undefined,
    call: () => Promise<T>,
): Promise<T> {
    try {
        return await call();
    } catch (err) {
        throw new SecretOperationError(
            operation,
            { key: inputs.key, jobId: inputs.jobId, secretId },
            err,
            hiddenValues(inputs.value),
        );
    }
}

/**
 * The resource's outputs: the inputs as the program gave them (the API never returns value
 * or mount path), overlaid with what Qovery answered.
 */
export function outputs(secret: Secret, inputs: JobSecretInputs): JobSecretOutputs {
    return compact({
        jobId: inputs.jobId,
        key: secret.key,
        value: inputs.value,
        description: nonEmpty(secret.description),
        mountPath: inputs.mountPath,
        enableInterpolationInFile:
            inputs.enableInterpolationInFile === undefined
                ? undefined
                : (secret.enable_interpolation_in_file ?? inputs.enableInterpolationInFile),
        createdAt: secret.created_at,
        updatedAt: secret.updated_at ?? undefined,
        scope: secret.scope ?? undefined,
        variableType: secret.variable_type ?? undefined,
        serviceId: secret.service_id ?? undefined,
        serviceName: secret.service_name ?? undefined,
        serviceType: secret.service_type ?? undefined,
        ownedBy: secret.owned_by ?? undefined,
        resourceUrn: inputs.resourceUrn,
    });
}

function nonEmpty(s: string | null | undefined): string | undefined {
    return s === null || s === undefined || s === "" ? undefined : s;
}

/** Drops undefined fields: the provider host's protobuf conversion refuses them. */
function compact<T extends object>(o: T): T {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
