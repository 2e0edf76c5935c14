/**
 * What of a config parsed, when not all of it did: so the cross-field rules can run in the same pass as the
 * field checks and the user gets every problem at once. Each field is parsed on its own against its schema
 * (with its default); a field that fails is left out, and its path is recorded as broken so that a rule that
 * depends on it is skipped instead of reporting a second, misleading problem.
 */
import { z } from 'zod';

/** Paths of fields that failed their schema. `'*'` in a query matches any key or index. */
export class BrokenFields {
  /** Nothing broken: the config parsed whole. */
  public static readonly NONE = new BrokenFields([]);

  constructor(private readonly paths: ReadonlyArray<readonly PropertyKey[]>) {}

  /** True when the field at `path`, a field inside it, or a field enclosing it failed its schema. */
  public has(...path: PropertyKey[]): boolean {
    return this.paths.some((p) => {
      const n = Math.min(p.length, path.length);
      for (let i = 0; i < n; i++) if (path[i] !== '*' && path[i] !== p[i]) return false;
      return true;
    });
  }

  /** True when any of the paths is broken. */
  public any(...paths: PropertyKey[][]): boolean {
    return paths.some((p) => this.has(...p));
  }
}

/**
 * The parts of `value` that satisfy `schema`, with defaults applied: the whole value when it parses; else, for
 * an object, array or record, each field, element or entry salvaged on its own (a broken array element becomes
 * `undefined`, so indexes keep naming the user's lines); else nothing. Unknown keys are ignored here: the strict
 * parse reports them.
 */
export function salvage(schema: z.core.$ZodType, value: unknown): unknown {
  const whole = z.safeParse(schema, value);
  if (whole.success) return whole.data;
  let s = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = s.unwrap() as z.core.$ZodType;
  if (s instanceof z.ZodObject && isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(s.shape as Record<string, z.core.$ZodType>)) {
      const v = salvage(field, value[key]);
      if (v !== undefined) out[key] = v;
    }
    return out;
  }
  if (s instanceof z.ZodArray && Array.isArray(value)) return value.map((v) => salvage(s.element as z.core.$ZodType, v));
  if (s instanceof z.ZodRecord && isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (!z.safeParse(s.keyType as z.core.$ZodType, key).success) continue;
      const parsed = salvage(s.valueType as z.core.$ZodType, v);
      if (parsed !== undefined) out[key] = parsed;
    }
    return out;
  }
  return undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
