/**
 * The resources' inputs and outputs as Pulumi programs and the state see them (camelCase),
 * and the validators `check` applies to them.
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
    /**
     * The resource's own URN, recorded by the resource class (not a user input) so that an error
     * can give the exact `pulumi state delete` command: a dynamic provider's hooks are not told it.
     * Hidden from previews by its `__` (internalProperties.ts).
     */
    __resourceUrn?: string;
    /** The same, as the engine reads it and as states written before the rename hold it. */
    resourceUrn?: string;
}

/** What Qovery tells of the variable an alias or override points at (camelCase). */
export interface ParentOutputs {
    id: string;
    key: string;
    scope?: string;
    variableType?: string;
    mountPath?: string;
    /** Only for environment variables: a secret's value is never returned. */
    value?: string;
    description?: string;
    enableInterpolationInFile?: boolean;
}

/**
 * Inputs that steer what `create` does, not what the variable is: checked and passed through by
 * `check`, never compared by `diff` (changing them later changes nothing).
 */
export const OPTION_INPUT_NAMES = ["adopt"] as const;

/** Properties the resource class adds itself: passed through `check`, never compared by `diff`. */
export const INTERNAL_INPUT_NAMES = ["resourceUrn"] as const;

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
    aliasedSecret?: ParentOutputs;
    overriddenSecret?: ParentOutputs;
}

/** The inputs of a JobEnvironmentVariable: a JobSecret's, with a value that is plain unless the program made it secret. */
export type JobEnvironmentVariableInputs = JobSecretInputs;

export const INPUT_NAMES = ["jobId", "key", "value", "description", "mountPath", "enableInterpolationInFile"] as const;
export type InputName = (typeof INPUT_NAMES)[number];

/** Qovery's spec caps descriptions at 255 characters (`maxLength: 255`). */
export const MAX_DESCRIPTION_LENGTH = 255;

const uuid = (what: string) =>
    // The spec's `format: uuid` (any version); canonical lower case, so that case is no change.
    z.guid({ error: `must be ${what} (a UUID)` }).transform((id) => id.toLowerCase());

const key = z
    .string({ error: "must be a string" })
    .min(1, { error: "must not be empty" })
    .refine((k) => k.trim() === k, { error: "must not start or end with whitespace" });

/**
 * One validator per input name, shared by every kind, so that a failure names its property
 * and unknown values can be skipped one by one. `null` on an optional input means "not set".
 */
export const fieldSchemas = {
    jobId: uuid("a Qovery job id"),
    key,
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
    /** A target named by key: the same rules as a key. */
    targetKey: key,
    targetSecretId: uuid("a Qovery secret id"),
    targetVariableId: uuid("a Qovery environment variable id"),
} satisfies Record<string, z.ZodType>;

/** The id of a project, environment or service that a variable lives in ("a Qovery environment id"). */
export const parentIdSchema = (noun: string): z.ZodType => uuid(`a Qovery ${noun} id`);

/** JobSecret's validators, by input name. */
export const inputFieldSchemas: Record<InputName, z.ZodType> = {
    jobId: fieldSchemas.jobId,
    key: fieldSchemas.key,
    value: fieldSchemas.value,
    description: fieldSchemas.description,
    mountPath: fieldSchemas.mountPath,
    enableInterpolationInFile: fieldSchemas.enableInterpolationInFile,
};
