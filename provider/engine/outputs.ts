/**
 * A resource's outputs: its inputs as Qovery holds them, and everything else the API
 * returned, camelCased (nested objects too: `aliasedSecret.variableType`).
 */
import type { VariableRow } from "../qovery/wire";
import { INTERNAL_INPUT_NAMES } from "./inputs";
import { type Kind, type Props, compact } from "./kind";

/** The inputs as Qovery holds them (kind.currentInputs), with what the resource class records itself (its URN). */
export function currentInputsOf(kind: Kind, row: VariableRow, prior: Props): Props {
    const inputs = kind.currentInputs(row, prior);
    for (const name of INTERNAL_INPUT_NAMES) if (prior[name] !== undefined) inputs[name] = prior[name];
    return inputs;
}

/** Fields of the API's answer that are not outputs: the id is the resource's Pulumi id. */
const NOT_OUTPUTS = new Set(["id"]);

export function camelCase(name: string): string {
    return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A wire value as an output: objects camelCased all the way down, null as absent. */
function camelDeep(v: unknown): unknown {
    if (v === null || v === undefined) return undefined;
    if (Array.isArray(v)) return v.map(camelDeep);
    if (typeof v === "object") {
        return compact(Object.fromEntries(Object.entries(v).map(([k, x]) => [camelCase(k), camelDeep(x)])));
    }
    return v;
}

/**
 * `current` are the inputs as Qovery holds them (kind.currentInputs); they win over the
 * row's fields of the same name, whose raw form (a default the program never set, a value
 * that is never returned) would otherwise show as a change. `previous` outputs lend what an
 * answer may leave out (the target of an alias, which an edit's answer need not describe).
 */
export function outputsFor(kind: Kind, row: VariableRow, current: Props, previous: Props = {}): Props {
    const api: Props = {};
    for (const [wireName, v] of Object.entries(row)) {
        // `/variable` names a secret's target `aliased_variable`: the output keeps the class's name (`aliasedSecret`).
        const name = wireName === kind.target?.wire ? kind.target.output : camelCase(wireName);
        if (NOT_OUTPUTS.has(wireName) || name in kind.fields) continue;
        const out = camelDeep(v);
        if (out !== undefined) api[name] = out;
    }
    const target = kind.target?.output;
    if (target !== undefined && api[target] === undefined && previous[target] !== undefined) {
        api[target] = previous[target];
    }
    return compact({ ...current, ...api });
}
