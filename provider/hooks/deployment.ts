/**
 * The `pulumi-qovery-secrets/hooks/deployment` module: Deployment's provider hooks. Every
 * Deployment state names this module in its serialized provider.
 */
import { DEPLOYMENT } from "../deploy/inputs";
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
} = withInternalProperties(deploymentHooks({ shape: DEPLOYMENT }));

// `delete` is the hook's name; it cannot be a function's name in JavaScript.
export { deleteResource as delete };
