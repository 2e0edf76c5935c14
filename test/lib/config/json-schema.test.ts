import * as fs from 'fs';
import * as path from 'path';
import { JSON_SCHEMA_PATH, renderJsonSchema } from '../../../lib/config/json-schema';
import { ROOT } from '../../helpers';

test('config/landing-zone.schema.json is up to date with the zod schema (run `npm run schema`)', () => {
  expect(fs.readFileSync(path.join(ROOT, JSON_SCHEMA_PATH), 'utf8')).toBe(renderJsonSchema());
});

test('the default YAML points editors at the generated schema', () => {
  const yaml = fs.readFileSync(path.join(ROOT, 'config/landing-zone.yaml'), 'utf8');
  expect(yaml.split('\n')[0]).toBe('# yaml-language-server: $schema=./landing-zone.schema.json');
});

test('the JSON schema rejects unknown keys, as the loader does', () => {
  const schema = JSON.parse(renderJsonSchema());
  expect(schema.additionalProperties).toBe(false);
  expect(schema.properties.organization.additionalProperties).toBe(false);
});
