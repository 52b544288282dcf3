/**
 * Every data shape of the library in one place: the resource's inputs and outputs
 * (camelCase, as Pulumi programs see them) and Qovery's wire format (snake_case, from
 * the OpenAPI spec's `SecretRequest`, `SecretEditRequest` and `Secret`).
 */
import { z } from "zod";

/** What Pulumi sends for a value that is not known yet during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The inputs of a JobSecret, as stored in state. */
export interface JobSecretInputs {
    jobId: string;
    key: string;
    value: string;
    description?: string;
    mountPath?: string;
    enableInterpolationInFile?: boolean;
}

/** The outputs of a JobSecret, as stored in state (besides the Pulumi id, which is the Qovery id). */
export interface JobSecretOutputs extends JobSecretInputs {
    createdAt: string;
    updatedAt?: string;
    scope?: string;
    variableType?: string;
    serviceId?: string;
    serviceName?: string;
    serviceType?: string;
    ownedBy?: string;
}

export const INPUT_NAMES = ["jobId", "key", "value", "description", "mountPath", "enableInterpolationInFile"] as const;
export type InputName = (typeof INPUT_NAMES)[number];

/** Qovery's spec caps descriptions at 255 characters (`maxLength: 255`). */
export const MAX_DESCRIPTION_LENGTH = 255;

/**
 * One validator per input, so that a failure names its property and unknown values can be
 * skipped one by one. `null` on an optional input means "not set".
 */
export const inputFieldSchemas: Record<InputName, z.ZodType> = {
    // The spec's `format: uuid` (any version); canonical lower case, so that case is no change.
    jobId: z.guid({ error: "must be a Qovery job id (a UUID)" }).transform((id) => id.toLowerCase()),
    key: z
        .string({ error: "must be a string" })
        .min(1, { error: "must not be empty" })
        .refine((k) => k.trim() === k, { error: "must not start or end with whitespace" }),
    value: z.string({ error: "must be a string (it may be empty)" }),
    description: z
        .string({ error: "must be a string" })
        // JSON Schema's maxLength counts code points, not UTF-16 units: an emoji is one character.
        .refine((d) => [...d].length <= MAX_DESCRIPTION_LENGTH, {
            error: `must be at most ${MAX_DESCRIPTION_LENGTH} characters`,
        })
        .nullish(),
    mountPath: z
        .string({ error: "must be a string" })
        .refine((p) => p.startsWith("/"), { error: "must be an absolute path (starting with /)" })
        .nullish(),
    enableInterpolationInFile: z.boolean({ error: "must be a boolean" }).nullish(),
};

// ---- Qovery wire format ----

/** `SecretRequest`: the body of POST /job/{jobId}/secret. */
export interface SecretRequest {
    key: string;
    value: string;
    mount_path?: string | null;
    description?: string | null;
    enable_interpolation_in_file?: boolean | null;
}

/** `SecretEditRequest`: the body of PUT /job/{jobId}/secret/{secretId}. It has no mount_path. */
export interface SecretEditRequest {
    key: string;
    value?: string;
    description?: string | null;
    enable_interpolation_in_file?: boolean | null;
}

/**
 * `Secret` as the API returns it. Tolerant on purpose: extra fields pass, and enums
 * (`scope`, `variable_type`, `service_type`) are plain strings because Qovery adds
 * values over time. Only what we cannot work without is required.
 */
export const secretSchema = z.looseObject({
    id: z.string().min(1),
    created_at: z.string(),
    updated_at: z.string().nullish(),
    key: z.string(),
    scope: z.string().nullish(),
    variable_type: z.string().nullish(),
    service_id: z.string().nullish(),
    service_name: z.string().nullish(),
    service_type: z.string().nullish(),
    owned_by: z.string().nullish(),
    description: z.string().nullish(),
    enable_interpolation_in_file: z.boolean().nullish(),
});
export type Secret = z.infer<typeof secretSchema>;

/** `SecretResponseList`: the body of GET /job/{jobId}/secret. */
export const secretListSchema = z.looseObject({
    results: z.array(secretSchema).default([]),
});
export type SecretList = z.infer<typeof secretListSchema>;
