/**
 * The CLI's exit codes, documented in the README ("Command line"). Scripts and cron
 * jobs branch on them, so they never change meaning.
 */
export const EXIT = {
  /** Done; for `follow`, the run succeeded (or ended partial: stored, some records quarantined). */
  ok: 0,
  /** Done, and it found something: `verify` violations, a failed connection test, a failed or cancelled run. */
  findings: 1,
  /** Usage or input error: a wrong argument or option, an unknown connector, stream, run or kind, a bad cron, config or YAML. Nothing was changed. */
  usage: 2,
  /** A service is unavailable: PostgreSQL or Redis unreachable, or migrations pending. Nothing was changed; try again once it is back. */
  unavailable: 3,
  /** A fault of the hub itself (a bug): one line; HUB_DEBUG=1 prints the stack. */
  internal: 4,
  /** Interrupted (Ctrl+C while following a run; the run itself goes on). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
