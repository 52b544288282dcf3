/**
 * The resource's URN, recorded by the resource class as an input so that a hook can name the
 * resource (a dynamic provider's hooks are never told it). In the state it is `__resourceUrn`:
 * Pulumi's display hides property keys that begin with `__` (IsInternalPropertyKey, the reason
 * `__provider` never shows), so it never appears in a preview as something the user set. States
 * written before that name it `resourceUrn`: both are read; the program's inputs move to the new
 * name at the next `check` (a resource updated in that run shows `- resourceUrn` once), and a
 * refresh leaves the outputs' name as it is.
 *
 * The engine itself knows one name, `resourceUrn`: the hooks modules wrap the engine's hooks in
 * `withRecordedUrn`, which translates at the boundary with Pulumi.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Hooks } from "./lifecycle";

type Props = Record<string, unknown>;

/** The name in the state. */
export const RECORDED_URN = "__resourceUrn";
/** The name the engine uses, and the one states written before the rename hold. */
export const ENGINE_URN = "resourceUrn";

type UrnName = typeof RECORDED_URN | typeof ENGINE_URN;

/**
 * The name a state's outputs hold the URN under. A refresh keeps it: renaming it there would
 * show as a change of every resource. Inputs move to the hidden name at the next `check`.
 */
function nameIn(state: Props): UrnName {
    return typeof state === "object" && state !== null && ENGINE_URN in state ? ENGINE_URN : RECORDED_URN;
}

/** What Pulumi hands a hook (inputs or state), as the engine reads it. */
export function fromPulumi(props: Props): Props {
    if (typeof props !== "object" || props === null || !(RECORDED_URN in props)) return props;
    const { [RECORDED_URN]: recorded, ...rest } = props;
    return { ...rest, [ENGINE_URN]: recorded ?? rest[ENGINE_URN] };
}

/** What the engine returns (inputs or outputs), as the state holds it: under `name`. */
export function toPulumi(props: Props, name: UrnName): Props;
export function toPulumi(props: Props | undefined, name: UrnName): Props | undefined;
export function toPulumi(props: Props | undefined, name: UrnName): Props | undefined {
    if (typeof props !== "object" || props === null || !(ENGINE_URN in props)) return props;
    const { [ENGINE_URN]: urn, ...rest } = props;
    return urn === undefined ? rest : { ...rest, [name]: urn };
}

/** The engine's hooks with the URN translated both ways. */
export function withRecordedUrn(hooks: Hooks): Hooks {
    return {
        configure: (req) => hooks.configure(req),
        async check(olds, news) {
            const result = await hooks.check(olds, fromPulumi(news));
            return { ...result, inputs: toPulumi(result.inputs, RECORDED_URN) };
        },
        diff: (id, olds, news) => hooks.diff(id, fromPulumi(olds), fromPulumi(news)),
        async create(inputs) {
            let result;
            try {
                result = await hooks.create(fromPulumi(inputs));
            } catch (err) {
                // A create that keeps the resource in the state (a pending one) carries its outputs.
                const kept = err as { properties?: Props };
                if (typeof kept?.properties === "object") kept.properties = toPulumi(kept.properties, RECORDED_URN);
                throw err;
            }
            return { ...result, outs: toPulumi(result.outs, RECORDED_URN) };
        },
        async read(id, props) {
            const result = await hooks.read(id, fromPulumi(props));
            return {
                ...result,
                props: toPulumi(result.props, nameIn(props)),
                ...(result.inputs === undefined ? {} : { inputs: toPulumi(result.inputs, RECORDED_URN) }),
            };
        },
        async update(id, olds, news) {
            const result = await hooks.update(id, fromPulumi(olds), fromPulumi(news));
            return { ...result, outs: toPulumi(result.outs, RECORDED_URN) };
        },
        delete: (id, props) => hooks.delete(id, fromPulumi(props)),
    } satisfies pulumi.dynamic.ResourceProvider & Hooks;
}
