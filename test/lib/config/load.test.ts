import * as path from 'path';
import { isValidationError, ValidationError } from '../../../constructs/core/validation-error';
import * as fs from 'fs';
import { loadConfig, parseConfig, validateConfigFile, validateConfigText } from '../../../lib/config/load';
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

/** The problems of a YAML text, each as `file:line:col message`. */
function problemsOfText(text: string, file = 'x.yaml'): string[] {
  try {
    parseConfig(text, file);
    return [];
  } catch (e) {
    if (!isValidationError(e)) throw e;
    return [...e.problems];
  }
}

/** `line:col` of the first occurrence of `needle` in `text` (after `after`, when given), so the tests survive new fields. */
function at(text: string, needle: string, after = ''): string {
  const offset = text.indexOf(needle, after ? text.indexOf(after) : 0);
  if (offset < 0) throw new Error(`fixture: ${needle} not found`);
  const lines = text.slice(0, offset).split('\n');
  return `${lines.length}:${lines[lines.length - 1].length + 1}`;
}

/** The default config's text with some lines replaced. */
function defaultTextWith(...replacements: Array<[string | RegExp, string]>): string {
  let text = fs.readFileSync(path.join(__dirname, '../../../config/landing-zone.yaml'), 'utf8');
  for (const [from, to] of replacements) {
    const next = text.replace(from, to);
    if (next === text) throw new Error(`fixture: ${String(from)} not found`);
    text = next;
  }
  return text;
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

  test('an account ID written as a YAML number says to quote it', () => {
    const problems = withChange((r) => (r.accounts[2].id = 333333333333));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^test\.yaml:\d+:9 accounts\[2\]\.id: 333333333333 is read by YAML as a number, not text: quote it \("333333333333"\) to keep it as written$/);
  });

  test('an unknown region', () => {
    expect(withChange((r) => (r.organization.governedRegions = ['eu-west-1', 'eu-wset-2']))).toEqual([
      expect.stringMatching(/organization\.governedRegions\[1\]: "eu-wset-2" is not an AWS region name/),
    ]);
  });

  test('an enum value lists the allowed values', () => {
    expect(withChange((r) => (r.network.prod.natGateways = 'two'))).toEqual([
      expect.stringMatching(/network\.prod\.natGateways: "two" is not allowed \(one of: per-az, single, none, transit\)/),
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
    expect(problems[0]).toMatch(/organization\.name: "ACME" has upper-case letters/);
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

  test('a duplicated key is named, with the line of its first occurrence', () => {
    expect(problemsOfText('tags: {}\ntags: {}\n', 'dup.yaml')).toContain(
      'dup.yaml:2:1 YAML: the key "tags" is given twice in the same map (first at line 1); keep one',
    );
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
  test('an empty file name says so', () => {
    expect(() => loadConfig('')).toThrow('Cannot read landing-zone config: no file name given (pass a path, e.g. config/landing-zone.yaml)');
  });

  test('a missing file is a ValidationError naming the file', () => {
    expect(() => loadConfig(path.join(__dirname, 'nope.yaml'))).toThrow(ValidationError);
    expect(() => loadConfig(path.join(__dirname, 'nope.yaml'))).toThrow(/Cannot read landing-zone config .*nope\.yaml/);
  });
});

describe('every problem in one run', () => {
  test('a bad email, a duplicate account ID and overlapping VPCs are reported together, in line order', () => {
    const text = defaultTextWith(
      ['email: aws-prod@example.com', 'email: not-an-email'],
      ['id: "444444444444"', 'id: "333333333333"'],
      ['cidr: 10.40.0.0/20', 'cidr: 10.30.8.0/21'],
    );
    expect(problemsOfText(text, 'lz.yaml')).toEqual([
      `lz.yaml:${at(text, 'not-an-email')} accounts[2].email: "not-an-email" is not an email address`,
      `lz.yaml:${at(text, '"333333333333"', 'name: dev')} accounts[3].id: "333333333333" is a duplicate account ID (also accounts[2].id)`,
      `lz.yaml:${at(text, '10.30.8.0/21')} network.sandbox.cidr: "10.30.8.0/21" overlaps network.demo.cidr "10.30.0.0/20"`,
    ]);
  });

  test('a rule that depends on a broken field is skipped, not reported a second time', () => {
    // The broken role could be either role: counting management accounts would be a guess.
    const text = defaultTextWith(['role: security-log', 'role: securitylog']);
    expect(problemsOfText(text, 'lz.yaml')).toEqual([
      `lz.yaml:${at(text, 'securitylog')} accounts[1].role: "securitylog" is not allowed (one of: management, security-log, workload)`,
    ]);
  });

  test('an OU that does not parse does not make its accounts "undeclared"', () => {
    const text = defaultTextWith(['  - Workloads/Prod\n', '  - Workloads//Prod\n']);
    expect(problemsOfText(text, 'lz.yaml')).toEqual([
      `lz.yaml:${at(text, 'Workloads//Prod')} ous[2]: "Workloads//Prod" is not an OU path such as Workloads/Prod (or Root)`,
    ]);
  });
});

describe('each message class, exact text', () => {
  test('an account ID with a leading zero is shown as written, not as the number YAML read', () => {
    const text = defaultTextWith(['id: "111111111111"', 'id: 011111111111']);
    expect(problemsOfText(text, 'lz.yaml')).toEqual([
      `lz.yaml:${at(text, '011111111111')} accounts[0].id: 011111111111 is read by YAML as a number, not text: quote it ("011111111111") to keep it as written`,
    ]);
  });

  test('upper case and too long are different messages', () => {
    const upper = defaultTextWith(['name: acme', 'name: Acme']);
    expect(problemsOfText(upper, 'lz.yaml')).toEqual([
      `lz.yaml:${at(upper, 'Acme')} organization.name: "Acme" has upper-case letters (names are lower case: a-z, 0-9 and -)`,
    ]);
    const long = defaultTextWith(['name: acme', 'name: acme-landing-zone-europe']);
    expect(problemsOfText(long, 'lz.yaml')).toEqual([
      `lz.yaml:${at(long, 'acme-landing-zone-europe')} organization.name: "acme-landing-zone-europe" is 24 characters (at most 20)`,
    ]);
  });

  test('a list where an object belongs says "is not an object", without dumping the list', () => {
    const text = defaultTextWith(['  guardDuty:\n', '  guardDuty: [s3Protection]\n  guardDutyOld:\n']);
    expect(problemsOfText(text, 'lz.yaml')).toContainEqual(
      `lz.yaml:${at(text, '[s3Protection]')} security.guardDuty: a list is not an object (key: value pairs)`,
    );
  });

  test('a whole section of the wrong kind is named by its kind, not printed', () => {
    const text = defaultTextWith(['accounts:\n', 'accounts:\n  list:\n']);
    expect(problemsOfText(text, 'lz.yaml')[0]).toBe(`lz.yaml:${at(text, 'list:')} accounts: a map is not a list`);
  });

  test('1e20 is reported once, against the field\'s own bound', () => {
    const text = defaultTextWith(['azCount: 2', 'azCount: 1e20']);
    expect(problemsOfText(text, 'lz.yaml')).toEqual([
      `lz.yaml:${at(text, '1e20')} network.demo.azCount: 1e20 is not allowed (at most 6)`,
    ]);
  });

  test('.inf is not a finite number', () => {
    const text = defaultTextWith(['azCount: 2', 'azCount: .inf']);
    expect(problemsOfText(text, 'lz.yaml')).toEqual([
      `lz.yaml:${at(text, '.inf')} network.demo.azCount: .inf is not allowed (a finite number)`,
    ]);
  });

  test('a misspelled key gets a "did you mean" and no "is required" for the field it meant', () => {
    const text = defaultTextWith(['  homeRegion: eu-west-1', '  homeRegoin: eu-west-1']);
    expect(problemsOfText(text, 'lz.yaml')).toEqual([
      `lz.yaml:${at(text, 'homeRegoin')} organization.homeRegoin: is not a known field; did you mean homeRegion? (allowed: name, id, rootId, homeRegion, governedRegions, privilegedRoleName, breakGlassPrincipals, cdkBootstrapQualifier, scpTargets, policies)`,
    ]);
  });

  test('two management accounts are named', () => {
    const text = defaultTextWith(['    ou: Workloads/Dev\n', '    ou: Root\n    role: management\n']);
    expect(problemsOfText(text, 'lz.yaml')).toEqual([
      `lz.yaml:${at(text, 'management', 'name: dev')} accounts[3].role: exactly one account may have role: management (found 2: accounts[0] "management", accounts[3] "dev")`,
      `lz.yaml:${at(text, 'dev', 'staging:')} network.staging.account: "dev" is the management account; VPCs go in workload accounts`,
      `lz.yaml:${at(text, 'dev', 'demo:')} network.demo.account: "dev" is the management account; VPCs go in workload accounts`,
      `lz.yaml:${at(text, 'dev', 'sandbox:')} network.sandbox.account: "dev" is the management account; VPCs go in workload accounts`,
    ]);
  });

  test('one tab is one YAML error, in plain words, with line and column', () => {
    const text = defaultTextWith(['  rootId: r-a1b2', '\trootId: r-a1b2']);
    expect(problemsOfText(text, 'lz.yaml')).toEqual([
      `lz.yaml:${at(text, '\trootId')} YAML syntax error: a tab indents this line; YAML indents with spaces only (replace the tab with spaces)`,
    ]);
  });

  test('an unclosed flow list is named in plain words', () => {
    expect(problemsOfText('organization:\n  name: [unclosed\n', 'broken.yaml')).toEqual([
      'broken.yaml:3:1 YAML syntax error: a list opened with [ is not closed with ] (or the lines after it are not indented enough)',
    ]);
  });
});

describe('files that are not UTF-8 text', () => {
  const write = (name: string, bytes: Buffer) => {
    const file = path.join(fs.mkdtempSync(path.join(require('os').tmpdir(), 'slz-load-')), name);
    fs.writeFileSync(file, bytes);
    return file;
  };

  test('a Latin-1 file is refused with the byte, line and column', () => {
    const file = write('latin1.yaml', Buffer.from('organization:\n  name: caf\xe9\n', 'latin1'));
    expect(validateConfigFile(file)).toEqual({
      ok: false,
      problems: [
        {
          file,
          line: 2,
          column: 12,
          path: '',
          message: 'byte 0xE9 is not UTF-8 text (the file looks like Latin-1 or another legacy encoding: save it as UTF-8)',
        },
      ],
    });
  });

  test('a binary file is refused at its first NUL byte', () => {
    const file = write('binary.yaml', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01]));
    expect(() => loadConfig(file)).toThrow(`${file}:1:5 byte 0x00: this is a binary file, not YAML text`);
  });

  test('UTF-8 text outside ASCII is read as written', () => {
    const file = write('utf8.yaml', Buffer.from(defaultTextWith(['name: Security Operations', 'name: Sécurité Opérations']), 'utf8'));
    expect(loadConfig(file).security.securityContact.name).toBe('Sécurité Opérations');
  });
});

describe('validateConfigText', () => {
  test('returns the config when valid, and structured problems otherwise', () => {
    expect(validateConfigText(defaultTextWith(), 'lz.yaml').ok).toBe(true);
    const text = defaultTextWith(['cidr: 10.10.0.0/16', 'cidr: 10.10.0.0/33']);
    const [line, column] = at(text, '10.10.0.0/33').split(':').map(Number);
    expect(validateConfigText(text, 'lz.yaml')).toEqual({
      ok: false,
      problems: [{ file: 'lz.yaml', line, column, path: 'network.prod.cidr', message: 'network.prod.cidr: "10.10.0.0/33" is not an IPv4 CIDR' }],
    });
  });
});

describe('deploy-time facts checked at synth', () => {
  test('a misspelled interface endpoint service gets a "did you mean"', () => {
    const text = defaultTextWith(['interfaceEndpoints: []\n    bastion: true', 'interfaceEndpoints: [ssm, ssmmesages, ec2messages]\n    bastion: true']);
    expect(problemsOfText(text, 'lz.yaml')).toEqual([
      `lz.yaml:${at(text, 'ssmmesages')} network.staging.interfaceEndpoints[1]: "ssmmesages" is not an interface endpoint service (CDK's InterfaceVpcEndpointAwsService list); did you mean ssmmessages?`,
    ]);
  });

  test('more AZs than the region has', () => {
    const text = defaultTextWith(['azCount: 2', 'azCount: 4']);
    expect(problemsOfText(text, 'lz.yaml')).toEqual([
      `lz.yaml:${at(text, '4', 'demo:')} network.demo.azCount: 4 is more Availability Zones than eu-west-1 has (3: eu-west-1a, eu-west-1b, eu-west-1c)`,
    ]);
  });

  test('an AZ name the region does not have', () => {
    const text = defaultTextWith(['azCount: 2', 'azCount: 2\n    availabilityZones: [eu-west-1a, eu-west-1d]']);
    expect(problemsOfText(text, 'lz.yaml')).toEqual([
      `lz.yaml:${at(text, 'eu-west-1d')} network.demo.availabilityZones[1]: "eu-west-1d" is not an Availability Zone of eu-west-1 (eu-west-1a, eu-west-1b, eu-west-1c)`,
    ]);
  });
});

test('a replica region outside the home region group is reported with file, line and column, the value and what is allowed', () => {
  const text = defaultTextWith(['  #   prefixes: [AWSLogs/, guardduty/]\n', '  #   prefixes: [AWSLogs/, guardduty/]\n  replication:\n    region: us-east-1\n']);
  const problems = problemsOfText(text, 'lz.yaml');
  expect(problems).toContainEqual(
    `lz.yaml:${at(text, 'us-east-1', 'replication:')} logging.replication.region: "us-east-1" is not one of organization.governedRegions (eu-west-1, eu-central-1): the SCPs deny every other region (allowed: eu-central-1)`,
  );
  expect(problems).toContainEqual(expect.stringMatching(/logging\.replication\.region: "us-east-1" is in region group aws\/us, not the home region eu-west-1's aws\/eu \(a group is the partition plus the region name's prefix before the first '-'/));
});
