/** Exit codes, as documented in `--help` and the README. */
export const EXIT = { ok: 0, notOk: 1, usage: 2 } as const;
