import * as fs from 'fs';
import * as path from 'path';
import { validate } from '../../scripts/validate';
import { tempOutdir } from '../helpers';

function badConfig(): string {
  const file = path.join(tempOutdir(), 'bad.yaml');
  fs.writeFileSync(file, 'organization:\n  name: Acme\n');
  return file;
}

test('a valid config exits 0 and says so', () => {
  expect(validate(['config/landing-zone.yaml'])).toEqual({ code: 0, stdout: 'config/landing-zone.yaml: valid\n' });
});

test('an invalid config exits 1 with every problem, one per line, as the synth prints them', () => {
  const file = badConfig();
  const { code, stdout } = validate([file]);
  expect(code).toBe(1);
  expect(stdout.split('\n')[0]).toBe(`${file}: 8 problems`);
  expect(stdout).toContain(`  ${file}:2:9 organization.name: "Acme" has upper-case letters (names are lower case: a-z, 0-9 and -)\n`);
});

test('--json prints file, line, column, path and message for editors and CI annotations', () => {
  const file = badConfig();
  const { code, stdout } = validate(['--json', file]);
  expect(code).toBe(1);
  expect(JSON.parse(stdout)).toContainEqual({
    file,
    line: 2,
    column: 9,
    path: 'organization.name',
    message: 'organization.name: "Acme" has upper-case letters (names are lower case: a-z, 0-9 and -)',
  });
  expect(validate(['--json', 'config/landing-zone.yaml'])).toEqual({ code: 0, stdout: '[]\n' });
});
