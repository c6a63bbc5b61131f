/**
 * The check every public options object goes through: a misspelt key (`{ order: 'metis' }`,
 * `{ sytem: 'L' }`) would otherwise be ignored without a word and the default used instead,
 * so it is a TypeError that names the key and lists the valid ones.
 */
import { describe, quoteAll } from './validate';

/**
 * An options argument: undefined (read as `{}`) or an object whose own keys are all among
 * `keys`. Keys whose value is undefined count as absent, but must still be spelt right.
 *
 * @param value The options argument.
 * @param keys The options the function knows.
 * @param name The label of the argument, `'<fn>: opts'`.
 */
export function checkOptions<K extends string>(value: unknown, keys: readonly K[], name: string): Partial<Record<K, unknown>> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${name} must be an object, got ${describe(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!(keys as readonly string[]).includes(key)) {
      throw new TypeError(`${name} has an unknown key '${key}'; valid keys: ${quoteAll(keys)}`);
    }
  }
  return value as Partial<Record<K, unknown>>;
}
