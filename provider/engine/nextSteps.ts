/**
 * What a user can do next when a refresh or a delete cannot go on: the commands that work,
 * worded for any resource kind (secrets, variables...), never a value.
 */
import { AuthenticationError, PermissionError } from "../qovery/errors";

/** Where the resource sits in the Pulumi state. */
export interface StateAddress {
    /** The resource's URN when the state recorded it (resources written by older versions have none). */
    urn?: string;
    /** The Pulumi type token, e.g. `pulumi-nodejs:dynamic/qovery:JobSecret`. */
    type: string;
    /** The resource's id in the state (the Qovery id). */
    id: string;
}

/** Where the token in use came from: the provider config (stack config, or the state's copy of it) or the environment. */
export type TokenSource = "config" | "environment";

/** The command that removes the resource from the state, by URN; or how to find the URN. */
export function stateDeleteCommand(address: StateAddress): string {
    if (address.urn) return `\`pulumi state delete '${address.urn}'\``;
    return `\`pulumi state delete '<urn>'\`, with the URN of the ${address.type} whose id is ${address.id} (\`pulumi stack --show-urns --show-ids\` lists them)`;
}

/**
 * Why fixing the token did not help, and the commands that do. `pulumi refresh` and
 * `pulumi destroy` configure the provider with the config recorded in the state at the last
 * `pulumi up`; `--run-program` (or an `up` first) uses the current stack config.
 */
export function staleCredentialsAdvice(tokenSource: TokenSource): string {
    const env =
        tokenSource === "environment"
            ? "The token in use comes from QOVERY_API_TOKEN (the provider config has no `qovery:apiToken`): set the right one in this shell and run the command again"
            : "QOVERY_API_TOKEN does not help here: a `qovery:apiToken` in the provider config wins over it";
    return `If you have just fixed \`qovery:apiToken\`: \`pulumi refresh\` and \`pulumi destroy\` use the provider config recorded in the state at the last \`pulumi up\`, not the current stack config. Run \`pulumi destroy --run-program\` (or \`pulumi refresh --run-program\`), which uses the current config, or \`pulumi up\` first. ${env}`;
}

/** For a 403: the object may be gone (Qovery answers 403 for some deleted objects), and how to let go of it. */
export function forbiddenAdvice(address: StateAddress, parent: string, what: string, parentNoun = "job"): string {
    return `Qovery also answers 403 for some deleted objects: if ${parent} was deleted, this ${what} is gone with it, but a 403 can also be a real permission problem, so it is kept in the state. If you know the ${parentNoun} is gone, remove the ${what} from the state yourself: ${stateDeleteCommand(address)}`;
}

/** The next step for a refresh or delete that failed with `err`, if there is more to say than the error does. */
export function nextStepAfterReadOrDelete(
    err: unknown,
    context: { address: StateAddress; parent: string; parentNoun: string; what: string; tokenSource: TokenSource },
): string | undefined {
    if (err instanceof AuthenticationError) return staleCredentialsAdvice(context.tokenSource);
    if (err instanceof PermissionError) {
        return `${forbiddenAdvice(context.address, context.parent, context.what, context.parentNoun)}. ${staleCredentialsAdvice(context.tokenSource)}`;
    }
    return undefined;
}
