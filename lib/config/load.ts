/**
 * The config pipeline, run once at the edge: YAML text → schema (types and defaults) → cross-field
 * checks. Every problem is collected and reported together, each with file, line:column, YAML path, the
 * value received and what is allowed. Nothing downstream ever sees an invalid config.
 */
import * as fs from 'fs';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node } from 'yaml';
import { z } from 'zod';
import { ValidationError } from '../../constructs/core/validation-error';
import { crossCheck } from './cross-checks';
import { landingZoneSchema, type LandingZoneConfig } from './schema';

/** The embedded default configuration, used when no `-c config=PATH` is given. */
export const DEFAULT_CONFIG_PATH = 'config/landing-zone.yaml';

/** Reads and validates a config file. Throws one ValidationError listing every problem. */
export function loadConfig(file: string): LandingZoneConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ValidationError(`Cannot read landing-zone config ${file}`, [(e as NodeJS.ErrnoException).message]);
  }
  return parseConfig(text, file);
}

/** Validates config text; `file` only labels the messages. */
export function parseConfig(text: string, file: string): LandingZoneConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const where = (offset: number | undefined) => {
    if (offset === undefined) return file;
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const title = `Invalid landing-zone config ${file}:`;
  if (doc.errors.length > 0) {
    throw new ValidationError(
      title,
      doc.errors.map((e) => `${where(e.pos[0])} YAML syntax error: ${e.message.split('\n')[0]}`),
    );
  }
  const raw: unknown = doc.toJS();
  // Each problem keeps its offset in the file so the list reads top to bottom.
  const report = (problems: Array<{ path: readonly PropertyKey[]; key?: boolean; text: string }>) => {
    const located = problems.map((p) => {
      // A defaulted field is not in the file: point at the nearest enclosing one that is.
      let node = p.key ? keyNodeAt(doc.contents, p.path) : nodeAt(doc.contents, p.path);
      for (let n = p.path.length - 1; !node && n >= 0; n--) node = nodeAt(doc.contents, p.path.slice(0, n));
      const offset = node?.range?.[0];
      return { offset: offset ?? -1, text: `${where(offset)} ${p.text}` };
    });
    located.sort((a, b) => a.offset - b.offset);
    return new ValidationError(title, located.map((l) => l.text));
  };

  const parsed = landingZoneSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw report(
      parsed.error.issues.flatMap((issue) =>
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((k) => ({
              path: [...issue.path, k],
              key: true,
              text: `${formatPath([...issue.path, k])}: is not a known field${allowedKeys(issue.path)}`,
            }))
          : [{ path: issue.path, text: describeIssue(issue, raw) }],
      ),
    );
  }
  // Cross-field rules need every field valid, so they run once the schema passes.
  const problems = crossCheck(parsed.data);
  if (problems.length > 0) {
    throw report(problems.map(([path, message]) => ({ path, text: `${formatPath(path)}: ${message}` })));
  }
  return parsed.data;
}

/** `network.prod.cidr`, `accounts[2].id` */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function nodeAt(root: unknown, path: readonly PropertyKey[]): Node | undefined {
  let node = root as Node | undefined;
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
function keyNodeAt(root: unknown, path: readonly PropertyKey[]): Node | undefined {
  const parent = nodeAt(root, path.slice(0, -1));
  if (!isMap(parent)) return undefined;
  return parent.items.find((pair) => isScalar(pair.key) && pair.key.value === path[path.length - 1])?.key as Node | undefined;
}

function show(value: unknown): string {
  if (value === undefined) return '(missing)';
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const path = issue.path;
  const value = valueAt(raw, path);
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return `${formatPath(path)}: is required (expected ${issue.expected})`;
      return `${formatPath(path)}: ${show(value)} is not a ${issue.expected}`;
    case 'invalid_value':
      return `${formatPath(path)}: ${show(value)} is not allowed (one of: ${issue.values.map(String).join(', ')})`;
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? 'at least' : 'at most';
      const what = Array.isArray(value) ? ' items' : typeof value === 'string' ? ' characters' : '';
      return `${formatPath(path)}: ${show(value)} is not allowed (${bound} ${String(issue.code === 'too_small' ? issue.minimum : issue.maximum)}${what})`;
    }
    default:
      // Custom and format messages in the schema are written to follow the value: `"x" is not an IPv4 CIDR`.
      return `${formatPath(path)}: ${show(value)} ${issue.message}`;
  }
}

/** Lists the fields an object at `path` accepts, so a typo's fix is on the same line. */
function allowedKeys(path: readonly PropertyKey[]): string {
  let schema: z.core.$ZodType | undefined = landingZoneSchema;
  for (const key of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodObject) schema = (schema.shape as Record<string, z.core.$ZodType>)[String(key)];
    else if (schema instanceof z.ZodRecord) schema = schema.valueType as z.core.$ZodType;
    else if (schema instanceof z.ZodArray) schema = schema.element as z.core.$ZodType;
    else return '';
  }
  schema = unwrap(schema);
  return schema instanceof z.ZodObject ? ` (allowed: ${Object.keys(schema.shape).join(', ')})` : '';
}

function unwrap(schema: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = s.unwrap() as z.core.$ZodType;
    else if (s instanceof z.ZodPipe) s = s.in as z.core.$ZodType;
    else return s;
  }
}
