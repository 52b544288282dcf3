// What a route family is: a spec extract plus handlers for some of its operations. Adding a family is a
// module exporting one of these and an entry in routes/index.ts; the pipeline does the rest (auth,
// matching, path parameters and body against the spec, the job lookup, errors, logging).
import type { Outcome } from "../http";
import type { EmulatorState } from "../state";
import type { JobInfo } from "../types";

/** How the pipeline treats the request body before the handler runs. */
export type BodyRule =
    /** Ignored (GET, DELETE): sent or not, it never reaches the handler. */
    | "none"
    /** Checked against the spec when present. */
    | "optional"
    /** Checked against the spec, and a missing body is a 400. */
    | "required";

export interface OperationRequest {
    /** Path parameters, decoded and already valid against the spec. */
    params: Record<string, string>;
    query: URLSearchParams;
    /** The parsed body, valid against the spec's request schema (undefined when absent or ignored). */
    body: unknown;
    /** The job of `{jobId}`, which exists. */
    job: JobInfo;
}

export interface Operation {
    method: "GET" | "POST" | "PUT" | "DELETE";
    /** The spec's path template, e.g. "/job/{jobId}/secret/{secretId}". */
    path: string;
    body: BodyRule;
    /** May throw HttpError: it is answered in the public error shape. */
    handle(request: OperationRequest, state: EmulatorState): Outcome;
}

export interface RouteFamily {
    name: string;
    /** File name under emulator/spec/ of the extract that defines these operations. */
    specFile: string;
    operations: Operation[];
}
