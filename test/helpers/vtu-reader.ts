/**
 * A small, strict reader of the `.vtu` files formatVtu writes, written for the tests (it knows
 * nothing of the writer): it checks that the XML part is well formed (one root, every tag
 * closed in order, attributes quoted, only known entities), then decodes each DataArray from
 * base64 (header and data as two runs) or from the raw appended section, checking the byte
 * count headers against NumberOfComponents and the piece's sizes.
 */

export interface VtuArray {
  name: string;
  type: string;
  components: number;
  values: number[];
}

export interface VtuFile {
  nPoints: number;
  nCells: number;
  points: VtuArray;
  connectivity: number[];
  offsets: number[];
  types: number[];
  pointData: Map<string, VtuArray>;
  cellData: Map<string, VtuArray>;
}

interface Element {
  name: string;
  attrs: Map<string, string>;
  children: Element[];
  text: string;
  parent?: Element;
}

const SIZES: Record<string, number> = { Float64: 8, Float32: 4, Int32: 4, Int64: 8, UInt8: 1, UInt64: 8 };

/** Parses XML text into elements; throws on anything not well formed. */
export function parseXml(xml: string): Element {
  const root: Element = { name: '#document', attrs: new Map(), children: [], text: '' };
  let current = root;
  let pos = 0;
  const fail = (why: string): never => {
    throw new Error(`XML not well formed at ${pos}: ${why}`);
  };
  if (xml.startsWith('<?xml')) {
    pos = xml.indexOf('?>') + 2;
    if (pos < 2) fail('unterminated declaration');
  }
  while (pos < xml.length) {
    const lt = xml.indexOf('<', pos);
    const text = xml.slice(pos, lt < 0 ? xml.length : lt);
    if (/[<>]/.test(text) || /&(?!(lt|gt|amp|quot|apos|#\d+);)/.test(text)) fail(`bad character data '${text.slice(0, 20)}'`);
    if (current === root && text.trim() !== '') fail('text outside the root');
    current.text += text;
    if (lt < 0) break;
    const gt = xml.indexOf('>', lt);
    if (gt < 0) fail('unterminated tag');
    const tag = xml.slice(lt + 1, gt);
    pos = gt + 1;
    if (tag.startsWith('/')) {
      if (tag.slice(1).trim() !== current.name) fail(`</${tag.slice(1)}> closes <${current.name}>`);
      current = current.parent!;
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const m = /^([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*$/.exec(body);
    if (!m) fail(`bad tag <${tag}>`);
    const attrs = new Map<string, string>();
    for (const a of m![2].matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
      if (attrs.has(a[1])) fail(`attribute ${a[1]} twice`);
      attrs.set(a[1], a[2]);
    }
    if (current === root && root.children.length > 0) fail('a second root element');
    const element: Element = { name: m![1], attrs, children: [], text: '', parent: current };
    current.children.push(element);
    if (!selfClosing) current = element;
  }
  if (current !== root) fail(`<${current.name}> is never closed`);
  if (root.children.length !== 1) fail('no root element');
  return root.children[0];
}

function decode(type: string, bytes: Buffer): number[] {
  const size = SIZES[type];
  if (bytes.length % size !== 0) throw new Error(`${bytes.length} bytes is not a whole number of ${type}`);
  const out: number[] = [];
  for (let k = 0; k < bytes.length; k += size) {
    out.push(type === 'Float64' ? bytes.readDoubleLE(k) : type === 'Float32' ? bytes.readFloatLE(k) : type === 'Int32' ? bytes.readInt32LE(k) : type === 'UInt8' ? bytes[k] : Number(bytes.readBigInt64LE(k)));
  }
  return out;
}

export function readVtu(file: Buffer): VtuFile {
  // The raw appended data is not XML: cut it out before parsing, keep its bytes.
  const marker = file.indexOf('<AppendedData encoding="raw">');
  let appended: Buffer | undefined;
  let xmlText: string;
  if (marker >= 0) {
    const underscore = file.indexOf('_', marker);
    const end = file.lastIndexOf('</AppendedData>');
    appended = file.subarray(underscore + 1, end);
    xmlText = file.subarray(0, underscore + 1).toString('utf8') + file.subarray(end).toString('utf8');
    xmlText = xmlText.replace(/_<\/AppendedData>/, '</AppendedData>');
  } else {
    xmlText = file.toString('utf8');
  }
  const root = parseXml(xmlText);
  if (root.name !== 'VTKFile' || root.attrs.get('type') !== 'UnstructuredGrid') throw new Error('not an UnstructuredGrid VTKFile');
  if (root.attrs.get('header_type') !== 'UInt64' || root.attrs.get('byte_order') !== 'LittleEndian') throw new Error('unexpected header type or byte order');
  const piece = root.children[0].children[0];
  const nPoints = Number(piece.attrs.get('NumberOfPoints'));
  const nCells = Number(piece.attrs.get('NumberOfCells'));
  const read = (el: Element): VtuArray => {
    const type = el.attrs.get('type')!;
    const components = Number(el.attrs.get('NumberOfComponents') ?? 1);
    let data: Buffer;
    if (el.attrs.get('format') === 'appended') {
      const offset = Number(el.attrs.get('offset'));
      const count = Number(appended!.readBigUInt64LE(offset));
      data = appended!.subarray(offset + 8, offset + 8 + count);
      if (data.length !== count) throw new Error(`appended array ${el.attrs.get('Name')} runs past the end`);
    } else if (el.attrs.get('format') === 'binary') {
      // Header: 8 bytes → 12 base64 characters (with one '=' of padding).
      const text = el.text.trim();
      const header = Buffer.from(text.slice(0, 12), 'base64');
      data = Buffer.from(text.slice(12), 'base64');
      if (Number(header.readBigUInt64LE(0)) !== data.length) throw new Error('base64 header does not match the data');
    } else {
      throw new Error(`format ${el.attrs.get('format')}`);
    }
    return { name: el.attrs.get('Name')!, type, components, values: decode(type, data) };
  };
  const section = (name: string) => piece.children.find((c) => c.name === name)!;
  const arrays = (name: string) => new Map(section(name).children.map((el) => read(el)).map((a) => [a.name, a] as const));
  const cells = arrays('Cells');
  const points = read(section('Points').children[0]);
  const file_: VtuFile = {
    nPoints, nCells, points,
    connectivity: cells.get('connectivity')!.values, offsets: cells.get('offsets')!.values, types: cells.get('types')!.values,
    pointData: arrays('PointData'), cellData: arrays('CellData'),
  };
  if (points.values.length !== 3 * nPoints) throw new Error('Points has the wrong length');
  if (file_.offsets.length !== nCells || file_.types.length !== nCells) throw new Error('offsets/types have the wrong length');
  for (const a of file_.pointData.values()) if (a.values.length !== a.components * nPoints) throw new Error(`point field ${a.name} has the wrong length`);
  for (const a of file_.cellData.values()) if (a.values.length !== a.components * nCells) throw new Error(`cell field ${a.name} has the wrong length`);
  return file_;
}
