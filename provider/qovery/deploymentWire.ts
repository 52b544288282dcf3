/**
 * Qovery's job deployment status (`Status` in the spec), parsed with zod, tolerant of fields
 * and enum values Qovery adds: the states are read as strings and classified in
 * ../deploy/status.ts.
 */
import { z } from "zod";

export const jobStatusSchema = z.looseObject({
    id: z.string(),
    state: z.string(),
    service_deployment_status: z.string(),
    status_details: z.looseObject({ action: z.string(), status: z.string(), sub_action: z.string().optional() }),
    is_part_last_deployment: z.boolean().optional(),
    deployment_request_id: z.string().nullable().optional(),
    deployment_requests_count: z.number().optional(),
    last_deployment_date: z.string().optional(),
});

export type JobStatus = z.infer<typeof jobStatusSchema>;
