/** The slice of Probot's pino logger the service uses, so tests can pass a plain recorder. */
export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Pino's: a logger whose lines carry these fields too (absent on plain test recorders). */
  child?(fields: Record<string, unknown>): Log;
}
