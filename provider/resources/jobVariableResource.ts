import * as pulumi from "@pulumi/pulumi";
import { withoutPromiseStacks } from "./common";

/**
 * What every resource of a job's variable lists has: the fields Qovery returns for each row of
 * `GET /job/{jobId}/secret` and `GET /job/{jobId}/environmentVariable`. The six variable classes
 * extend it; their own arguments and outputs come on top.
 */
export abstract class JobVariableResource extends pulumi.dynamic.Resource {
    /** When Qovery created it (ISO 8601). */
    declare readonly createdAt: pulumi.Output<string>;
    /** When Qovery last changed it (ISO 8601); undefined when Qovery's answer has none. */
    declare readonly updatedAt: pulumi.Output<string | undefined>;
    /** `JOB`: it belongs to the job; undefined when Qovery's answer did not say. */
    declare readonly scope: pulumi.Output<string | undefined>;
    /**
     * Qovery's type for it: `VALUE`, or `FILE` for a file, `ALIAS` for an alias, `OVERRIDE` for an
     * override; undefined when Qovery's answer did not say.
     */
    declare readonly variableType: pulumi.Output<string | undefined>;
    /** The job's id as Qovery reports it; undefined when its answer did not say. */
    declare readonly serviceId: pulumi.Output<string | undefined>;
    /** The job's name; undefined when Qovery's answer did not say. */
    declare readonly serviceName: pulumi.Output<string | undefined>;
    /** `JOB`; undefined when Qovery's answer did not say. */
    declare readonly serviceType: pulumi.Output<string | undefined>;
    /** Who owns it for Qovery (e.g. `QOVERY`); undefined when its answer did not say. */
    declare readonly ownedBy: pulumi.Output<string | undefined>;

    protected constructor(
        provider: pulumi.dynamic.ResourceProvider,
        name: string,
        props: pulumi.Inputs,
        opts: pulumi.CustomResourceOptions | undefined,
        module: string,
        type: string,
    ) {
        const limit = withoutPromiseStacks();
        try {
            super(provider, name, props, opts, module, type);
        } finally {
            Error.stackTraceLimit = limit;
        }
    }
}
