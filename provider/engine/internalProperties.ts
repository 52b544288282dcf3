/**
 * Properties the library keeps for itself in the state, besides the program's arguments:
 * - the resource's URN, recorded by the resource class so that a hook can name the resource (a
 *   dynamic provider's hooks are never told it);
 * - a JobDeployment's watched variables and the removals it left to their deletes
 *   (../deploy/afterRemoval.ts).
 * In the state their names begin with `__`: Pulumi's display hides such keys
 * (IsInternalPropertyKey, the reason `__provider` never shows), so a preview never lists them as
 * something the user set. The engine uses the plain names; `withInternalProperties` translates
 * at the boundary with Pulumi.
 *
 * States written before the rename hold the URN as `resourceUrn`: both are read; the program's
 * inputs move to the hidden name at the next `check`, and a refresh leaves the outputs' name as
 * it is (renaming it there would show as a change of every resource).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Hooks } from "./lifecycle";
import { occupying, takeRunHints } from "./pace";

type Props = Record<string, unknown>;

/** The engine's name of each internal property, and its name in the state. */
const STATE_NAMES = {
    resourceUrn: "__resourceUrn",
    watched: "__watched",
    pendingRemovals: "__pendingRemovals",
} as const;

/** Whether outputs hold the URN under its name before the rename (kept by a refresh). */
function legacyUrn(state: Props): boolean {
    return typeof state === "object" && state !== null && "resourceUrn" in state;
}

/** What Pulumi hands a hook (inputs or state), as the engine reads it. */
export function fromPulumi(props: Props): Props {
    if (typeof props !== "object" || props === null) return props;
    let out = props;
    for (const [engine, state] of Object.entries(STATE_NAMES)) {
        if (!(state in out)) continue;
        const { [state]: v, ...rest } = out;
        out = { ...rest, [engine]: v ?? rest[engine] };
    }
    return out;
}

/** What the engine returns (inputs or outputs), as the state holds it. */
export function toPulumi(props: Props, keepLegacyUrn?: boolean): Props;
export function toPulumi(props: Props | undefined, keepLegacyUrn?: boolean): Props | undefined;
export function toPulumi(props: Props | undefined, keepLegacyUrn = false): Props | undefined {
    if (typeof props !== "object" || props === null) return props;
    let out = props;
    for (const [engine, state] of Object.entries(STATE_NAMES)) {
        if (!(engine in out) || (keepLegacyUrn && engine === "resourceUrn")) continue;
        const { [engine]: v, ...rest } = out;
        out = v === undefined ? rest : { ...rest, [state]: v };
    }
    return out;
}

/** The engine's hooks with the internal properties translated both ways. */
export function withInternalProperties(hooks: Hooks): Hooks {
    return {
        configure: (req) => hooks.configure(req),
        async check(olds, news) {
            // The run's hints are the program's message to this process, not inputs: never stored.
            const result = await hooks.check(olds, fromPulumi(takeRunHints(news)));
            return { ...result, inputs: toPulumi(result.inputs) };
        },
        diff: (id, olds, news) => hooks.diff(id, fromPulumi(olds), fromPulumi(news)),
        async create(inputs) {
            let result;
            try {
                result = await occupying(() => hooks.create(fromPulumi(inputs)));
            } catch (err) {
                // A create that keeps the resource in the state (a pending one) carries its outputs.
                const kept = err as { properties?: Props };
                if (typeof kept?.properties === "object") kept.properties = toPulumi(kept.properties);
                throw err;
            }
            return { ...result, outs: toPulumi(result.outs) };
        },
        async read(id, props) {
            const result = await hooks.read(id, fromPulumi(props));
            return {
                ...result,
                props: toPulumi(result.props, legacyUrn(props)),
                ...(result.inputs === undefined ? {} : { inputs: toPulumi(result.inputs) }),
            };
        },
        async update(id, olds, news) {
            const result = await occupying(() => hooks.update(id, fromPulumi(olds), fromPulumi(news)));
            return { ...result, outs: toPulumi(result.outs) };
        },
        delete: (id, props) => occupying(() => hooks.delete(id, fromPulumi(props))),
    } satisfies pulumi.dynamic.ResourceProvider & Hooks;
}
