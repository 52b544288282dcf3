#!/usr/bin/env node
// Writes a verbatim extract of Qovery's bundled OpenAPI document: the chosen path items and every
// component they reference (transitively), copied as text, then checks that the extract parses to
// exactly the source's objects. Used to make the files of emulator/spec/ (except job-secrets.openapi.yaml,
// which was extracted before this script existed):
//
//   npx ts-node --transpile-only emulator/extractSpec.ts emulator/spec/full/openapi.yaml.gz <out.yaml> <title> <path>...
//
// (the source may be the plain openapi.yaml or, as committed here, gzipped).
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { gunzipSync } from "node:zlib";
import { parse as parseYaml } from "yaml";

const SOURCE_COMMIT = "651aed53ce272a6fb6ec695a68b06dcd55170092";

interface Block {
    name: string;
    lines: string[];
}

/** The entries at one indentation inside lines[start, end): each with its own text, nested lines included. */
function entries(lines: string[], start: number, end: number, indent: number): Block[] {
    const blocks: Block[] = [];
    // A key at exactly this indentation (quoted or not), with or without a value on the same line.
    const head = new RegExp(`^ {${indent}}('(?:[^']|'')*'|"[^"]*"|[^\\s'"#-][^:]*?):(?:\\s|$)`);
    for (let i = start; i < end; i++) {
        const m = head.exec(lines[i] as string);
        if (m) blocks.push({ name: unquote(m[1] as string), lines: [lines[i] as string] });
        else if (blocks.length > 0) blocks[blocks.length - 1]?.lines.push(lines[i] as string);
    }
    return blocks;
}

function unquote(key: string): string {
    if (key.startsWith("'") && key.endsWith("'")) return key.slice(1, -1).replace(/''/g, "'");
    if (key.startsWith('"') && key.endsWith('"')) return JSON.parse(key) as string;
    return key;
}

function extract(sourceText: string, wanted: string[], title: string): string {
    const lines = sourceText.split("\n");
    const top = entries(lines, 0, lines.length, 0);
    const section = (name: string): Block => {
        const block = top.find((b) => b.name === name);
        if (!block) throw new Error(`the source has no top-level ${name}`);
        return block;
    };
    const paths = entries(section("paths").lines, 1, section("paths").lines.length, 2);
    const componentLines = section("components").lines;
    const components = entries(componentLines, 1, componentLines.length, 2).map((s) => ({
        name: s.name,
        items: entries(s.lines, 1, s.lines.length, 4),
    }));

    const chosenPaths = wanted.map((p) => {
        const block = paths.find((b) => b.name === p);
        if (!block) throw new Error(`the source has no path ${p}`);
        return block;
    });
    // Every referenced component, transitively; securitySchemes whole (the top-level security uses them).
    const chosen = new Set<string>(
        (components.find((c) => c.name === "securitySchemes")?.items ?? []).map((i) => `securitySchemes/${i.name}`),
    );
    const queue = chosenPaths.flatMap((b) => b.lines);
    while (queue.length > 0) {
        const line = queue.pop() as string;
        for (const m of line.matchAll(/#\/components\/([A-Za-z]+)\/([^'"\s]+)/g)) {
            const id = `${m[1]}/${m[2]}`;
            if (chosen.has(id)) continue;
            const item = components.find((c) => c.name === m[1])?.items.find((i) => i.name === m[2]);
            if (!item) throw new Error(`unresolved reference #/components/${id}`);
            chosen.add(id);
            queue.push(...item.lines);
        }
    }

    const out: string[] = [
        `# Extract of the official Qovery OpenAPI specification, reduced to ${title}.`,
        "# Source repository: https://github.com/Qovery/qovery-openapi-spec",
        `# Source path:       openapi.yaml (bundled spec; blob ${gitBlobHash(sourceText)})`,
        `# Source commit:     ${SOURCE_COMMIT}`,
        "# Contents: the top-level openapi/info/servers/security sections, the path items",
        ...wanted.map((p) => `#   ${p}`),
        "#   and every components entry they reference (transitively), and components/securitySchemes.",
        "# Made by emulator/extractSpec.ts: each fragment is copied verbatim (text) from the source file, in the",
        "# source's order; nothing was added or edited.",
        ...section("openapi").lines,
        ...section("info").lines,
        ...section("servers").lines,
        "paths:",
        ...paths.filter((b) => wanted.includes(b.name)).flatMap((b) => b.lines),
        "components:",
    ];
    for (const c of components) {
        const items = c.items.filter((i) => chosen.has(`${c.name}/${i.name}`));
        if (items.length > 0) out.push(`  ${c.name}:`, ...items.flatMap((i) => i.lines));
    }
    out.push(...section("security").lines);
    const text = out.join("\n").replace(/\n*$/, "\n");
    verify(sourceText, text, wanted, chosen);
    return text;
}

/** The extract must parse to the very objects of the source, entry by entry. */
function verify(sourceText: string, extractText: string, wanted: string[], chosen: Set<string>): void {
    const source = parseYaml(sourceText) as Record<string, Record<string, Record<string, unknown>>>;
    const copy = parseYaml(extractText) as typeof source;
    for (const key of ["openapi", "info", "servers", "security"]) {
        if (!isDeepStrictEqual(copy[key], source[key])) throw new Error(`${key} differs from the source`);
    }
    for (const p of wanted) {
        if (!isDeepStrictEqual(copy.paths?.[p], source.paths?.[p])) throw new Error(`path ${p} differs`);
    }
    for (const id of chosen) {
        const [sectionName, name] = id.split("/") as [string, string];
        const mine = copy.components?.[sectionName]?.[name];
        if (mine === undefined || !isDeepStrictEqual(mine, source.components?.[sectionName]?.[name])) {
            throw new Error(`components/${id} differs from the source`);
        }
    }
}

/** What `git hash-object` prints: identifies the source file's exact bytes. */
function gitBlobHash(text: string): string {
    const bytes = Buffer.from(text, "utf8");
    return createHash("sha1")
        .update(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes]))
        .digest("hex");
}

if (require.main === module) {
    const [source, target, title, ...wanted] = process.argv.slice(2);
    if (!source || !target || !title || wanted.length === 0) {
        process.stderr.write("usage: extractSpec.ts <openapi.yaml[.gz]> <out.yaml> <title> <path>...\n");
        process.exitCode = 2;
    } else {
        const bytes = fs.readFileSync(source);
        const sourceText = (source.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
        fs.writeFileSync(target, extract(sourceText, wanted, title));
        process.stdout.write(`wrote ${target}\n`);
    }
}

export { extract };
