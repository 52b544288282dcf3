/**
 * The `watched` input of a JobDeployment or a Deployment: the library's variable resources its
 * triggers reference, found from the triggers' Outputs, as URN, id and where Qovery lists each
 * (../deploy/memberClasses.ts: its job, or its scope and parent). The provider uses it to
 * redeploy after the delete of one that leaves the triggers (../deploy/afterRemoval.ts); only
 * the triggers' hash says whether to redeploy.
 */
import * as pulumi from "@pulumi/pulumi";
import { MEMBER_CLASSES, PARENT_FIELDS } from "../deploy/memberClasses";
import type { WatchedMember } from "../deploy/watched";
import { isResourceOfType } from "./common";

type Outputs = Record<string, pulumi.Output<unknown> | undefined>;

/** The class of the table `r` is an instance of, by its type token (across copies of the library). */
function memberClassOf(r: pulumi.Resource): (typeof MEMBER_CLASSES)[string] | undefined {
    const type = Object.keys(MEMBER_CLASSES).find((t) => isResourceOfType(r, t));
    return type === undefined ? undefined : MEMBER_CLASSES[type];
}

/** One member: a job class's job, or a `/variable` class's parent (the one parent input it has set). */
function memberOf(r: pulumi.CustomResource, home: "job" | "variable"): pulumi.Output<WatchedMember> {
    const outputs = r as unknown as Outputs;
    if (home === "job") {
        return pulumi
            .all([r.urn, r.id, outputs.jobId])
            .apply(([urn, id, jobId]): WatchedMember => ({ urn, id, jobId: jobId as string }));
    }
    // Only the parent inputs the class registered: an unset one is an Output of undefined, or absent.
    const fields = Object.keys(PARENT_FIELDS).filter((f) => pulumi.Output.isInstance(outputs[f]));
    return pulumi.all([r.urn, r.id, pulumi.all(fields.map((f) => outputs[f]!))]).apply(([urn, id, values]) => {
        const at = values.findIndex((v) => typeof v === "string");
        return at < 0 ? { urn, id } : { urn, id, scope: PARENT_FIELDS[fields[at]], parentId: values[at] as string };
    });
}

/** Unknown during a preview while an id is; never secret (URNs, ids and parent ids are not). */
export function watchedMembers(
    triggers: pulumi.Input<pulumi.Input<unknown>[]> | undefined,
): pulumi.Output<WatchedMember[]> {
    // getAllResources is how Pulumi itself learns an Output's resources (dependencies).
    const resources = pulumi.getAllResources(pulumi.output(triggers ?? []));
    const members = resources.then((all) =>
        [...all].flatMap((r) => {
            const member = memberClassOf(r);
            return member === undefined ? [] : [memberOf(r as pulumi.CustomResource, member.home)];
        }),
    );
    return pulumi
        .output(members)
        .apply((list) => pulumi.all(list))
        .apply((list: WatchedMember[]) => [...list].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0)));
}
