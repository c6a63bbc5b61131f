/**
 * Random edits of a text (a formatted Matrix Market file): what a hand-edited or damaged file
 * looks like to the parser.
 */
import fc from 'fast-check';

export interface TextEdit {
  op: 'delete' | 'insert' | 'replace' | 'duplicateLine' | 'truncate' | 'swapWord';
  at: number;
  text: string;
  word: string;
}

/** A random text edit: delete, insert, replace, duplicate a line, truncate, swap a banner word. */
export const textEditArb: fc.Arbitrary<TextEdit> = fc.record({
  op: fc.constantFrom('delete', 'insert', 'replace', 'duplicateLine', 'truncate', 'swapWord'),
  at: fc.nat(),
  text: fc.oneof(
    fc.constantFrom(' ', '\n', '\r\n', '\t', '%', '-', '+', '.', 'e', 'E', '0', '9', '99999999999', 'nan', 'inf', '1e400', '-0', '%%MatrixMarket', '\u0000', '\u00ff', 'é'),
    fc.string({ maxLength: 4 }),
  ),
  word: fc.constantFrom('matrix', 'coordinate', 'array', 'real', 'integer', 'pattern', 'complex', 'general', 'symmetric', 'skew-symmetric', 'hermitian', 'vector', 'double'),
});

export function applyEdit(s: string, e: TextEdit): string {
  const at = s.length ? e.at % (s.length + 1) : 0;
  switch (e.op) {
    case 'delete': return s.slice(0, at) + s.slice(at + 1 + (e.at % 3));
    case 'insert': return s.slice(0, at) + e.text + s.slice(at);
    case 'replace': return s.slice(0, at) + e.text + s.slice(at + e.text.length);
    case 'truncate': return s.slice(0, at);
    case 'duplicateLine': {
      const lines = s.split('\n');
      const k = e.at % lines.length;
      lines.splice(k, 0, lines[k]);
      return lines.join('\n');
    }
    case 'swapWord': {
      const words = s.split(' ');
      words[e.at % words.length] = e.word;
      return words.join(' ');
    }
  }
}
