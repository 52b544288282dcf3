// Validators built from the OpenAPI document itself, so the emulator and the contract tests check
// requests and responses against Qovery's own spec rather than hand-written rules.
// Deliberately independent of provider/: contract tests use it to judge what the provider sent.
import * as fs from "node:fs";
import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { parse as parseYaml } from "yaml";

export interface ValidationResult {
    valid: boolean;
    errors: string[];
}

export interface OperationMatch {
    pathTemplate: string;
    params: Record<string, string>;
}

export interface PathMatch extends OperationMatch {
    /** Lower-case HTTP methods the spec defines for this path. */
    methods: string[];
}

interface MediaTypeObject {
    schema?: unknown;
}
interface RefOr {
    $ref?: string;
}
interface RequestBodyObject extends RefOr {
    required?: boolean;
    content?: Record<string, MediaTypeObject | undefined>;
}
interface ResponseObject extends RefOr {
    content?: Record<string, MediaTypeObject | undefined>;
}
interface ParameterObject extends RefOr {
    name?: string;
    in?: string;
    required?: boolean;
    schema?: unknown;
}
interface OperationObject {
    parameters?: ParameterObject[];
    requestBody?: RequestBodyObject;
    responses?: Record<string, ResponseObject | undefined>;
}
type PathItemObject = Record<string, unknown> & { parameters?: ParameterObject[] };
export interface OpenApiDocument {
    openapi: string;
    paths: Record<string, PathItemObject | undefined>;
    components?: Record<string, unknown>;
}

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
// The whole document is registered under this id; "#/..." refs inside it then resolve against it.
const DOC_ID = "openapi-doc";
const SPEC_FILE = "job-secrets.openapi.yaml";

/** Finds the spec both from sources (emulator/) and from compiled output (dist/emulator/). */
export function defaultSpecPath(): string {
    return specPath(SPEC_FILE);
}

