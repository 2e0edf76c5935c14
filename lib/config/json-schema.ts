/** The JSON Schema editors use for completion, generated from the zod schema (never edited by hand). */
import { z } from 'zod';
import { landingZoneSchema } from './schema';

export const JSON_SCHEMA_PATH = 'config/landing-zone.schema.json';

/** The JSON Schema text for `config/landing-zone.schema.json`, describing what a user may write (input side). */
export function renderJsonSchema(): string {
  const schema = z.toJSONSchema(landingZoneSchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'secure-landing-zone configuration' }, null, 2)}\n`;
}
