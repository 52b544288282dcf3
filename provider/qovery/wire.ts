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

/** A row of any list (the job's two, or /variable's), as the engine handles it. */
export type VariableRow = Secret | EnvironmentVariable | Variable;

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

// ---- the unified variable API: /variable, for every scope ----

/**
 * `APIVariableScopeEnum` values a variable can be created at (the spec's enum also has
 * BUILT_IN, read only, and AGENTIC_WORKFLOW, not supported here).
 */
export type ApiScope = "PROJECT" | "ENVIRONMENT" | "APPLICATION" | "CONTAINER" | "JOB" | "HELM" | "TERRAFORM";

/** `VariableRequest`: the body of POST /variable. */
export interface VariableRequest {
    key: string;
    value: string;
    mount_path?: string | null;
    is_secret: boolean;
    variable_scope: ApiScope;
    variable_parent_id: string;
    description?: string | null;
    enable_interpolation_in_file?: boolean | null;
}

/** `VariableEditRequest`: the body of PUT /variable/{variableId}. No mount_path, no is_secret, no scope. */
export interface VariableEditRequest {
    key: string;
    value?: string | null;
    description?: string | null;
    enable_interpolation_in_file?: boolean | null;
}

/**
 * `VariableAliasRequest`: POST /variable/{variableId}/alias. `alias_parent_id` is the id of the
 * project, environment or service the alias is made in (the spec's description of it is wrong:
 * Qovery's console and CLI send the new alias's parent).
 */
export interface VariableAliasRequest {
    key: string;
    alias_scope: ApiScope;
    alias_parent_id: string;
    description?: string | null;
    enable_interpolation_in_file?: boolean | null;
}

/** `VariableOverrideRequest`: POST /variable/{variableId}/override; `override_parent_id` as `alias_parent_id`. */
export interface VariableOverrideRequest {
    value: string;
    override_scope: ApiScope;
    override_parent_id: string;
    description?: string | null;
    enable_interpolation_in_file?: boolean | null;
}

/**
 * `VariableResponse`: a secret's and a plain variable's row alike, told apart by `is_secret`. A
 * secret's `value` is null. Its target is in `aliased_variable`/`overridden_variable` whatever
 * its kind (the spec's text also names `aliased_secret`, which its schema does not define).
 */
export const variableSchema = z.looseObject({
    ...rowFields,
    is_secret: z.boolean(),
    value: z.string().nullish(),
    mount_path: z.string().nullish(),
    aliased_variable: parentSchema.nullish(),
    overridden_variable: parentSchema.nullish(),
});
export type Variable = z.infer<typeof variableSchema>;

/** `VariableResponseList`: GET /variable; `results` required, as the job lists'. */
export const variableListSchema = z.looseObject({
    results: z.array(variableSchema),
});

// ---- bulk creation: POST /variable/import ----

/** One entry of `VariableImportRequest.vars`: a plain key and value, at a scope the service sees. */
export interface VariableImportEntry {
    name: string;
    value: string;
    scope: ApiScope;
    is_secret: boolean;
}

/** `VariableImportRequest`: the body of POST /variable/import?service_id&service_type. */
export interface VariableImportRequest {
    /** Whether existing plain variables of the same key are overwritten (secrets never are). */
    overwrite: boolean;
    vars: VariableImportEntry[];
}

/** `VariableImport`: what an import reports. No ids: a list after it gives them. */
export const variableImportSchema = z.looseObject({
    total_variables_to_import: z.number(),
    successful_imported_variables: z.array(
        z.looseObject({ name: z.string(), scope: z.string(), is_secret: z.boolean(), value: z.string().nullish() }),
    ),
});
export type VariableImport = z.infer<typeof variableImportSchema>;
