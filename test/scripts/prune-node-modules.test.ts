import * as fs from 'fs';
import * as path from 'path';
import { tempOutdir } from '../helpers';

interface Host {
  readonly platform: string;
  readonly arch: string;
}
// A plain-Node script (it runs before anything else is installed and trusted), loaded as the package runs it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const script = require('../../scripts/prune-node-modules.cjs') as {
  prune(nodeModules: string, host?: Host): Record<string, number>;
  main(options: { root?: string; host?: Host; log?: (line: string) => void }): void;
};

const LINUX_X64: Host = { platform: 'linux', arch: 'x64' };
const GUARD = '@cdklabs/cdk-validator-cfnguard';

function write(file: string, content = 'x'.repeat(100)): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/** A node_modules with the shapes the script looks for, as npm installs them (paths as in the real packages). */
function fakeProject(typescriptVersion = '5.9.3'): { root: string; nm: string; has: (p: string) => boolean } {
  const root = tempOutdir();
  const nm = path.join(root, 'node_modules');
  write(path.join(nm, 'typescript', 'package.json'), JSON.stringify({ name: 'typescript', version: typescriptVersion }));
  write(path.join(nm, GUARD, 'package.json'), JSON.stringify({ name: GUARD, jsii: { outdir: 'dist' } }));
  write(path.join(nm, GUARD, 'lib', 'plugin.js'));
  write(path.join(nm, GUARD, 'rules', 'control-tower', 'cfn-guard', 'rule.guard'));
  write(path.join(nm, GUARD, '.yarn', 'install-state.gz'));
  for (const os of ['ubuntu', 'macos']) for (const arch of ['x86_64', 'aarch64']) write(path.join(nm, GUARD, 'bin', os, arch, 'cfn-guard'));
  write(path.join(nm, GUARD, '.jsii'));
  write(path.join(nm, 'aws-cdk-lib', 'package.json'), JSON.stringify({ name: 'aws-cdk-lib', jsii: { outdir: 'dist' } }));
  for (const f of ['.jsii', '.jsii.gz', '.jsii.tabl.json.gz', 'index.js', '.warnings.jsii.js']) write(path.join(nm, 'aws-cdk-lib', f));
  // A package that is no jsii package keeps a file of that name: it is not an assembly.
  write(path.join(nm, 'not-jsii', 'package.json'), JSON.stringify({ name: 'not-jsii' }));
  write(path.join(nm, 'not-jsii', '.jsii'));
  const sdk = (name: string, range: string, under = '') => {
    const dir = path.join(nm, under, ...name.split('/'));
    write(path.join(dir, 'package.json'), JSON.stringify({
      name,
      main: './dist-cjs/index.js',
      module: './dist-es/index.js',
      types: './dist-types/index.d.ts',
      typesVersions: { [range]: { 'dist-types/*': ['dist-types/ts3.4/*'] } },
    }));
    for (const f of ['dist-cjs/index.js', 'dist-es/index.js', 'dist-types/index.d.ts', 'dist-types/ts3.4/index.d.ts']) write(path.join(dir, f));
  };
  sdk('@aws-sdk/client-ec2', '<4.5');
  sdk('@smithy/types', '<=4.5');
  // Nested copies are packages too.
  sdk('@aws-sdk/core', '<4.5', 'aws-cdk-lib/node_modules');
  return { root, nm, has: (p: string) => fs.existsSync(path.join(nm, p)) };
}

