/**
 * Qovery's wire format (snake_case), from the OpenAPI spec's `SecretRequest`,
 * `SecretEditRequest`, `Secret` and `SecretResponseList`.
 */
import { z } from "zod";

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

/**
 * `SecretResponseList`: the body of GET /job/{jobId}/secret. `results` is required: a list is
 * what tells a secret is gone, so a body without one (`{}` from a proxy) must never read as
 * an empty job.
 */
export const secretListSchema = z.looseObject({
    results: z.array(secretSchema),
});
export type SecretList = z.infer<typeof secretListSchema>;

/**
 * `OrganizationResponseList`: the body of GET /organization, the organizations the token can
 * see. Only used to prove that the base URL and the token reach Qovery's API.
 */
export const organizationListSchema = z.looseObject({
    results: z.array(z.looseObject({ id: z.string() })),
});
