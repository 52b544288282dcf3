// Qovery's full bundled OpenAPI document, as committed in this repository (gzip -9 -n of `openapi.yaml` of
// https://github.com/Qovery/qovery-openapi-spec at commit 651aed53ce272a6fb6ec695a68b06dcd55170092, the file
// whose git blob id every extract of emulator/spec/ names in its header). The extract checks read it from
// here, so a clone needs nothing beside the checkout.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";

export const FULL_SPEC_FILE = path.resolve(__dirname, "..", "..", "emulator", "spec", "full", "openapi.yaml.gz");

/** The full spec's text, byte for byte what Qovery published. */
export function fullSpecText(): string {
    text ??= gunzipSync(fs.readFileSync(FULL_SPEC_FILE)).toString("utf8");
    return text;
}
let text: string | undefined;

/** What `git hash-object` prints for the text: the id the extracts' headers name. */
export function gitBlobId(text: string): string {
    const bytes = Buffer.from(text, "utf8");
    return createHash("sha1")
        .update(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes]))
        .digest("hex");
}

/** The source blob id an extract's header names. */
export function headerBlobId(extractText: string): string | undefined {
    return /^# Source path: +openapi\.yaml \(bundled spec; blob ([0-9a-f]{40})\)$/m.exec(extractText)?.[1];
}
