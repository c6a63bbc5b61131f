/**
 * Comparing what an example printed with what its `// →` comments say, line by line and as exact
 * text (trailing spaces aside, which editors strip from comments). Floating-point output is no
 * exception: an example whose last digits may vary prints a rounded value (`x.toFixed(6)`).
 */
import type { Printed } from './run';
import type { Transcript } from './transcript';

/** One line of output and the console.log line that printed it. */
interface OutputLine {
  call: number;
  text: string;
}

/** Every disagreement between the expected and the printed lines, as messages naming file lines; [] when they agree. */
export function compareOutput(transcript: Transcript, printed: Printed[]): string[] {
  const output: OutputLine[] = printed
    .filter(({ line }) => !transcript.unchecked.has(line))
    .flatMap(({ line, text }) => text.split('\n').map((l) => ({ call: line, text: l.trimEnd() })));
  const { expected } = transcript;
  const mismatches: string[] = [];
  for (let i = 0; i < Math.max(expected.length, output.length); i++) {
    const want = expected[i];
    const got = output[i];
    if (!got) mismatches.push(`line ${want.line}: expected ${quote(want.text)}, but nothing more was printed`);
    else if (!want) mismatches.push(`${caller(got)} printed ${quote(got.text)}, which no '// →' comment expects`);
    else if (want.text !== got.text) mismatches.push(`line ${want.line}: expected ${quote(want.text)}, ${caller(got)} printed ${quote(got.text)}`);
  }
  return mismatches;
}

function caller({ call }: OutputLine): string {
  return call > 0 ? `the console.log on line ${call}` : 'console.log';
}

function quote(text: string): string {
  return JSON.stringify(text);
}
