import assert from "node:assert/strict";
import { explainConflict, matchForAdoption } from "../../provider/engine/adopt";
import { checkInputs } from "../../provider/engine/check";
import { claim, claimOf, forgetClaims } from "../../provider/engine/claims";
import { diffProps } from "../../provider/engine/diff";
import { UNKNOWN } from "../../provider/engine/inputs";
import { KINDS } from "../../provider/engine/kinds";
import type { VariableRow } from "../../provider/qovery/wire";

const JOB = "00000000-0000-4000-8000-000000000001";
let n = 0;
const row = (fields: Record<string, unknown>): VariableRow =>
    ({
        id: `20000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
        created_at: "2026-01-01T00:00:00Z",
        scope: "JOB",
        variable_type: "VALUE",
        ...fields,
    }) as VariableRow;
const none = () => undefined;

describe("adopt: the matching rules (pure)", () => {
    afterEach(forgetClaims);

    it("adopts the job's own row of the same kind and key; nothing with the key: none", () => {
        const mine = row({ key: "A" });
        const rows = [row({ key: "B" }), mine];
        assert.deepEqual(matchForAdoption(KINDS.JobSecret, rows, { jobId: JOB, key: "A" }, undefined, none), {
            state: "adopt",
            row: mine,
        });
        assert.deepEqual(matchForAdoption(KINDS.JobSecret, rows, { jobId: JOB, key: "C" }, undefined, none), {
            state: "none",
        });
    });

    it("an override named by id takes its target's key; an inherited row of that key is the target, not a refusal", () => {
        const parent = row({ key: "S", scope: "PROJECT" });
        const override = row({ key: "S", variable_type: "OVERRIDE", overridden_secret: { id: parent.id, key: "S" } });
        const v = matchForAdoption(
            KINDS.JobSecretOverride,
            [parent, override],
            { jobId: JOB, overriddenSecretId: parent.id },
            parent.id,
            none,
        );
        assert.deepEqual(v, { state: "adopt", row: override });
        assert.equal(
            matchForAdoption(KINDS.JobSecretOverride, [parent], { jobId: JOB, overriddenKey: "S" }, parent.id, none)
                .state,
            "none",
        );
    });

    it("refuses another scope, another kind, another target, a file mismatch, another resource's", () => {
        const refuse = (v: ReturnType<typeof matchForAdoption>) =>
            v.state === "refuse" ? v.reason : `not refused: ${v.state}`;
        assert.match(
            refuse(
                matchForAdoption(
                    KINDS.JobSecret,
                    [row({ key: "A", scope: "BUILT_IN", variable_type: "BUILT_IN" })],
                    { key: "A" },
                    undefined,
                    none,
                ),
            ),
            /a BUILT_IN secret "A".*JobSecretAlias with `aliasedKey: "A"`/,
        );
        const target = row({ key: "T" });
        const alias = row({ key: "A", variable_type: "ALIAS", aliased_secret: { id: target.id, key: "T" } });
        assert.match(
            refuse(matchForAdoption(KINDS.JobSecret, [target, alias], { key: "A" }, undefined, none)),
            /not a JobSecret.*JobSecretAlias/,
        );
        assert.match(
            refuse(
                matchForAdoption(
                    KINDS.JobSecretAlias,
                    [target, alias],
                    { key: "A", aliasedKey: "U" },
                    "other-id",
                    none,
                ),
            ),
            /points at "T".*set "aliasedKey" to "T"/,
        );
        assert.match(
            refuse(
                matchForAdoption(
                    KINDS.JobSecret,
                    [row({ key: "F", variable_type: "FILE" })],
                    { key: "F" },
                    undefined,
                    none,
                ),
            ),
            /is a file and the program declares no `mountPath`/,
        );
        assert.equal(
            matchForAdoption(
                KINDS.JobEnvironmentVariable,
                [row({ key: "F", variable_type: "FILE" })],
                { key: "F" },
                undefined,
                none,
            ).state,
            "adopt",
            "a variable's edit carries mount_path: no file-ness rule",
        );
        const held = row({ key: "H" });
        claim("secret", held.id, { urn: "urn:a", how: "state" });
        const lookup = (id: string) => claimOf("secret", id);
        assert.match(
            refuse(matchForAdoption(KINDS.JobSecret, [held], { key: "H", resourceUrn: "urn:b" }, undefined, lookup)),
            /already managed by another resource of this program \(urn:a\)/,
        );
        assert.equal(
            matchForAdoption(KINDS.JobSecret, [held], { key: "H", resourceUrn: "urn:a" }, undefined, lookup).state,
            "adopt",
        );
    });

    it("a claim is refused to a second resource, kept for the same one", () => {
        assert.equal(claim("secret", "x", { urn: "urn:a", how: "adopted" }), undefined);
        assert.equal(claim("secret", "x", { urn: "urn:a", how: "state" }), undefined);
        assert.equal(claim("secret", "x", { urn: "urn:b", how: "adopted" })?.urn, "urn:a");
        assert.equal(claim("environmentVariable", "x", { urn: "urn:b", how: "adopted" }), undefined, "per API");
    });

    it("a 409 explained: the other API, an inherited row, a key swap in this run", () => {
        const variable = row({ key: "K" });
        assert.match(
            explainConflict(KINDS.JobSecret, { key: "K" }, undefined, [], [variable], none)!,
            /the job's own environment variable "K".*two steps/,
        );
        assert.match(
            explainConflict(
                KINDS.JobEnvironmentVariable,
                { key: "K" },
                undefined,
                [row({ key: "K", scope: "PROJECT" })],
                [],
                none,
            )!,
            /inherited from a higher scope.*JobEnvironmentVariableOverride/,
        );
        const moving = row({ key: "K" });
        const claims = (_api: string, id: string) =>
            id === moving.id ? { urn: "urn:a", how: "state" as const, key: "K2", previousKey: "K" } : undefined;
        assert.match(
            explainConflict(KINDS.JobSecret, { key: "K", resourceUrn: "urn:b" }, undefined, [moving], [], claims)!,
            /moves to "K2" in this run.*two steps.*dependsOn/,
        );
        assert.equal(explainConflict(KINDS.JobSecret, { key: "Z" }, undefined, [moving], [], none), undefined);
    });

    it("check: adopt is a boolean (or unknown in preview), passed through; diff never compares it", () => {
        const base = { jobId: JOB, key: "A", value: "v" };
        assert.deepEqual(checkInputs(KINDS.JobSecret, { ...base, adopt: true }).inputs!.adopt, true);
        assert.equal(checkInputs(KINDS.JobSecret, { ...base, adopt: UNKNOWN }).failures!.length, 0);
        assert.deepEqual(
            checkInputs(KINDS.JobSecretAlias, { jobId: JOB, aliasedKey: "T", key: "A", adopt: "yes" }).failures!,
            [{ property: "adopt", reason: '"adopt" must be a boolean' }],
        );
        assert.equal(diffProps(KINDS.JobSecret, { ...base, adopt: true }, { ...base, adopt: false }).changes, false);
        assert.equal(diffProps(KINDS.JobSecret, base, { ...base, adopt: true }).changes, false);
    });
});
