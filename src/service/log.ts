/** The slice of Probot's pino logger the service uses, so tests can pass a plain recorder. */
export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
