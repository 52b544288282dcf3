/**
 * The `pulumi-qovery-secrets/hooks/secret` module: Secret's provider hooks. Every Secret state names
 * this module in its serialized provider: the module is the kind.
 */
import { KINDS } from "../engine/kinds";
import { hooksFor } from "../engine/lifecycle";
import { withInternalProperties } from "../engine/internalProperties";

export const {
    configure,
    check,
    diff,
    create,
    read,
    update,
    delete: deleteResource,
} = withInternalProperties(hooksFor(KINDS.Secret));

// `delete` is the hook's name; it cannot be a function's name in JavaScript.
export { deleteResource as delete };
