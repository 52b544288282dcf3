/** Small helpers for messages. */

/** "a Secret", "an EnvironmentVariable", "an ENVIRONMENT": the article a word takes. */
export const an = (word: string): string => `${/^[AEIOU]/i.test(word) ? "an" : "a"} ${word}`;