describe('prune-node-modules (the prepare script after npm ci)', () => {
  test('keeps only the cfn-guard binary its plugin runs on this host (linux x64: ubuntu/x86_64), and the rules', () => {
    const { nm, has } = fakeProject();
    const freed = script.prune(nm, LINUX_X64);
    expect(has(`${GUARD}/bin/ubuntu/x86_64/cfn-guard`)).toBe(true);
    expect(has(`${GUARD}/bin/ubuntu/aarch64`)).toBe(false);
    expect(has(`${GUARD}/bin/macos`)).toBe(false);
    expect(has(`${GUARD}/.yarn`)).toBe(false);
    expect(has(`${GUARD}/lib/plugin.js`)).toBe(true);
    expect(has(`${GUARD}/rules/control-tower/cfn-guard/rule.guard`)).toBe(true);
    expect(freed['foreign cfn-guard binaries']).toBeGreaterThan(0);
  });

  test('on macOS arm64 keeps macos/aarch64, the folder plugin.js maps darwin/arm64 to', () => {
    const { nm, has } = fakeProject();
    script.prune(nm, { platform: 'darwin', arch: 'arm64' });
    expect(has(`${GUARD}/bin/macos/aarch64/cfn-guard`)).toBe(true);
    expect(has(`${GUARD}/bin/macos/x86_64`)).toBe(false);
    expect(has(`${GUARD}/bin/ubuntu`)).toBe(false);
  });

  test('on a host the plugin does not support, every binary stays as shipped', () => {
    const { nm, has } = fakeProject();
    script.prune(nm, { platform: 'win32', arch: 'x64' });
    for (const os of ['ubuntu', 'macos']) for (const arch of ['x86_64', 'aarch64']) expect(has(`${GUARD}/bin/${os}/${arch}/cfn-guard`)).toBe(true);
  });

  test('removes the jsii assemblies of jsii packages, never their code or deprecation warnings', () => {
    const { nm, has } = fakeProject();
    script.prune(nm, LINUX_X64);
    for (const f of ['.jsii', '.jsii.gz', '.jsii.tabl.json.gz']) expect(has(`aws-cdk-lib/${f}`)).toBe(false);
    expect(has(`${GUARD}/.jsii`)).toBe(false);
    expect(has('aws-cdk-lib/index.js')).toBe(true);
    expect(has('aws-cdk-lib/.warnings.jsii.js')).toBe(true);
    expect(has('not-jsii/.jsii')).toBe(true);
  });

  test('removes dist-types/ts3.4 for TypeScript 5.9 and the @aws-sdk ES-module builds; keeps dist-cjs, dist-types and @smithy dist-es', () => {
    const { nm, has } = fakeProject();
    script.prune(nm, LINUX_X64);
    for (const pkg of ['@aws-sdk/client-ec2', '@smithy/types', 'aws-cdk-lib/node_modules/@aws-sdk/core']) {
      expect(has(`${pkg}/dist-types/ts3.4`)).toBe(false);
      expect(has(`${pkg}/dist-types/index.d.ts`)).toBe(true);
      expect(has(`${pkg}/dist-cjs/index.js`)).toBe(true);
    }
    expect(has('@aws-sdk/client-ec2/dist-es')).toBe(false);
    expect(has('aws-cdk-lib/node_modules/@aws-sdk/core/dist-es')).toBe(false);
    expect(has('@smithy/types/dist-es/index.js')).toBe(true);
  });

  test('keeps dist-types/ts3.4 where the installed TypeScript falls in its typesVersions range ("<=4.5" holds 4.5, "<4.5" does not)', () => {
    const { nm, has } = fakeProject('4.5.5');
    script.prune(nm, LINUX_X64);
    expect(has('@smithy/types/dist-types/ts3.4/index.d.ts')).toBe(true);
    expect(has('@aws-sdk/client-ec2/dist-types/ts3.4')).toBe(false);
  });

  test('keeps every dist-types/ts3.4 when no TypeScript is installed to check the ranges against', () => {
    const { nm, has } = fakeProject();
    fs.rmSync(path.join(nm, 'typescript'), { recursive: true });
    script.prune(nm, LINUX_X64);
    expect(has('@aws-sdk/client-ec2/dist-types/ts3.4/index.d.ts')).toBe(true);
  });

  test('a second run finds nothing to remove and says so in one line', () => {
    const { root, nm } = fakeProject();
    const lines: string[] = [];
    script.main({ root, host: LINUX_X64, log: (l) => lines.push(l) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^prune-node-modules: freed \d+\.\d MB \(foreign cfn-guard binaries .*jsii assemblies .*dist-types\/ts3\.4 .*@aws-sdk dist-es .*\)/);
    const again = script.prune(nm, LINUX_X64);
    expect(Object.values(again).every((bytes) => bytes === 0)).toBe(true);
    script.main({ root, host: LINUX_X64, log: (l) => lines.push(l) });
    expect(lines[1]).toBe('prune-node-modules: nothing left to prune');
  });

  test('a missing node_modules or missing packages are skipped, not an error', () => {
    const root = tempOutdir();
    const lines: string[] = [];
    script.main({ root, host: LINUX_X64, log: (l) => lines.push(l) });
    expect(lines).toEqual(['prune-node-modules: nothing left to prune']);
  });

  test('an error never fails the install: it is reported and node_modules is left as installed', () => {
    const root = tempOutdir();
    fs.writeFileSync(path.join(root, 'node_modules'), 'not a folder'); // readdir fails with ENOTDIR
    const lines: string[] = [];
    expect(() => script.main({ root, host: LINUX_X64, log: (l) => lines.push(l) })).not.toThrow();
    expect(lines).toEqual([expect.stringMatching(/^prune-node-modules: skipped, node_modules left as installed \(.*ENOTDIR/)]);
  });

  test('does nothing when this package is itself installed inside another project\'s node_modules', () => {
    const { root, has } = fakeProject();
    const nested = path.join(root, 'node_modules', 'secure-landing-zone');
    fs.mkdirSync(path.join(nested, 'node_modules'), { recursive: true });
    fs.renameSync(path.join(root, 'node_modules', 'aws-cdk-lib'), path.join(nested, 'node_modules', 'aws-cdk-lib'));
    const lines: string[] = [];
    script.main({ root: nested, host: LINUX_X64, log: (l) => lines.push(l) });
    expect(lines).toEqual([]);
    expect(fs.existsSync(path.join(nested, 'node_modules', 'aws-cdk-lib', '.jsii.gz'))).toBe(true);
    expect(has(`${GUARD}/bin/macos`)).toBe(true);
  });

  test('is the package\'s prepare script (npm ci runs it; installing the published library does not), not a postinstall', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require('../../package.json') as { scripts: Record<string, string>; files: string[] };
    expect(pkg.scripts.prepare).toBe('node scripts/prune-node-modules.cjs');
    expect(pkg.scripts.postinstall).toBeUndefined();
  });

  test('every handler of this repository bundles without reading @aws-sdk, whose dist-es builds the script removes', () => {
    // The bundle cache records each file esbuild read; esbuild would read @aws-sdk's dist-es (its "module" export).
    const cache = tempOutdir();
    process.env.SLZ_BUNDLE_CACHE = cache;
    try {
      let bundleHandler: ((entry: string) => unknown) | undefined;
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        bundleHandler = (require('../../lib/constructs/core/bundle-cache') as typeof import('../../lib/constructs/core/bundle-cache')).bundleHandler;
      });
      const lambdaDir = path.join(__dirname, '..', '..', 'lambda');
      const entries = fs.readdirSync(lambdaDir).map((d) => path.join(lambdaDir, d, 'index.ts')).filter((f) => fs.existsSync(f));
      expect(entries.length).toBeGreaterThanOrEqual(8);
      for (const entry of entries) bundleHandler!(entry);
      const recipes = fs.readdirSync(path.join(cache, 'recipes'));
      expect(recipes).toHaveLength(entries.length);
      const read = recipes.flatMap((f) => Object.keys(JSON.parse(fs.readFileSync(path.join(cache, 'recipes', f), 'utf8')).inputs as Record<string, string>));
      expect(read.filter((f) => f.startsWith('lambda/'))).not.toEqual([]);
      expect(read.filter((f) => /node_modules\/(.*\/)?@aws-sdk\//.test(f))).toEqual([]);
    } finally {
      delete process.env.SLZ_BUNDLE_CACHE;
    }
  });
});
