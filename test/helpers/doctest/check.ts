/**
 * The doc-test of one example: it must compile, run without throwing, and print what its `// →`
 * comments say.
 */
import { compareOutput } from './compare';
import type { Example } from './extract';
import { runExample } from './run';
import { readTranscript } from './transcript';

export interface ExampleCheck {
  /** The example's code was executed (it compiled). */
  ran: boolean;
  /** What is wrong, as messages naming lines of the documented file; [] for a passing example. */
  failures: string[];
}

/**
 * Checks one example. `typeErrors` are its compile errors (see typeCheck: one program for all
 * examples is much faster than one each); an example with any is not run.
 */
export async function checkExample(example: Example, modules: Record<string, unknown>, typeErrors: string[] = []): Promise<ExampleCheck> {
  if (typeErrors.length > 0) return { ran: false, failures: typeErrors };
  const transcript = readTranscript(example);
  try {
    return { ran: true, failures: compareOutput(transcript, await runExample(example, modules)) };
  } catch (error) {
    return { ran: true, failures: [`the example threw ${(error as Error)?.stack ?? String(error)}`] };
  }
}

/** A failed check as one message: where the example is, then what is wrong. */
export function describeFailure(example: Example, failures: string[]): string {
  return [`${example.file}:${example.line} (example of ${example.symbol})`, ...failures.map((f) => `  ${f}`)].join('\n');
}
