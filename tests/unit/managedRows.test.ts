import assert from "node:assert/strict";
import { explainConflict, matchForAdoption } from "../../provider/engine/adopt";
import { KINDS } from "../../provider/engine/kinds";
import { manageableType } from "../../provider/engine/managed";
import { fragmentFor } from "../../provider/discover/fragment";
import type { VariableRow } from "../../provider/qovery/wire";

let n = 0;
const row = (fields: Record<string, unknown>): VariableRow =>
    ({
        id: `30000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
        created_at: "2026-01-01T00:00:00Z",
        scope: "JOB",
        variable_type: "VALUE",
        owned_by: "QOVERY",
        ...fields,
    }) as VariableRow;
const none = () => undefined;
const refusal = (v: ReturnType<typeof matchForAdoption>) =>
    v.state === "refuse" ? v.reason : `not refused: ${v.state}`;

/** Rows of a job's list that are not this library's: never adopted, recovered or declared. */
describe("only what this library manages (pure)", () => {
    const external = row({ key: "DB_PASSWORD", variable_type: "EXTERNAL_SECRET" });
    const externalFile = row({ key: "TLS_KEY", variable_type: "FILE_EXTERNAL_SECRET" });
    const doppler = row({ key: "API_KEY", owned_by: "Doppler" });
    const dopplerAlias = row({ key: "ALIASED", variable_type: "ALIAS", owned_by: "DOPPLER" });
    const builtInAtJob = row({ key: "QOVERY_X", variable_type: "BUILT_IN" });

    it("no kind owns an external secret, a built-in, or a row another entity owns", () => {
        for (const r of [external, externalFile, doppler, dopplerAlias, builtInAtJob]) {
            assert.equal(manageableType(r), undefined, r.key);
            for (const [name, kind] of Object.entries(KINDS)) assert.equal(kind.owns(r), false, `${name} ${r.key}`);
        }
        // Qovery's own rows, in any case, or with no owner at all (older answers), still are.
        assert.equal(KINDS.JobSecret.owns(row({ key: "K", owned_by: "Qovery" })), true);
        assert.equal(KINDS.JobSecret.owns(row({ key: "K", owned_by: null })), true);
        assert.equal(KINDS.JobSecret.owns(row({ key: "K", variable_type: "FILE" })), true);
        assert.equal(KINDS.JobSecretAlias.owns(row({ key: "K", variable_type: "ALIAS" })), true);
    });

    it("adopt refuses them, naming the row's type and owner and what to do", () => {
        assert.match(
            refusal(matchForAdoption(KINDS.JobSecret, [external], { key: "DB_PASSWORD" }, undefined, none)),
            /secret-manager reference \(EXTERNAL_SECRET\) "DB_PASSWORD".*owned by QOVERY.*never takes over.*another key/,
        );
        assert.match(
            refusal(
                matchForAdoption(
                    KINDS.JobSecret,
                    [externalFile],
                    { key: "TLS_KEY", mountPath: "/etc/tls" },
                    undefined,
                    none,
                ),
            ),
            /FILE_EXTERNAL_SECRET/,
        );
        assert.match(
            refusal(matchForAdoption(KINDS.JobEnvironmentVariable, [doppler], { key: "API_KEY" }, undefined, none)),
            /owned by Doppler.*not by Qovery.*remove that row where it was made/,
        );
        assert.match(
            refusal(
                matchForAdoption(
                    KINDS.JobSecretAlias,
                    [dopplerAlias],
                    { key: "ALIASED", aliasedKey: "X" },
                    "some-target",
                    none,
                ),
            ),
            /owned by DOPPLER/,
        );
        // Nobody can remove a built-in: the advice is another key, or an alias of it.
        const builtIn = refusal(
            matchForAdoption(KINDS.JobEnvironmentVariable, [builtInAtJob], { key: "QOVERY_X" }, undefined, none),
        );
        assert.match(
            builtIn,
            /BUILT_IN.*another key \(a built-in variable cannot be removed\).*JobEnvironmentVariableAlias/,
        );
        assert.doesNotMatch(builtIn, /remove that row/);
    });

    it("a 409 on create names the external row instead of advising adopt: true", () => {
        const hint = explainConflict(KINDS.JobSecret, { key: "DB_PASSWORD" }, undefined, [external], [], none)!;
        assert.match(hint, /EXTERNAL_SECRET/);
        assert.doesNotMatch(hint, /set `adopt: true`/);
    });

    it("discover declares none of them", () => {
        const f = fragmentFor({ jobId: "j", secrets: [external, externalFile], variables: [doppler, dopplerAlias] });
        assert.deepEqual(f.declared, {});
        assert.match(f.source, /EXTERNAL_SECRET secret "DB_PASSWORD" .*not a kind this library manages/);
        assert.match(f.source, /VALUE variable "API_KEY" \(id [^)]*, owned by Doppler\): not a kind/);
    });
});
