/**
 * The `pulumi-qovery-secrets/hooks/jobDeployment` module: JobDeployment's provider hooks. Every
 * JobDeployment state names this module in its serialized provider.
 */
import { deploymentHooks } from "../deploy/lifecycle";
import { withInternalProperties } from "../engine/internalProperties";

export const {
    configure,
    check,
    diff,
    create,
    read,
    update,
    delete: deleteResource,
} = withInternalProperties(deploymentHooks());

// `delete` is the hook's name; it cannot be a function's name in JavaScript.
export { deleteResource as delete };
