/**
 * Names for what `discover` declares: a Pulumi resource name and a stack config name per
 * Qovery key, unique within one fragment. Pure.
 */

/** `DB_PASSWORD` -> `db-password`: lower case, runs of anything but letters and digits as one dash. */
export function resourceNameFor(key: string): string {
    const name = key
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "");
    return name === "" ? "variable" : name;
}

/** `DB_PASSWORD` -> `dbPassword`: a config name Pulumi accepts (ASCII letters and digits, a letter first). */
export function configNameFor(key: string): string {
    const words = key
        .split(/[^A-Za-z0-9]+/)
        .filter((w) => w !== "")
        .map((w) => w.toLowerCase());
    const camel = words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join("");
    if (camel === "") return "secret";
    return /^[a-z]/.test(camel) ? camel : `v${camel}`;
}

/** Hands out names, adding `-2`, `-3`... (or `2`, `3`... for config names) when one is taken. */
export class UniqueNames {
    private readonly taken = new Set<string>();
    constructor(private readonly separator: string) {}

    take(wanted: string): string {
        let name = wanted;
        for (let n = 2; this.taken.has(name); n++) name = `${wanted}${this.separator}${n}`;
        this.taken.add(name);
        return name;
    }
}
