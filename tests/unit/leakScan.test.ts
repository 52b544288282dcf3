// The e2e leak scan (tests/e2e/leaks.ts) must find a value in every encoding the state can hold it in: the
// checkpoint is JSON, so a PEM sits there with `\n` and a quoted value with `\"` and `\\`.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { type Secret, scanForLeaks } from "../e2e/leaks";
import { pemKey } from "../support/echoShapes";

describe("e2e leak scan: every encoding a value can take", () => {
    let dir: string;
    const pem: Secret = { label: "pem", value: pemKey() };
    const quoted: Secret = { label: "quoted", value: `q"uo'te\\back\\\\slash-</x>&` };
    const unicode: Secret = { label: "unicode", value: "pässwörd-密码-🔑-x" };
    const b64: Secret = { label: "base64", value: "opaque-credential-0123456789" };
    const checkpoint = (value: unknown) =>
        JSON.stringify({ version: 3, checkpoint: { latest: { resources: [{ outputs: { value } }] } } }, null, 4);

    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "leak-scan-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const scanFile = (name: string, content: string | Buffer, secrets: Secret[]) => {
        fs.writeFileSync(path.join(dir, name), content);
        return scanForLeaks({ dirs: [dir], secrets }).map((f) => f.label);
    };

    it("finds a JSON-escaped PEM and a quoted value planted in a checkpoint", () => {
        const text = checkpoint({ a: pem.value, b: quoted.value });
        // What made the old scan blind: neither value is in the file as it is.
        assert.ok(!text.includes(pem.value) && !text.includes(quoted.value));
        assert.deepEqual(scanFile("dev.json", text, [pem, quoted]).sort(), ["pem", "quoted"]);
    });

    it("finds them in a gzipped checkpoint, escaped twice (a checkpoint held in a string), and with Go's \\u escapes", () => {
        assert.deepEqual(scanFile("dev.json.gz", zlib.gzipSync(checkpoint(pem.value)), [pem]), ["pem"]);
        fs.rmSync(path.join(dir, "dev.json.gz"));
        assert.deepEqual(scanFile("history.json", JSON.stringify({ inner: checkpoint(quoted.value) }), [quoted]), [
            "quoted",
        ]);
        fs.rmSync(path.join(dir, "history.json"));
        const goStyle = checkpoint(quoted.value).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
        const asciiOnly = checkpoint(unicode.value).replace(
            /[\u007f-\uffff]/g,
            (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
        );
        assert.ok(!goStyle.includes("</x>&") && !asciiOnly.includes("密"));
        assert.deepEqual(scanFile("go.json", `${goStyle}\n${asciiOnly}`, [quoted, unicode]).sort(), [
            "quoted",
            "unicode",
        ]);
    });

    it("finds a base64-encoded value, alone or starting a longer encoded text", () => {
        const texts = [
            { label: "alone", text: `data: ${Buffer.from(b64.value).toString("base64")}` },
            { label: "prefix", text: `x=${Buffer.from(`${b64.value}:more`).toString("base64url")}` },
        ];
        assert.deepEqual(
            scanForLeaks({ texts, secrets: [b64] }).map((f) => f.where),
            ["alone", "prefix"],
        );
    });

    it("finds nothing in a checkpoint holding only ciphertext, and keeps word-bounded values bounded", () => {
        assert.deepEqual(scanFile("dev.json", checkpoint({ ciphertext: "v1:AAAA" }), [pem, quoted, unicode, b64]), []);
        const word: Secret = { label: "word", value: "able", wordBounded: true };
        assert.deepEqual(
            scanForLeaks({ texts: [{ label: "t", text: '"Variable \\"able\\""' }], secrets: [word] }).length,
            1,
        );
        assert.deepEqual(scanForLeaks({ texts: [{ label: "t", text: '"Variable"' }], secrets: [word] }).length, 0);
    });
});
