/**
 * Qovery's job deployment status (`Status` in the spec), parsed with zod, tolerant of fields
 * and enum values Qovery adds: the states are read as strings and classified in
 * ../deploy/status.ts. Every optional field is `.nullish()`, as in the rest of the wire schemas
 * (wire.ts): a `null` where the spec says nothing of it must not make a 202 look like a lost answer.
 */
import { z } from "zod";

export const jobStatusSchema = z.looseObject({
    id: z.string(),
    state: z.string(),
    service_deployment_status: z.string(),
    status_details: z.looseObject({ action: z.string(), status: z.string(), sub_action: z.string().nullish() }),
    is_part_last_deployment: z.boolean().nullish(),
    deployment_request_id: z.string().nullish(),
    deployment_requests_count: z.number().nullish(),
    last_deployment_date: z.string().nullish(),
});

export type JobStatus = z.infer<typeof jobStatusSchema>;
