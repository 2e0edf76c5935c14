/**
 * Schema issues in words a person can act on: the path, the value as written in the file, and what is allowed.
 * One message per field (zod may report a value twice, e.g. `1e20` against the field's bound and against
 * JavaScript's safe-integer range; only the first says something the user can use).
 */
import { isScalar, type Node } from 'yaml';
import { z } from 'zod';
import { landingZoneSchema } from './schema';

/** `network.prod.cidr`, `accounts[2].id` */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

/** What a zod type is called to someone writing YAML. */
const KIND: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object (key: value pairs)',
  array: 'a list',
  record: 'an object (key: value pairs)',
};

/** The input to describe an issue: the node the issue is about and how the user wrote its value. */
export interface IssueSite {
  readonly node: Node | undefined;
  readonly written: string;
}

/** The message for one schema issue, without the location (the loader adds file:line:col). */
export function describeIssue(issue: z.core.$ZodIssue, site: IssueSite): string {
  const at = formatPath(issue.path);
  const { node, written } = site;
  const value = isScalar(node) ? node.value : node;
  switch (issue.code) {
    case 'invalid_type': {
      const expected = KIND[issue.expected] ?? issue.expected;
      if (node === undefined) return `${at}: is required (${expected})`;
      if (issue.expected === 'string' && isScalar(node) && (typeof value === 'number' || typeof value === 'boolean')) {
        // YAML reads 333333333333 as a number (and 012345678901 as 12345678901): quoting keeps the text.
        const raw = written.replace(/^"|"$/g, '');
        return `${at}: ${written} is read by YAML as a ${typeof value}, not text: quote it ("${raw}") to keep it as written`;
      }
      if (typeof value === 'number' && !Number.isFinite(value)) return `${at}: ${written} is not allowed (a finite number)`;
      return `${at}: ${written} is not ${expected}`;
    }
    case 'invalid_value':
      return `${at}: ${written} is not allowed (one of: ${issue.values.map(String).join(', ')})`;
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? 'at least' : 'at most';
      const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const what = Array.isArray(value) || issue.origin === 'array' ? ' items' : typeof value === 'string' ? ' characters' : '';
      return `${at}: ${written} is not allowed (${bound} ${String(limit)}${what})`;
    }
    default:
      // Custom and format messages in the schema are written to follow the value: `"x" is not an IPv4 CIDR`.
      return `${at}: ${written} ${issue.message}`;
  }
}

/**
 * The issues worth a message: one per path, and none against JavaScript's safe-integer range when the field
 * has a bound of its own (`azCount: 1e20` is "at most 6", not "at most 9007199254740991").
 */
export function oneIssuePerField(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const internal = (i: z.core.$ZodIssue) => i.code === 'too_big' && i.maximum === Number.MAX_SAFE_INTEGER;
  const seen = new Map<string, z.core.$ZodIssue>();
  for (const issue of [...issues.filter((i) => !internal(i)), ...issues.filter(internal)]) {
    if (issue.code === 'unrecognized_keys') continue;
    const key = JSON.stringify(issue.path);
    if (!seen.has(key)) seen.set(key, issue);
  }
  const kept = new Set(seen.values());
  return issues.filter((i) => kept.has(i));
}

/** The field names an object at `path` accepts, or [] when the path is not an object of the schema. */
export function allowedKeys(path: readonly PropertyKey[]): string[] {
  let schema: z.core.$ZodType | undefined = landingZoneSchema;
  for (const key of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodObject) schema = (schema.shape as Record<string, z.core.$ZodType>)[String(key)];
    else if (schema instanceof z.ZodRecord) schema = schema.valueType as z.core.$ZodType;
    else if (schema instanceof z.ZodArray) schema = schema.element as z.core.$ZodType;
    else return [];
  }
  schema = unwrap(schema);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

function unwrap(schema: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = s.unwrap() as z.core.$ZodType;
    else if (s instanceof z.ZodPipe) s = s.in as z.core.$ZodType;
    else return s;
  }
}

/** The closest allowed name within a third of the word's length in edits (case ignored), if any. */
export function didYouMean(word: string, allowed: readonly string[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const name of allowed) {
    const d = editDistance(word.toLowerCase(), name.toLowerCase());
    if (d <= Math.max(1, Math.floor(name.length / 3)) && (!best || d < best.d)) best = { name, d };
  }
  return best?.name;
}

/** Levenshtein distance, with a transposition counted as one edit (`homeRegoin` is one edit from `homeRegion`). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
