import * as path from 'path';
import { isValidationError, ValidationError } from '../../../constructs/core/validation-error';
import { loadConfig, parseConfig } from '../../../lib/config/load';
import { defaultConfig, defaultRawConfig, parseRaw } from '../../helpers';

/** The problems a raw config produces, or [] when it is valid. */
function problemsOf(raw: unknown): string[] {
  try {
    parseRaw(raw);
    return [];
  } catch (e) {
    if (!isValidationError(e)) throw e;
    return [...e.problems];
  }
}

function withChange(change: (raw: Record<string, any>) => void): string[] {
  const raw = defaultRawConfig();
  change(raw);
  return problemsOf(raw);
}

describe('the default config', () => {
  test('is valid and fills defaults', () => {
    const config = defaultConfig();
    expect(config.organization.homeRegion).toBe('eu-west-1');
    expect(config.network.prod.azCount).toBe(3);
    // The one intended loss: aws-cdk-lib's shared AwsCustomResource log group, once its function is gone.
    expect(config.safety.allowReplacements.map((a) => `${a.stack}/${a.logicalId}`)).toEqual([
      'acme-detection-security-log-eu-west-1/AWS679f53fac002430cb0da5b7982bd2287LogGroup449FB7C2',
      'acme-detection-security-log-eu-central-1/AWS679f53fac002430cb0da5b7982bd2287LogGroup449FB7C2',
    ]);
  });
});

describe('field errors name the file, line, path, value and what is allowed', () => {
  test('a CIDR with a /33 prefix', () => {
    expect(withChange((r) => (r.network.prod.cidr = '10.0.0.0/33'))).toEqual([
      expect.stringMatching(/^test\.yaml:\d+:\d+ network\.prod\.cidr: "10\.0\.0\.0\/33" is not an IPv4 CIDR$/),
    ]);
  });

  test('an unknown key is an error that lists the allowed keys', () => {
    expect(withChange((r) => (r.organization.homeRegoin = 'eu-west-1'))).toEqual([
      expect.stringMatching(/organization\.homeRegoin: is not a known field \(allowed: name, id, rootId, homeRegion, /),
    ]);
  });

  test('an unknown top-level section is an error', () => {
    expect(withChange((r) => (r.netwrok = {}))).toEqual([expect.stringMatching(/netwrok: is not a known field/)]);
  });

  test('an account ID that is not 12 digits', () => {
    expect(withChange((r) => (r.accounts[2].id = '12345'))).toEqual([
      expect.stringMatching(/accounts\[2\]\.id: "12345" is not a 12-digit AWS account ID/),
    ]);
  });

  test('an account ID written as a YAML number', () => {
    expect(withChange((r) => (r.accounts[2].id = 333333333333))).toEqual([
      expect.stringMatching(/accounts\[2\]\.id: 333333333333 is not a string/),
    ]);
  });

  test('an unknown region', () => {
    expect(withChange((r) => (r.organization.governedRegions = ['eu-west-1', 'eu-wset-2']))).toEqual([
      expect.stringMatching(/organization\.governedRegions\[1\]: "eu-wset-2" is not an AWS region name/),
    ]);
  });

  test('an enum value lists the allowed values', () => {
    expect(withChange((r) => (r.network.prod.natGateways = 'two'))).toEqual([
      expect.stringMatching(/network\.prod\.natGateways: "two" is not allowed \(one of: per-az, single, none\)/),
    ]);
  });

  test('a missing required field', () => {
    expect(withChange((r) => delete r.security.notificationEmail)).toEqual([
      expect.stringMatching(/security\.notificationEmail: is required/),
    ]);
  });

  test('a single AZ', () => {
    expect(withChange((r) => (r.network.demo.azCount = 1))).toEqual([
      expect.stringMatching(/network\.demo\.azCount: 1 is not allowed \(at least 2\)/),
    ]);
  });

  test('every problem is reported at once, in file order', () => {
    const problems = withChange((r) => {
      r.network.prod.cidr = '10.0.0.0/33';
      r.accounts[2].email = 'not-an-email';
      r.organization.name = 'ACME';
    });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/organization\.name: "ACME" must start with a letter/);
    expect(problems[1]).toMatch(/accounts\[2\]\.email: "not-an-email" is not an email address/);
    expect(problems[2]).toMatch(/network\.prod\.cidr/);
  });

  test('the line and column point at the offending value', () => {
    const text = 'organization:\n  name: acme\n  id: o-a1b2c3d4e5\n  rootId: r-a1b2\n  homeRegion: mars-1\n';
    expect(() => parseConfig(text, 'x.yaml')).toThrow(/x\.yaml:5:15 organization\.homeRegion: "mars-1" is not an AWS region name/);
  });
});

