/**
 * Command-line parsing on node:util parseArgs, with its errors turned into usage errors and the
 * option values shared by several commands checked in one place.
 * @internal
 * @module
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

import { KINDS, MODES, ORDERINGS, checkKindFitsMode, type FactorOptions } from '../cholmod/options';
import { checkChoice, describe } from '../sparse/validate';
import { UsageError } from './exit';
import { METHODS, type Method } from './method';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every command accepts (--help is answered before parsing, but must parse). */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  quiet: { type: 'boolean', short: 'q' },
} as const satisfies Options;

/** Options of the commands that factorise. */
export const FACTOR_OPTIONS = {
  ordering: { type: 'string' },
  mode: { type: 'string' },
  kind: { type: 'string' },
} as const satisfies Options;

type Parsed<T extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: typeof COMMON_OPTIONS & T; allowPositionals: true; strict: true }>
>;

/**
 * Parses `argv` for `command`. Unknown options, missing values and wrong positional counts are
 * usage errors naming the command.
 */
export function parseCommand<T extends Options>(command: string, argv: string[], options: T): Parsed<T> {
  try {
    return parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs' messages are good but long; keep their first sentence.
    const first = error instanceof Error ? error.message.split('. ')[0].replace(/\.$/, '') : String(error);
    const message = first.charAt(0).toLowerCase() + first.slice(1);
    throw new UsageError(message, command);
  }
}

/** Checks the number of positional arguments. */
export function positionals(command: string, given: string[], min: number, max: number, shape: string): string[] {
  if (given.length < min) throw new UsageError(`missing ${shape}`, command);
  if (given.length > max) throw new UsageError(`unexpected argument '${given[max]}'`, command);
  return given;
}

/** Runs the library's own checks on option values: their TypeError or RangeError is a usage error. */
function asUsage<T>(command: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) throw new UsageError(error.message, command);
    throw error;
  }
}

/** The option of the commands that may factorise by LU as well as by Cholesky (solve, info). */
export const METHOD_OPTION = {
  method: { type: 'string' },
} as const satisfies Options;

/** --method's value (default 'auto'). */
export function methodOption(command: string, value: string | undefined): Method {
  return asUsage(command, () => checkChoice(value ?? 'auto', METHODS, '--method'));
}

/** The factorisation options from --ordering, --mode, --kind. */
export function factorOptions(command: string, values: { ordering?: string; mode?: string; kind?: string }): FactorOptions {
  return asUsage(command, () => {
    const ordering = values.ordering === undefined ? undefined : checkChoice(values.ordering, ORDERINGS, '--ordering');
    const mode = values.mode === undefined ? undefined : checkChoice(values.mode, MODES, '--mode');
    const kind = values.kind === undefined ? undefined : checkChoice(values.kind, KINDS, '--kind');
    checkKindFitsMode(kind ?? 'LLt', mode ?? 'auto', '--kind', '--mode');
    return { ordering, mode, kind };
  });
}

/** A positive integer option value, within bounds. */
export function integerOption(command: string, option: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new UsageError(`--${option} must be an integer in ${min}..${max}, got ${describe(value)}`, command);
  }
  return n;
}
