/**
 * The config pipeline, run once at the edge: bytes → UTF-8 text → YAML → schema (types and defaults) and
 * cross-field checks, in one pass. Every problem is collected and reported together, ordered by line, each with
 * file, line:column, YAML path, the value as written and what is allowed. Nothing downstream ever sees an
 * invalid config. `npm run validate` and the CDK app share this code, so they print the same messages.
 */
import * as fs from 'fs';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { ValidationError } from '../../constructs/core/validation-error';
import { crossCheck } from './cross-checks';
import { allowedKeys, describeIssue, didYouMean, formatPath, oneIssuePerField } from './messages';
import { BrokenFields, salvage } from './salvage';
import { landingZoneSchema, type LandingZoneConfig } from './schema';
import { asWritten, decodeText, duplicateKeys, keyNodeAt, nodeAt, position, syntaxProblems, type Located } from './source';

/** The embedded default configuration, used when no `-c config=PATH` is given. */
export const DEFAULT_CONFIG_PATH = 'config/landing-zone.yaml';

/** One problem of a config file, as `npm run validate --json` prints it for editors and CI annotations. */
export interface ConfigProblem {
  readonly file: string;
  /** 1-based; undefined when the problem is about the file as a whole. */
  readonly line?: number;
  readonly column?: number;
  /** The YAML path (`network.prod.cidr`), or '' for a problem of the file or its YAML syntax. */
  readonly path: string;
  /** The problem, starting with the path when there is one: `network.prod.cidr: "10.0.0.0/33" is not an IPv4 CIDR`. */
  readonly message: string;
}

/** A validated config, or every problem found. */
export type ConfigResult =
  | { readonly ok: true; readonly config: LandingZoneConfig }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/** `file:line:col message`, the form every problem is printed in. */
export function problemLine(p: ConfigProblem): string {
  return p.line === undefined ? `${p.file} ${p.message}` : `${p.file}:${p.line}:${p.column} ${p.message}`;
}

/** Reads and validates a config file. Throws one ValidationError listing every problem. */
export function loadConfig(file: string): LandingZoneConfig {
  return orThrow(validateConfigFile(file), file);
}

/** Validates config text; `file` only labels the messages. Throws one ValidationError listing every problem. */
export function parseConfig(text: string, file: string): LandingZoneConfig {
  return orThrow(validateConfigText(text, file), file);
}

function orThrow(result: ConfigResult, file: string): LandingZoneConfig {
  if (result.ok) return result.config;
  const [first] = result.problems;
  if (result.problems.length === 1 && first.path === '' && first.message.startsWith('Cannot read')) {
    throw new ValidationError(first.message, []);
  }
  throw new ValidationError(`Invalid landing-zone config ${file}:`, result.problems.map(problemLine));
}

/** Reads and validates a config file, returning the problems instead of throwing. */
export function validateConfigFile(file: string): ConfigResult {
  const fail = (message: string, line?: number, column?: number): ConfigResult => ({
    ok: false,
    problems: [{ file, line, column, path: '', message }],
  });
  if (file.trim() === '') return fail('Cannot read landing-zone config: no file name given (pass a path, e.g. config/landing-zone.yaml)');
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return fail(`Cannot read landing-zone config ${file}: ${(e as NodeJS.ErrnoException).message}`);
  }
  const decoded = decodeText(bytes);
  if ('problem' in decoded) return fail(decoded.problem, decoded.line, decoded.column);
  return validateConfigText(decoded.text, file);
}

/** Validates config text, returning the problems instead of throwing; `file` only labels the messages. */
export function validateConfigText(text: string, file: string): ConfigResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locate = (problems: readonly Located[]): ConfigProblem[] =>
    problems
      .map((p) => ({ p, offset: p.offset ?? -1 }))
      .sort((a, b) => a.offset - b.offset)
      .map(({ p }) => ({ file, ...position(lineCounter, p.offset), path: formatPath(p.path).replace('(top level)', ''), message: p.message }));

  const syntax = syntaxProblems(doc);
  // With the structure broken the fields cannot be trusted: report the syntax alone. A duplicated key leaves
  // the structure intact, so the field checks run alongside it.
  if (syntax.length > 0) return { ok: false, problems: locate(syntax) };
  const problems = [...duplicateKeys(doc, lineCounter), ...fieldAndCrossProblems(doc, text)];
  if (problems.length > 0) return { ok: false, problems: locate(problems) };
  return { ok: true, config: landingZoneSchema.parse(doc.toJS() ?? {}) };
}

/** The schema's problems and, on whatever parsed, the cross-field rules' problems, in one list. */
function fieldAndCrossProblems(doc: Document, text: string): Located[] {
  const raw: unknown = doc.toJS() ?? {};
  const root = doc.contents;
  const at = (path: readonly PropertyKey[], key = false) => {
    // A defaulted or missing field is not in the file: point at the nearest enclosing one that is.
    let node = key ? keyNodeAt(root, path) : nodeAt(root, path);
    for (let n = path.length - 1; !node && n >= 0; n--) node = nodeAt(root, path.slice(0, n));
    return node?.range?.[0];
  };
  const parsed = landingZoneSchema.safeParse(raw);
  const out: Located[] = [];
  const misspelled = new Set<string>();
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code !== 'unrecognized_keys') continue;
      const allowed = allowedKeys(issue.path);
      const given = new Set(Object.keys(valueAt(raw, issue.path) ?? {}));
      for (const k of issue.keys) {
        const path = [...issue.path, k];
        const suggestion = didYouMean(k, allowed.filter((a) => !given.has(a)));
        // The misspelled key is the missing one: one message, on the line the user wrote, not a second "is required".
        if (suggestion !== undefined) misspelled.add(JSON.stringify([...issue.path, suggestion]));
        const hint = suggestion === undefined ? '' : `; did you mean ${suggestion}?`;
        out.push({ offset: at(path, true), path, message: `${formatPath(path)}: is not a known field${hint} (allowed: ${allowed.join(', ')})` });
      }
    }
    for (const issue of oneIssuePerField(parsed.error.issues)) {
      if (misspelled.has(JSON.stringify(issue.path))) continue;
      const node = nodeAt(root, issue.path);
      out.push({ offset: at(issue.path), path: issue.path, message: describeIssue(issue, { node, written: asWritten(text, node) }) });
    }
  }
  const broken = parsed.success
    ? BrokenFields.NONE
    : new BrokenFields(parsed.error.issues.filter((i) => i.code !== 'unrecognized_keys').map((i) => i.path));
  const config = (parsed.success ? parsed.data : salvage(landingZoneSchema, raw)) as LandingZoneConfig | undefined;
  if (config !== undefined) {
    for (const [path, message] of crossCheck(config, broken)) out.push({ offset: at(path), path, message: `${formatPath(path)}: ${message}` });
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): Record<string, unknown> | undefined {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
}

export { formatPath };
