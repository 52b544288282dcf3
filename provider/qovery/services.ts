/**
 * The services of an environment, one list per kind, as the spec serves them:
 * `GET /environment/{environmentId}/{application|container|job|helm|terraform}` (operations
 * `listApplication`, `listContainer`, `listJobs`, `listHelms`, `listTerraforms`), answering
 * `ApplicationResponseList`, `ContainerResponseList`, `JobResponseList`, `HelmResponseList` and
 * `TerraformResponseList`: `{ results: [...] }`, each item with the `Base` fields (`id`) and a
 * `name`. Only what `discover --services` needs is read; the rest of each item passes.
 */
import { z } from "zod";
import type { QoveryClient } from "./client";

/** The service kinds an environment lists, as the path segments and the scope table name them. */
export const SERVICE_KINDS = ["application", "container", "job", "helm", "terraform"] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

/** One service of a list: its id and, when the answer has one, its name. */
const serviceSchema = z.looseObject({
    id: z.string().min(1),
    name: z.string().nullish(),
});

/** A list's `results` is required: a body without one (`{}` from a proxy) must not read as "no services". */
const serviceListSchema = z.looseObject({ results: z.array(serviceSchema) });

export interface Service {
    kind: ServiceKind;
    /** Lower case, as the engine compares ids. */
    id: string;
    name: string | undefined;
}

/** `/environment/{environmentId}/{kind}`. */
export function environmentServicesPath(environmentId: string, kind: ServiceKind): string {
    return `/environment/${encodeURIComponent(environmentId)}/${kind}`;
}

/** The environment's services of one kind. */
export async function listEnvironmentServices(
    api: QoveryClient,
    environmentId: string,
    kind: ServiceKind,
): Promise<Service[]> {
    const list = await api.read(environmentServicesPath(environmentId, kind), serviceListSchema);
    return list.results.map((s) => ({ kind, id: s.id.toLowerCase(), name: s.name ?? undefined }));
}

/**
 * Every service of the environment: five lists, in the order of {@link SERVICE_KINDS}, each
 * sorted by name then id so that the written program does not depend on the API's order.
 */
export async function listAllEnvironmentServices(api: QoveryClient, environmentId: string): Promise<Service[]> {
    const lists = await Promise.all(SERVICE_KINDS.map((kind) => listEnvironmentServices(api, environmentId, kind)));
    return lists.flatMap((list) =>
        [...list].sort((a, b) => (a.name ?? "").localeCompare(b.name ?? "") || a.id.localeCompare(b.id)),
    );
}