describe('YAML syntax errors', () => {
  test('give line and column', () => {
    expect(() => parseConfig('organization:\n  name: [unclosed\n', 'broken.yaml')).toThrow(/broken\.yaml:\d+:\d+ YAML syntax error/);
  });

  test('a duplicated key is a syntax error', () => {
    expect(() => parseConfig('tags: {}\ntags: {}\n', 'dup.yaml')).toThrow(/dup\.yaml:2:1 YAML syntax error: Map keys must be unique/);
  });
});

describe('cross-field checks', () => {
  test('Object Lock retention longer than the archive expiry', () => {
    expect(withChange((r) => (r.logging.objectLock.days = 3000))).toEqual([
      expect.stringMatching(/logging\.objectLock\.days: "3000" is longer than logging\.archiveRetentionDays \(2555\)/),
    ]);
  });

  test('a Glacier transition that is not before the expiry', () => {
    expect(withChange((r) => (r.logging.transitionToGlacierDays = 2555))).toEqual([
      expect.stringMatching(/logging\.transitionToGlacierDays: "2555" is not before logging\.archiveRetentionDays/),
    ]);
  });

  test('duplicate account IDs', () => {
    expect(withChange((r) => (r.accounts[3].id = r.accounts[2].id))).toEqual([
      expect.stringMatching(/accounts\[3\]\.id: "333333333333" is a duplicate account ID \(also accounts\[2\]\.id\)/),
    ]);
  });

  test('duplicate emails, case-insensitively', () => {
    expect(withChange((r) => (r.accounts[3].email = r.accounts[2].email.toUpperCase()))).toEqual([
      expect.stringMatching(/accounts\[3\]\.email: "aws-prod@example\.com" is a duplicate account email/),
    ]);
  });

  test('the home region must be governed', () => {
    expect(withChange((r) => (r.organization.homeRegion = 'us-east-1'))).toContainEqual(
      expect.stringMatching(/organization\.homeRegion: "us-east-1" must be one of organization\.governedRegions \(eu-west-1, eu-central-1\)/),
    );
  });

  test('overlapping VPC CIDRs anywhere in the organization', () => {
    expect(withChange((r) => (r.network.sandbox.cidr = '10.10.128.0/20'))).toEqual([
      expect.stringMatching(/network\.sandbox\.cidr: "10\.10\.128\.0\/20" overlaps network\.prod\.cidr "10\.10\.0\.0\/16"/),
    ]);
  });

  test('tiers that do not fit in the VPC', () => {
    expect(withChange((r) => (r.network.demo.cidr = '10.30.0.0/24'))).toEqual([
      expect.stringMatching(/network\.demo\.tiers: do not fit in 10\.30\.0\.0\/24: tier app \(\/24\) .*|network\.demo\.tiers: do not fit in 10\.30\.0\.0\/24: 5 tiers × 2 AZs need \d+ addresses but a \/24 has 256/),
    ]);
  });

  test('a bastion without NAT needs the Session Manager and KMS endpoints', () => {
    expect(
      withChange((r) => {
        r.network.demo.natGateways = 'none';
        r.network.demo.interfaceEndpoints = ['ssm', 'sts'];
      }),
    ).toEqual([
      expect.stringMatching(
        /network\.demo\.interfaceEndpoints: lacks ssmmessages, ec2messages, kms: with natGateways: none and bastion: true, Session Manager is reachable only through these endpoints/,
      ),
    ]);
  });

  test('more AZs than a network ACL has rules for', () => {
    expect(withChange((r) => (r.network.prod.azCount = 6))).toContainEqual(
      expect.stringMatching(/network\.prod\.azCount: the app tier's network ACL needs 26 ingress rules but a NACL allows 20/),
    );
  });

  test('a firewall and a transit gateway add their own subnets to the fit check', () => {
    expect(
      withChange((r) => {
        r.network.demo.cidr = '10.30.0.0/22';
        r.network.demo.tiers = { public: 25, app: 24, data: 26, admin: 28, monitoring: 27 }; // 992 of 1024 without them
        r.network.demo.firewall = { allowedDomains: ['.amazonaws.com'] };
        r.network.demo.transitGateway = { id: 'tgw-0123456789abcdef0' };
      }),
    ).toEqual([expect.stringMatching(/network\.demo\.tiers: do not fit in 10\.30\.0\.0\/22: 7 tiers × 2 AZs need 1056 addresses but a \/22 has 1024/)]);
  });

  test('a network in an account that does not exist', () => {
    expect(withChange((r) => (r.network.demo.account = 'qa'))).toEqual([
      expect.stringMatching(/network\.demo\.account: "qa" is not an account name \(management, security-log, prod, dev\)/),
    ]);
  });

  test('an account in an undeclared OU', () => {
    expect(withChange((r) => (r.accounts[2].ou = 'Workloads/Production'))).toEqual([
      expect.stringMatching(/accounts\[2\]\.ou: "Workloads\/Production" is not an OU declared in ous/),
    ]);
  });

  test('a child OU before its parent', () => {
    expect(withChange((r) => (r.ous = ['Workloads/Prod', 'Workloads', 'Workloads/Dev', 'Security', 'Sandbox']))).toEqual([
      expect.stringMatching(/ous\[0\]: "Workloads\/Prod" needs its parent OU "Workloads" declared before it/),
    ]);
  });

  test('the landing zone may not use CDK\'s default bootstrap qualifier (its execution role is exempt)', () => {
    expect(withChange((r) => (r.organization.cdkBootstrapQualifier = 'hnb659fds'))).toEqual([
      expect.stringMatching(/organization\.cdkBootstrapQualifier: "hnb659fds" is not allowed: it is CDK's default qualifier/),
    ]);
  });

  test('exactly one management and one security-log account', () => {
    expect(withChange((r) => (r.accounts[1].role = 'workload'))).toContainEqual(
      expect.stringMatching(/accounts: exactly one account must have role: security-log \(found 0\)/),
    );
  });

  test('an account that receives stacks needs an id', () => {
    expect(withChange((r) => delete r.accounts[2].id)).toContainEqual(
      expect.stringMatching(/network\.prod\.account: account "prod" needs an id/),
    );
  });

  test('an account needs an id or an email', () => {
    expect(
      withChange((r) => r.accounts.push({ name: 'qa', ou: 'Workloads/Dev' })),
    ).toEqual([expect.stringMatching(/accounts\[4\]: .* needs an id \(to adopt an existing account\) or an email/)]);
  });
});

describe('loadConfig', () => {
  test('a missing file is a ValidationError naming the file', () => {
    expect(() => loadConfig(path.join(__dirname, 'nope.yaml'))).toThrow(ValidationError);
    expect(() => loadConfig(path.join(__dirname, 'nope.yaml'))).toThrow(/Cannot read landing-zone config .*nope\.yaml/);
  });
});
