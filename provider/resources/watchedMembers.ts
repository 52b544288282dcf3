/**
 * The `watched` input of a JobDeployment: the library's variable resources its triggers reference,
 * found from the triggers' Outputs, as URN, id and job. The provider uses it to redeploy after
 * the delete of one that leaves the triggers (../deploy/afterRemoval.ts); only the triggers'
 * hash says whether to redeploy.
 */
import * as pulumi from "@pulumi/pulumi";
import type { WatchedMember } from "../deploy/watched";
import { isResourceOfType } from "./common";

const VARIABLE_TYPES = [
    "JobSecret",
    "JobSecretAlias",
    "JobSecretOverride",
    "JobEnvironmentVariable",
    "JobEnvironmentVariableAlias",
    "JobEnvironmentVariableOverride",
];

type Member = pulumi.CustomResource & { jobId: pulumi.Output<string> };

/** Unknown during a preview while an id is; never secret (URNs, ids and job ids are not). */
export function watchedMembers(
    triggers: pulumi.Input<pulumi.Input<unknown>[]> | undefined,
): pulumi.Output<WatchedMember[]> {
    // getAllResources is how Pulumi itself learns an Output's resources (dependencies).
    const resources = pulumi.getAllResources(pulumi.output(triggers ?? []));
    const members = resources.then((all) =>
        [...all]
            .filter((r): r is Member => VARIABLE_TYPES.some((t) => isResourceOfType(r, t)))
            .map((r) =>
                pulumi.all([r.urn, r.id, r.jobId]).apply(([urn, id, jobId]): WatchedMember => ({ urn, id, jobId })),
            ),
    );
    return pulumi
        .output(members)
        .apply((list) => pulumi.all(list))
        .apply((list: WatchedMember[]) => [...list].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0)));
}
