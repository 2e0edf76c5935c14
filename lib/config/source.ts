/**
 * The config file as text and as YAML: refusing what is not UTF-8 text, turning the YAML parser's errors into
 * plain words (once per problem), naming duplicated keys, and showing a value exactly as the user wrote it.
 */
import { isMap, isScalar, isSeq, visit, type Document, type LineCounter, type Node } from 'yaml';

/** One problem at a place in the file, before it is formatted. */
export interface Located {
  readonly offset: number | undefined;
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** Where in the file an offset is, as `file:line:col` ("file" alone when there is no offset). */
export function position(lineCounter: LineCounter, offset: number | undefined): { line: number; column: number } | undefined {
  if (offset === undefined || offset < 0) return undefined;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/**
 * The file's text, or the reason it is not UTF-8 text: the first NUL byte (a binary file) or the first byte
 * that is not valid UTF-8 (Latin-1 and other legacy encodings), with its line and column. Node's `'utf8'`
 * decoding would instead put U+FFFD in place of the byte, and the replacement would reach the templates.
 */
export function decodeText(bytes: Uint8Array): { text: string } | { problem: string; line: number; column: number } {
  const bad = firstInvalidUtf8(bytes);
  if (bad === undefined) {
    const text = Buffer.from(bytes).toString('utf8');
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  }
  const before = bytes.subarray(0, bad);
  let line = 1;
  let lineStart = 0;
  before.forEach((b, i) => {
    if (b === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  });
  const column = Buffer.from(bytes.subarray(lineStart, bad)).toString('utf8').length + 1;
  const hex = `0x${bytes[bad].toString(16).toUpperCase().padStart(2, '0')}`;
  const problem =
    bytes[bad] === 0
      ? `byte ${hex}: this is a binary file, not YAML text`
      : `byte ${hex} is not UTF-8 text (the file looks like Latin-1 or another legacy encoding: save it as UTF-8)`;
  return { problem, line, column };
}

/** Offset of the first NUL or invalid UTF-8 byte, or undefined when the bytes are clean UTF-8 text. */
function firstInvalidUtf8(b: Uint8Array): number | undefined {
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    if (c === 0) return i;
    if (c < 0x80) {
      i++;
      continue;
    }
    // Lead byte → sequence length and the allowed range of the first continuation byte (RFC 3629 table).
    const [n, lo, hi] =
      c >= 0xc2 && c <= 0xdf ? [2, 0x80, 0xbf]
      : c === 0xe0 ? [3, 0xa0, 0xbf]
      : (c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef ? [3, 0x80, 0xbf]
      : c === 0xed ? [3, 0x80, 0x9f]
      : c === 0xf0 ? [4, 0x90, 0xbf]
      : c >= 0xf1 && c <= 0xf3 ? [4, 0x80, 0xbf]
      : c === 0xf4 ? [4, 0x80, 0x8f]
      : [0, 0, 0];
    if (n === 0 || i + n > b.length || b[i + 1] < lo || b[i + 1] > hi) return i;
    for (let k = 2; k < n; k++) if (b[i + k] < 0x80 || b[i + k] > 0xbf) return i;
    i += n;
  }
  return undefined;
}

/**
 * The parser's errors in plain words, one per problem. A tab used for indentation makes the parser also report
 * every following line of the same map as misaligned; those echoes are dropped, as is a second error on a line
 * already reported. Duplicate keys are reported by {@link duplicateKeys}, which names them.
 */
export function syntaxProblems(doc: Document): Located[] {
  const out: Located[] = [];
  let afterTab = false;
  const lines = new Set<number>();
  for (const e of doc.errors) {
    if (e.code === 'DUPLICATE_KEY') continue;
    if (e.code === 'TAB_AS_INDENT') afterTab = true;
    else if (afterTab && e.code === 'BAD_INDENT' && /same column/.test(e.message)) continue;
    const line = e.linePos?.[0]?.line ?? -1;
    if (line !== -1 && lines.has(line)) continue;
    lines.add(line);
    out.push({ offset: e.pos[0], path: [], message: `YAML syntax error: ${plainWords(e.code, e.message.split('\n')[0])}` });
  }
  return out;
}

function plainWords(code: string, message: string): string {
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'a tab indents this line; YAML indents with spaces only (replace the tab with spaces)';
    case 'BAD_INDENT':
      if (/Flow sequence/.test(message)) return 'a list opened with [ is not closed with ] (or the lines after it are not indented enough)';
      if (/Flow mapping/.test(message)) return 'a map opened with { is not closed with } (or the lines after it are not indented enough)';
      return 'this line is not indented like the other fields at its level';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'this line is indented under a value that is not a map (check its indentation, or a missing ":" on the line above)';
    case 'MISSING_CHAR':
      return /quote/.test(message) ? 'a quoted value is not closed (its closing quote is missing)' : `a character is missing (${message})`;
    case 'UNEXPECTED_TOKEN':
      return `unexpected text here (${message})`;
    case 'MULTIPLE_DOCS':
      return 'the file holds more than one YAML document (a second ---); the config is one document';
    case 'BAD_ALIAS':
    case 'ALIAS_PROPS':
      return `an alias (*name) does not refer to an anchor (&name) defined before it (${message})`;
    default:
      return message;
  }
}

/** Each key given twice in one map, named, at its second occurrence, with the line of its first. */
export function duplicateKeys(doc: Document, lineCounter: LineCounter): Located[] {
  const out: Located[] = [];
  visit(doc, {
    Map(_, map) {
      const first = new Map<unknown, Node>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const earlier = first.get(pair.key.value);
        if (earlier === undefined) {
          first.set(pair.key.value, pair.key);
          continue;
        }
        const line = position(lineCounter, earlier.range?.[0])?.line;
        out.push({
          offset: pair.key.range?.[0],
          path: [],
          message: `YAML: the key "${String(pair.key.value)}" is given twice in the same map (first at line ${line}); keep one`,
        });
      }
    },
  });
  return out;
}

/** The YAML node at a path of keys and indexes, or undefined when the path is not in the file. */
export function nodeAt(root: unknown, path: readonly PropertyKey[]): Node | undefined {
  let node = root as Node | undefined | null;
  for (const key of path) {
    if (isMap(node)) {
      node = node.items.find((pair) => isScalar(pair.key) && pair.key.value === key)?.value as Node | undefined;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key] as Node | undefined;
    } else {
      return undefined;
    }
  }
  return node ?? undefined;
}

/** The key node of the last path element, to point at a misspelled key itself. */
export function keyNodeAt(root: unknown, path: readonly PropertyKey[]): Node | undefined {
  const parent = nodeAt(root, path.slice(0, -1));
  if (!isMap(parent)) return undefined;
  return parent.items.find((pair) => isScalar(pair.key) && pair.key.value === path[path.length - 1])?.key as Node | undefined;
}

/**
 * A value as the user wrote it: a scalar's own source text (`012345678901`, `.inf`, `1e20`, text in quotes),
 * a collection by its kind, never its whole contents re-serialized.
 */
export function asWritten(text: string, node: Node | undefined): string {
  if (node === undefined) return '(missing)';
  if (isMap(node)) return 'a map';
  if (!isScalar(node)) return 'a list';
  const [start, end] = node.range ?? [0, 0];
  let source = text.slice(start, end).split('\n')[0].trim();
  if (typeof node.value === 'string' && node.type === 'PLAIN') source = JSON.stringify(source);
  return source.length > 80 ? `${source.slice(0, 77)}...` : source;
}
