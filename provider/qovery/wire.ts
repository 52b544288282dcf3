/**
 * Qovery's wire format (snake_case), from the OpenAPI spec's job secret and job environment
 * variable schemas: `SecretRequest`, `SecretEditRequest`, `Secret`, `SecretResponseList`,
 * `EnvironmentVariableRequest`, `EnvironmentVariableEditRequest`, `EnvironmentVariable`,
 * `EnvironmentVariableResponseList`, and the alias and override bodies `Key` and `Value`.
 */
import { z } from "zod";

/** The two job APIs of the variable family: `/job/{jobId}/secret` and `/job/{jobId}/environmentVariable`. */
export type VariableApi = "secret" | "environmentVariable";

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

/** `EnvironmentVariableRequest`: the body of POST /job/{jobId}/environmentVariable. */
export interface EnvironmentVariableRequest {
    key: string;
    value?: string;
    mount_path?: string | null;
    description?: string | null;
    enable_interpolation_in_file?: boolean | null;
}

/** `EnvironmentVariableEditRequest`: PUT /job/{jobId}/environmentVariable/{id}. Unlike a secret's, it carries mount_path. */
export interface EnvironmentVariableEditRequest {
    key: string;
    value?: string;
    mount_path?: string | null;
    description?: string | null;
    enable_interpolation_in_file?: boolean | null;
}

/** `Key` (EnvironmentVariableAliasRequest): the body of POST .../{id}/alias, for secrets and variables. */
export interface AliasRequest {
    key: string;
    description?: string | null;
    enable_interpolation_in_file?: boolean | null;
}

/** `Value` (EnvironmentVariableOverrideRequest): the body of POST .../{id}/override. */
export interface OverrideRequest {
    value?: string;
    description?: string | null;
    enable_interpolation_in_file?: boolean | null;
}

/**
 * The variable an alias or override points at: `SecretAlias`, `SecretOverride`,
 * `EnvironmentVariableAlias`, `EnvironmentVariableOverride` (the variable ones carry `value`).
 */
export const parentSchema = z.looseObject({
    id: z.string().min(1),
    key: z.string(),
    scope: z.string().nullish(),
    variable_type: z.string().nullish(),
    mount_path: z.string().nullish(),
    value: z.string().nullish(),
    description: z.string().nullish(),
    enable_interpolation_in_file: z.boolean().nullish(),
});
export type Parent = z.infer<typeof parentSchema>;

/**
 * What the rows of both APIs share. Tolerant on purpose: extra fields pass, and enums
 * (`scope`, `variable_type`, `service_type`) are plain strings because Qovery adds values
 * over time. Only what we cannot work without is required.
 */
const rowFields = {
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
};

/** `Secret` as the API returns it: never a value nor a mount path. */
export const secretSchema = z.looseObject({
    ...rowFields,
    aliased_secret: parentSchema.nullish(),
    overridden_secret: parentSchema.nullish(),
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

/** `EnvironmentVariable` as the API returns it: with its value and mount path. */
export const environmentVariableSchema = z.looseObject({
    ...rowFields,
    value: z.string().nullish(),
    mount_path: z.string().nullish(),
    aliased_variable: parentSchema.nullish(),
    overridden_variable: parentSchema.nullish(),
});
export type EnvironmentVariable = z.infer<typeof environmentVariableSchema>;

/** `EnvironmentVariableResponseList`: the body of GET /job/{jobId}/environmentVariable; `results` required, as a secret list's. */
export const environmentVariableListSchema = z.looseObject({
    results: z.array(environmentVariableSchema),
});

/** A row of either list, as the engine handles it. */
export type VariableRow = Secret | EnvironmentVariable;

/** The wire fields that describe the variable a row aliases or overrides. */
export type ParentField = "aliased_secret" | "overridden_secret" | "aliased_variable" | "overridden_variable";

export const rowSchemas = { secret: secretSchema, environmentVariable: environmentVariableSchema } as const;
export const listSchemas = { secret: secretListSchema, environmentVariable: environmentVariableListSchema } as const;

/**
 * `OrganizationResponseList`: the body of GET /organization, the organizations the token can
 * see. Only used to prove that the base URL and the token reach Qovery's API.
 */
export const organizationListSchema = z.looseObject({
    results: z.array(z.looseObject({ id: z.string() })),
});
