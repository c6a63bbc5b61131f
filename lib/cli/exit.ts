/**
 * Exit codes of the `spsolve` command and the one-line messages for every error it can meet.
 * A user sees `spsolve: <what went wrong>`, never a stack trace (SPSOLVE_DEBUG=1 adds one).
 * @internal
 * @module
 */
import { CholmodError } from '../cholmod/errors';
import { MatrixMarketError } from '../sparse/matrix-market-error';

export const EXIT = {
  /** Success. */
  ok: 0,
  /** Numerical failure: not positive definite, CHOLMOD ran out of memory, a non-finite result. */
  numerical: 1,
  /** Bad command line: unknown command or option, missing argument, bad option value. */
  usage: 2,
  /** An input file is missing, unreadable, malformed, or holds a matrix the command cannot use. */
  input: 3,
  /** An output file cannot be written. */
  output: 4,
  /** A bug or an environment problem (e.g. the native addon is not built). */
  internal: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error whose message is already fit for the user, with the exit code it means. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A command-line mistake; the message points at the command's --help. */
export class UsageError extends CliError {
  constructor(message: string, command?: string) {
    super(`${message} (see 'spsolve ${command ? `${command} ` : ''}--help')`, EXIT.usage);
    this.name = 'UsageError';
  }
}

/** Node's fs errors, in words (the raw message repeats the syscall and the path). */
const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent is not a directory',
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
};

/** A failed read or write of `path` as a CliError with the right exit code. */
export function fileError(error: unknown, path: string, action: 'read' | 'write'): CliError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = (code && FS_REASONS[code]) ?? (error instanceof Error ? error.message : String(error));
  return new CliError(`cannot ${action} ${path}: ${reason}`, action === 'read' ? EXIT.input : EXIT.output);
}

/** What to print for an error that reached the top of a command, and the exit code. */
export function describeError(error: unknown): { message: string; exitCode: ExitCode } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  // Already `file:line: problem`.
  if (error instanceof MatrixMarketError) return { message: error.message, exitCode: EXIT.input };
  // The commands name the file; these are the cases they did not foresee.
  if (error instanceof CholmodError) return { message: `CHOLMOD failed: ${error.message} (${error.code})`, exitCode: EXIT.numerical };
  const text = error instanceof Error ? error.message : String(error);
  return { message: `internal error: ${text} (set SPSOLVE_DEBUG=1 to see the stack trace)`, exitCode: EXIT.internal };
}
