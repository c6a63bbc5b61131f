/**
 * Command-line parsing on node:util parseArgs, with its errors turned into usage errors and the
 * option values shared by several commands checked in one place.
 * @internal
 * @module
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

import type { FactorKind, FactorMode, FactorOptions, Ordering } from '../cholmod/options';
import { KIND_CODES, MODE_CODES, ORDERING_CODES } from '../cholmod/options';
import { UsageError } from './exit';

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

function oneOf<T extends string>(command: string, option: string, value: string | undefined, table: Record<T, number>): T | undefined {
  if (value === undefined) return undefined;
  if (!Object.prototype.hasOwnProperty.call(table, value)) {
    throw new UsageError(`--${option} must be one of ${Object.keys(table).join(', ')}; got '${value}'`, command);
  }
  return value as T;
}

/** The factorisation options from --ordering, --mode, --kind. */
export function factorOptions(command: string, values: { ordering?: string; mode?: string; kind?: string }): FactorOptions {
  const ordering = oneOf<Ordering>(command, 'ordering', values.ordering, ORDERING_CODES);
  const mode = oneOf<FactorMode>(command, 'mode', values.mode, MODE_CODES);
  const kind = oneOf<FactorKind>(command, 'kind', values.kind, KIND_CODES);
  if (kind === 'LDLt' && mode === 'supernodal') {
    throw new UsageError("--kind LDLt needs --mode simplicial or auto: CHOLMOD's supernodal factors are always LLt", command);
  }
  return { ordering, mode, kind };
}

/** A positive integer option value, within bounds. */
export function integerOption(command: string, option: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new UsageError(`--${option} must be an integer in ${min}..${max}; got '${value}'`, command);
  }
  return n;
}
