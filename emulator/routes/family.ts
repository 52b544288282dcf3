// What a route family is: a spec extract plus handlers for some of its operations. Adding a family is a
// module exporting one of these and an entry in routes/index.ts; the pipeline does the rest (auth,
// matching, path and query parameters and body against the spec, the subject's lookup, errors, logging).
import { HttpError, type Outcome } from "../http";
import type { EmulatorState } from "../state";
import type { Parent } from "../store";
import type { ServiceKind } from "../types";

/** How the pipeline treats the request body before the handler runs. */
export type BodyRule =
    /** Ignored (GET, DELETE): sent or not, it never reaches the handler. */
    | "none"
    /** Checked against the spec when present. */
    | "optional"
    /** Checked against the spec, and a missing body is a 400. */
    | "required";

/** What a path names, looked up (404 when missing) before the handler runs. */
export type SubjectKind = ServiceKind | "ENVIRONMENT";

/** The path parameter and the 404 text of each subject kind (the spec's parameter names). */
export const SUBJECTS: Record<SubjectKind, { param: string; label: string }> = {
    APPLICATION: { param: "applicationId", label: "Application" },
    CONTAINER: { param: "containerId", label: "Container" },
    JOB: { param: "jobId", label: "Job" },
    HELM: { param: "helmId", label: "Helm" },
    TERRAFORM: { param: "terraformId", label: "Terraform" },
    ENVIRONMENT: { param: "environmentId", label: "Environment" },
};

export interface OperationRequest {
    /** Path parameters, decoded and already valid against the spec. */
    params: Record<string, string>;
    query: URLSearchParams;
    /** The parsed body, valid against the spec's request schema (undefined when absent or ignored). */
    body: unknown;
    /** The object the path names, which exists (for operations with a `subject`). */
    subject?: Parent;
}

export interface Operation {
    method: "GET" | "POST" | "PUT" | "DELETE";
    /** The spec's path template, e.g. "/job/{jobId}/secret/{secretId}". */
    path: string;
    body: BodyRule;
    /** The kind of object the path names, if any: looked up before the handler runs. */
    subject?: SubjectKind;
    /** May throw HttpError: it is answered in the public error shape. */
    handle(request: OperationRequest, state: EmulatorState): Outcome;
}

export interface RouteFamily {
    name: string;
    /** File name under emulator/spec/ of the extract that defines these operations. */
    specFile: string;
    operations: Operation[];
}

/** The subject of an operation declared with one (the pipeline looked it up). */
export function subjectOf(request: OperationRequest): Parent {
    if (!request.subject) throw new HttpError(500, "operation has no subject");
    return request.subject;
}