/** Finds a file of emulator/spec/, from sources or from compiled output. */
export function specPath(file: string): string {
    const candidates = [path.join(__dirname, "spec", file), path.join(__dirname, "..", "..", "emulator", "spec", file)];
    const found = candidates.find((candidate) => fs.existsSync(candidate));
    if (!found) throw new Error(`OpenAPI spec not found; looked in: ${candidates.join(", ")}`);
    return found;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function formatErrors(errors: ErrorObject[] | null | undefined, subject: string): string[] {
    return (errors ?? []).map((e) => `${subject}${e.instancePath} ${e.message ?? "is invalid"}`);
}

// Refs in fragments compiled on their own must point into the registered document.
function rebaseRefs(node: unknown): unknown {
    if (Array.isArray(node)) return node.map(rebaseRefs);
    if (!isRecord(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
        out[k] = k === "$ref" && typeof v === "string" && v.startsWith("#") ? DOC_ID + v : rebaseRefs(v);
    }
    return out;
}

function pickJsonMedia(content: Record<string, MediaTypeObject | undefined> | undefined): MediaTypeObject | undefined {
    if (!content) return undefined;
    const key =
        Object.keys(content).find((k) => k === "application/json") ??
        Object.keys(content).find((k) => k.includes("json")) ??
        Object.keys(content)[0];
    return key === undefined ? undefined : content[key];
}

export class OpenApiContract {
    readonly document: OpenApiDocument;
    private readonly ajv: Ajv;
    private readonly compiled = new Map<string, ValidateFunction>();

    static fromFile(file: string = defaultSpecPath()): OpenApiContract {
        return new OpenApiContract(parseYaml(fs.readFileSync(file, "utf8")));
    }

    /**
     * One contract from several extracts of the same spec: their paths and components are united. A name
     * defined twice must be defined identically (extracts copy the same source), else this throws.
     */
    static fromFiles(files: string[]): OpenApiContract {
        const [first, ...rest] = files.map((file) => ({ file, doc: parseYaml(fs.readFileSync(file, "utf8")) }));
        if (!first) throw new Error("no OpenAPI file given");
        const merged = structuredClone(first.doc) as Record<string, unknown>;
        for (const { file, doc } of rest) mergeDocument(merged, doc as Record<string, unknown>, file);
        return new OpenApiContract(merged);
    }

    constructor(document: unknown) {
        if (!isRecord(document) || typeof document.openapi !== "string" || !isRecord(document.paths)) {
            throw new Error("not an OpenAPI document (missing openapi or paths)");
        }
        if (!document.openapi.startsWith("3.0")) {
            // nullable and the ref handling below are OpenAPI 3.0 semantics.
            throw new Error(`unsupported OpenAPI version ${document.openapi}; expected 3.0.x`);
        }
        this.document = document as unknown as OpenApiDocument;
        // strict:false because the document carries non-JSON-Schema keys (example, x-stoplight, openapi, paths...).
        // Ajv 8 implements the OpenAPI 3.0 `nullable` keyword natively.
        this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
        addFormats(this.ajv);
        this.ajv.addSchema(this.document as object, DOC_ID);
    }

    /** Matches a concrete path (query string ignored) to a spec path template, whatever the method. */
    matchPath(concretePath: string): PathMatch | undefined {
        const pathname = concretePath.split("?")[0] ?? "";
        const segments = pathname.split("/");
        let best: { match: PathMatch; literals: number } | undefined;
        for (const [template, item] of Object.entries(this.document.paths)) {
            const templateSegments = template.split("/");
            if (!item || templateSegments.length !== segments.length) continue;
            const params: Record<string, string> = {};
            let literals = 0;
            let ok = true;
            for (let i = 0; i < templateSegments.length && ok; i++) {
                const t = templateSegments[i] as string;
                const s = segments[i] as string;
                const param = /^\{([^}]+)\}$/.exec(t);
                if (param) {
                    if (s === "") ok = false;
                    else params[param[1] as string] = safeDecode(s);
                } else if (t === s) {
                    literals++;
                } else {
                    ok = false;
                }
            }
            // A literal segment beats a parameter when two templates fit (OpenAPI's matching rule).
            if (ok && (!best || literals > best.literals)) {
                const methods = HTTP_METHODS.filter((m) => isRecord(item[m]));
                best = { match: { pathTemplate: template, params, methods }, literals };
            }
        }
        return best?.match;
    }

    matchOperation(method: string, concretePath: string): OperationMatch | undefined {
        const match = this.matchPath(concretePath);
        if (!match || !match.methods.includes(method.toLowerCase())) return undefined;
        return { pathTemplate: match.pathTemplate, params: match.params };
    }

    validateRequestBody(method: string, pathTemplate: string, body: unknown): ValidationResult {
        const op = this.operation(method, pathTemplate);
        if (!op) return invalid(`no operation ${method.toUpperCase()} ${pathTemplate} in the spec`);
        const requestBody = op.requestBody ? this.resolve<RequestBodyObject>(op.requestBody) : undefined;
        if (!requestBody) {
            return body === undefined ? ok() : invalid("the operation takes no request body");
        }
        if (body === undefined) return requestBody.required ? invalid("request body is required") : ok();
        const schema = pickJsonMedia(requestBody.content)?.schema;
        if (schema === undefined) return ok();
        return this.check(`req ${method} ${pathTemplate}`, schema, body, "body");
    }

    /**
     * A 204 must have no body. A declared status without a content schema accepts any body, because
     * Qovery documents its error responses by description only. An undeclared status is invalid.
     */
    validateResponseBody(method: string, pathTemplate: string, status: number, body: unknown): ValidationResult {
        const op = this.operation(method, pathTemplate);
        if (!op) return invalid(`no operation ${method.toUpperCase()} ${pathTemplate} in the spec`);
        const responses = op.responses ?? {};
        const declared = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
        if (!declared) {
            return invalid(`status ${status} is not documented for ${method.toUpperCase()} ${pathTemplate}`);
        }
        const response = this.resolve<ResponseObject>(declared);
        const schema = pickJsonMedia(response?.content)?.schema;
        const empty = body === undefined || body === null || body === "";
        if (status === 204) return empty ? ok() : invalid("a 204 response must have no body");
        if (schema === undefined) return ok();
        if (body === undefined) return invalid("response body is missing");
        return this.check(`res ${method} ${pathTemplate} ${status}`, schema, body, "body");
    }

    /** Validates path parameters against the parameter schemas (e.g. jobId must be a uuid). */
    validatePathParams(method: string, pathTemplate: string, params: Record<string, string>): ValidationResult {
        const op = this.operation(method, pathTemplate);
        if (!op) return invalid(`no operation ${method.toUpperCase()} ${pathTemplate} in the spec`);
        const pathItem = this.document.paths[pathTemplate] ?? {};
        const declared = [...(pathItem.parameters ?? []), ...(op.parameters ?? [])]
            .map((p) => this.resolve<ParameterObject>(p))
            .filter((p): p is ParameterObject => p?.in === "path" && typeof p.name === "string");
        const errors: string[] = [];
        for (const p of declared) {
            const name = p.name as string;
            const value = params[name];
            if (value === undefined) errors.push(`path parameter ${name} is missing`);
            else if (p.schema !== undefined) {
                errors.push(...this.check(`param ${method} ${pathTemplate} ${name}`, p.schema, value, name).errors);
            }
        }
        return { valid: errors.length === 0, errors };
    }

    /** The values of a string enum of components/schemas, e.g. APIVariableScopeEnum. */
    enumValues(schemaName: string): string[] {
        const schemas = (this.document.components?.schemas ?? {}) as Record<string, { enum?: unknown } | undefined>;
        const values = schemas[schemaName]?.enum;
        if (!Array.isArray(values)) throw new Error(`components/schemas/${schemaName} is not an enum in the spec`);
        return values.filter((v): v is string => typeof v === "string");
    }

    /**
     * Validates the query parameters the operation declares (e.g. deployJob's forceEvent enum); others are
     * ignored. A boolean parameter (listVariables' is_secret) must be "true" or "false"; others are checked as
     * the strings they are.
     */
    validateQueryParams(method: string, pathTemplate: string, query: URLSearchParams): ValidationResult {
        const op = this.operation(method, pathTemplate);
        if (!op) return invalid(`no operation ${method.toUpperCase()} ${pathTemplate} in the spec`);
        const pathItem = this.document.paths[pathTemplate] ?? {};
        const declared = [...(pathItem.parameters ?? []), ...(op.parameters ?? [])]
            .map((p) => this.resolve<ParameterObject>(p))
            .filter((p): p is ParameterObject => p?.in === "query" && typeof p.name === "string");
        const errors: string[] = [];
        for (const p of declared) {
            const name = p.name as string;
            const value = query.get(name);
            if (value === null) {
                if (p.required) errors.push(`query parameter ${name} is missing`);
            } else if (p.schema !== undefined) {
                const typed = this.queryValue(p.schema, value);
                errors.push(...this.check(`query ${method} ${pathTemplate} ${name}`, p.schema, typed, name).errors);
            }
        }
        return { valid: errors.length === 0, errors };
    }

    /** A query string's value as the schema's type reads it (a boolean's "true"/"false"; else the string). */
    private queryValue(schema: unknown, value: string): unknown {
        const type = isRecord(schema) ? schema.type : undefined;
        if (type === "boolean" && (value === "true" || value === "false")) return value === "true";
        return value;
    }

    private operation(method: string, pathTemplate: string): OperationObject | undefined {
        const item = this.document.paths[pathTemplate];
        const op = item?.[method.toLowerCase()];
        return isRecord(op) ? (op as OperationObject) : undefined;
    }

    // Follows local "#/..." refs for non-schema objects (responses, parameters, request bodies).
    private resolve<T extends RefOr>(node: T): T | undefined {
        let current: unknown = node;
        for (let depth = 0; isRecord(current) && typeof current.$ref === "string"; depth++) {
            if (depth > 20 || !current.$ref.startsWith("#/")) return undefined;
            current = current.$ref
                .slice(2)
                .split("/")
                .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
                .reduce<unknown>((acc, key) => (isRecord(acc) ? acc[key] : undefined), this.document);
        }
        return isRecord(current) ? (current as T) : undefined;
    }

    private check(cacheKey: string, schema: unknown, data: unknown, subject: string): ValidationResult {
        let validate = this.compiled.get(cacheKey);
        if (!validate) {
            validate = this.ajv.compile(rebaseRefs(schema) as object);
            this.compiled.set(cacheKey, validate);
        }
        const valid = validate(data) as boolean;
        return { valid, errors: valid ? [] : formatErrors(validate.errors, subject) };
    }
}

function mergeDocument(target: Record<string, unknown>, source: Record<string, unknown>, file: string): void {
    const unite = (into: Record<string, unknown>, from: Record<string, unknown>, where: string): void => {
        for (const [name, value] of Object.entries(from)) {
            if (!(name in into)) into[name] = value;
            else if (!isDeepStrictEqual(into[name], value)) {
                throw new Error(`${file}: ${where}${name} differs from the same entry in another extract`);
            }
        }
    };
    if (source.openapi !== target.openapi) throw new Error(`${file}: OpenAPI version differs`);
    target.paths ??= {};
    unite(target.paths as Record<string, unknown>, (source.paths ?? {}) as Record<string, unknown>, "paths/");
    const components = (target.components ??= {}) as Record<string, unknown>;
    for (const [section, entries] of Object.entries((source.components ?? {}) as Record<string, unknown>)) {
        components[section] ??= {};
        unite(components[section] as Record<string, unknown>, entries as Record<string, unknown>, `${section}/`);
    }
}

function safeDecode(segment: string): string {
    try {
        return decodeURIComponent(segment);
    } catch {
        return segment;
    }
}

function ok(): ValidationResult {
    return { valid: true, errors: [] };
}

function invalid(message: string): ValidationResult {
    return { valid: false, errors: [message] };
}

let defaultContract: OpenApiContract | undefined;
const familyContracts = new Map<string, OpenApiContract>();

/** The contract of the spec extracts the given route families are built from (loaded once per set). */
export function contractForFamilies(families: readonly { specFile: string }[]): OpenApiContract {
    const files = [...new Set(families.map((f) => f.specFile))];
    const key = files.join("\n");
    let contract = familyContracts.get(key);
    if (!contract) {
        contract = OpenApiContract.fromFiles(files.map(specPath));
        familyContracts.set(key, contract);
    }
    return contract;
}

/** The contract loaded from emulator/spec/job-secrets.openapi.yaml (loaded once). */
export function jobSecretsContract(): OpenApiContract {
    defaultContract ??= OpenApiContract.fromFile();
    return defaultContract;
}

export function validateRequestBody(method: string, pathTemplate: string, body: unknown): ValidationResult {
    return jobSecretsContract().validateRequestBody(method, pathTemplate, body);
}

export function validateResponseBody(
    method: string,
    pathTemplate: string,
    status: number,
    body: unknown,
): ValidationResult {
    return jobSecretsContract().validateResponseBody(method, pathTemplate, status, body);
}

export function matchOperation(method: string, concretePath: string): OperationMatch | undefined {
    return jobSecretsContract().matchOperation(method, concretePath);
}
