/**
 * Is it really gone? The evidence an object of a Qovery job (a secret, a variable, an alias...)
 * must have before its resource leaves the Pulumi state.
 *
 * Evidence is one of:
 * - a list of the job's objects that validated as Qovery's list schema (`results` required) and
 *   does not hold the id: the route answered as Qovery's API does, with this token;
 * - a 404 for the job in Qovery's error shape (a JSON object with `detail`/`message`/`error`),
 *   confirmed by a second request (GET /organization, validated) proving that the base URL and
 *   the token reach Qovery's API. Then the 404 is Qovery's answer about this job, not a proxy's
 *   page nor a path the server does not serve.
 *
 * Anything else (an HTML 404, a 404 that cannot be confirmed, a 403, a list without `results`)
 * is no evidence: the caller fails and the state keeps the resource.
 */
import { AbsenceNotProvenError, ApiError, NotFoundError } from "./errors";

/** What a look for the object met: a validated list of the job's objects, or an error. */
export type LookOutcome = { listed: readonly { id: string }[] } | { failed: unknown };

export interface AbsenceQuestion {
    /** The parent whose list was looked at, for messages ("job …", "environment …"). */
    parent: string;
    id: string;
    /** What the object is, for messages ("secret", "variable"). */
    what: string;
    /** The base URL in use, for messages. */
    apiUrl: string;
    /** Proves that the base URL and the token reach Qovery's API; throws otherwise. */
    confirmApi: () => Promise<void>;
}

export type Verdict = { state: "present" } | { state: "gone"; evidence: string };

/** Runs a look (a list of the job's objects) and keeps its outcome, error included. */
export async function look(list: () => Promise<readonly { id: string }[]>): Promise<LookOutcome> {
    try {
        return { listed: await list() };
    } catch (err) {
        return { failed: err };
    }
}

/**
 * Judges a look. Returns "present" or "gone" (with the evidence); throws when there is no
 * evidence either way: the look's own error, or an {@link AbsenceNotProvenError} for a 404 that
 * is not proven to be Qovery's.
 */
export async function judgeAbsence(q: AbsenceQuestion, outcome: LookOutcome): Promise<Verdict> {
    if ("listed" in outcome) {
        return outcome.listed.some((o) => o.id === q.id)
            ? { state: "present" }
            : { state: "gone", evidence: `not in ${q.parent}'s list` };
    }
    const err = outcome.failed;
    if (!(err instanceof NotFoundError)) throw err;
    const kept = `The ${q.what} is kept in the state`;
    if (!err.qoveryShaped) {
        throw new AbsenceNotProvenError(
            `${q.apiUrl} answered 404 to ${err.method} ${err.path} without Qovery's error body (a proxy's page, or a path that server does not serve), so it does not show that the ${q.what} is gone. Likely causes: \`qovery:apiUrl\` (or QOVERY_API_URL) is not Qovery's API root (it is https://api.qovery.com, with no path such as /v1), or a proxy in front of Qovery answers instead of it. ${kept}: fix the URL and run the command again`,
        );
    }
    try {
        await q.confirmApi();
    } catch (cause) {
        const why = cause instanceof ApiError ? `it answered ${cause.status}` : (cause as Error).message;
        throw new AbsenceNotProvenError(
            `${q.apiUrl} answered 404 for ${q.parent}, but it could not be confirmed that this URL and token reach Qovery's API (GET ${q.apiUrl}/organization: ${why}), so the 404 does not show that the ${q.what} is gone. Likely causes: \`qovery:apiUrl\` (or QOVERY_API_URL) is not Qovery's API root, a proxy in front of Qovery, or a token that cannot list its organization. ${kept}`,
            { cause },
        );
    }
    return { state: "gone", evidence: `Qovery answered 404 for ${q.parent}` };
}
