import { contain, ContainmentInputError, validate } from '../../../lambda/containment';
import { ACCOUNT, mutations, NOW, REGION, sha256, WHERE, world } from './world';

const event = (action: string, resourceId: string, extra: Record<string, unknown> = {}) => ({
  action,
  resourceId,
  caseId: 'case-42',
  findingId: 'f0e1d2c3b4a5968778695a4b3c2d1e0f',
  collector: 'ssm-automation:1a2b3c4d-0000-0000-0000-000000000000',
  ...extra,
});

describe('IsolateEc2Instance', () => {
  test('protects, detaches, quarantines, tags and snapshots, in that order, then writes the evidence', async () => {
    const w = world();
    const result = await contain(event('IsolateEc2Instance', 'i-0123456789abcdef0'), WHERE, w.deps);
    expect(mutations(w.log)).toEqual([
      'ModifyInstanceAttribute',
      'DetachInstances',
      'DeregisterTargets',
      'CreateSecurityGroup',
      'RevokeSecurityGroupEgress',
      'ModifyNetworkInterfaceAttribute',
      'ModifyNetworkInterfaceAttribute',
      'CreateTags',
      'CreateSnapshot',
      'CreateSnapshot',
      'PutObject',
      'PutObject',
    ]);
    expect(result.status).toBe('contained');
    // Only the instance's own target group; the Auto Scaling group keeps its capacity (a replacement launches).
    const deregister = w.log.find((c) => c.api === 'DeregisterTargets')!;
    expect(deregister.input).toEqual({ TargetGroupArn: w.state.targetGroups[0].TargetGroupArn, Targets: [{ Id: 'i-0123456789abcdef0', Port: 80 }] });
    expect(w.log.find((c) => c.api === 'DetachInstances')!.input).toMatchObject({ ShouldDecrementDesiredCapacity: false, AutoScalingGroupName: 'web-asg' });
    // The quarantine group has no rule left, and every ENI carries only it.
    expect(w.state.groups[0]).toMatchObject({ GroupId: 'sg-quarantine', IpPermissions: [], IpPermissionsEgress: [] });
    expect(w.state.instance.NetworkInterfaces.map((n: any) => n.Groups)).toEqual([[{ GroupId: 'sg-quarantine' }], [{ GroupId: 'sg-quarantine' }]]);
    expect(w.state.terminationProtection).toBe(true);
    expect(w.state.instance.Tags).toContainEqual({ Key: 'incident-response:case', Value: 'case-42' });
  });

  test('evidence carries case, finding, collector and SHA-256, under the evidence key, with snapshot IDs, tags and ENIs', async () => {
    const w = world();
    await contain(event('IsolateEc2Instance', 'i-0123456789abcdef0'), WHERE, w.deps);
    expect(w.state.evidence).toHaveLength(2);
    for (const put of w.state.evidence) {
      expect(put).toMatchObject({
        Bucket: 'acme-ir-evidence-222222222222-eu-west-1',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: w.deps.evidenceKeyArn,
        region: 'eu-west-1',
        Metadata: { 'case-id': 'case-42', 'finding-id': 'f0e1d2c3b4a5968778695a4b3c2d1e0f', collector: 'ssm-automation:1a2b3c4d-0000-0000-0000-000000000000', sha256: sha256(put.Body) },
      });
      expect(Buffer.from(put.ChecksumSHA256, 'base64').toString('hex')).toBe(sha256(put.Body));
      expect(put.Key).toMatch(new RegExp(`^cases/case-42/${ACCOUNT}/${REGION}/IsolateEc2Instance/i-0123456789abcdef0/2026-12-01T10-00-00-000Z-`));
    }
    const [consoleOut, record] = w.state.evidence;
    expect(Buffer.from(consoleOut.Body).toString()).toContain('minerd started');
    const body = JSON.parse(Buffer.from(record.Body).toString());
    expect(body.snapshots).toEqual([{ volumeId: 'vol-root', snapshotId: 'snap-root' }, { volumeId: 'vol-data', snapshotId: 'snap-data' }]);
    expect(body.before.networkInterfaces.map((n: any) => n.groups)).toEqual([['sg-web'], ['sg-web', 'sg-admin']]);
    expect(body.after.networkInterfaces.map((n: any) => n.groups)).toEqual([['sg-quarantine'], ['sg-quarantine']]);
    expect(body.before.tags).toEqual([{ Key: 'Name', Value: 'web-1' }]);
    expect(body.at).toBe(NOW.toISOString());
  });

  test('running twice changes nothing more: the second run only writes its own evidence record', async () => {
    const w = world();
    await contain(event('IsolateEc2Instance', 'i-0123456789abcdef0'), WHERE, w.deps);
    w.log.length = 0;
    const second = await contain(event('IsolateEc2Instance', 'i-0123456789abcdef0'), WHERE, w.deps);
    expect(mutations(w.log)).toEqual(['PutObject', 'PutObject']);
    expect(second.changes).toEqual([]);
    expect(w.state.snapshots).toHaveLength(2);
  });

  test('a failed snapshot leaves the instance isolated and is recorded, with the other volume still snapshotted', async () => {
    const w = world();
    w.state.failSnapshotOf.add('vol-data');
    w.state.failConsole = true;
    const result = await contain(event('IsolateEc2Instance', 'i-0123456789abcdef0'), WHERE, w.deps);
    expect(result.status).toBe('partial');
    expect(result.failures).toEqual([
      { step: 'snapshot vol-data', error: expect.stringMatching(/SnapshotCreationPerVolumeRateExceeded/) },
      { step: 'console output', error: expect.stringMatching(/UnauthorizedOperation/) },
    ]);
    expect(w.state.instance.NetworkInterfaces.every((n: any) => n.Groups[0].GroupId === 'sg-quarantine')).toBe(true);
    const record = JSON.parse(Buffer.from(w.state.evidence.at(-1).Body).toString());
    expect(record.failures).toHaveLength(2);
    expect(record.snapshots).toEqual([{ volumeId: 'vol-root', snapshotId: 'snap-root' }, { volumeId: 'vol-data' }]);
  });

  test('an existing quarantine group that gained rules is emptied again', async () => {
    const w = world();
    w.state.groups.push({ GroupId: 'sg-quarantine', GroupName: 'incident-response-quarantine', VpcId: 'vpc-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22 }], IpPermissionsEgress: [] });
    await contain(event('IsolateEc2Instance', 'i-0123456789abcdef0'), WHERE, w.deps);
    expect(mutations(w.log)).not.toContain('CreateSecurityGroup');
    expect(mutations(w.log)).toContain('RevokeSecurityGroupIngress');
    expect(w.state.groups[0].IpPermissions).toEqual([]);
  });

  test.each([
    ['not an instance ID', 'vol-0123456789abcdef0', /resourceId: "vol-0123456789abcdef0" is not an EC2 instance ID/],
    ['an instance ARN', 'arn:aws:ec2:eu-west-1:444444444444:instance/i-0123456789abcdef0', /is not an EC2 instance ID/],
    ['an instance that does not exist here', 'i-0aaaaaaaaaaaaaaa0', /instance i-0aaaaaaaaaaaaaaa0 does not exist in account 333333333333, region eu-west-1/],
  ])('refuses %s, changing nothing', async (_what, resourceId, message) => {
    const w = world();
    await expect(contain(event('IsolateEc2Instance', resourceId), WHERE, w.deps)).rejects.toThrow(message);
    expect(mutations(w.log)).toEqual([]);
  });
});

describe('input validation, before any call', () => {
  test.each([
    ['not an object', 'isolate i-123', /event: "isolate i-123" is not an object/],
    ['no action', { resourceId: 'i-0123456789abcdef0', caseId: 'c', collector: 'x' }, /action: undefined is not one of IsolateEc2Instance/],
    ['an unknown action', event('TerminateInstance', 'i-0123456789abcdef0'), /action: "TerminateInstance" is not one of/],
    ['no case', event('IsolateEc2Instance', 'i-0123456789abcdef0', { caseId: undefined }), /caseId: undefined is not 1-128/],
    ['a case with a path in it', event('IsolateEc2Instance', 'i-0123456789abcdef0', { caseId: '../../other-case' }), /caseId: "..\/..\/other-case"/],
    ['no collector', event('IsolateEc2Instance', 'i-0123456789abcdef0', { collector: '' }), /collector: "" is missing/],
    ['a non-string resource', event('IsolateEc2Instance', 'x', { resourceId: { $ne: 1 } }), /resourceId: \{"\$ne":1\} is missing/],
  ])('refuses %s with one clear error naming every problem', async (_what, input, message) => {
    const w = world();
    await expect(contain(input, WHERE, w.deps)).rejects.toThrow(ContainmentInputError);
    await expect(contain(input, WHERE, w.deps)).rejects.toThrow(message);
    expect(w.log).toEqual([]);
  });

  test('collects every problem at once', () => {
    expect(() => validate({}, WHERE)).toThrow(/action: .*; resourceId: .*; caseId: .*; collector: /);
  });
});

describe('RevokeRoleSessions', () => {
  test('puts the console\'s AWSRevokeOlderSessions deny for sessions issued before now, and records the role before and after', async () => {
    const w = world();
    const result = await contain(event('RevokeRoleSessions', `arn:aws:iam::${ACCOUNT}:role/app-role`), WHERE, w.deps);
    expect(w.log.map((c) => c.api)).toEqual(['GetRole', 'GetRolePolicy', 'PutRolePolicy', 'PutObject']);
    const put = w.log.find((c) => c.api === 'PutRolePolicy')!.input;
    expect(put.PolicyName).toBe('AWSRevokeOlderSessions');
    expect(JSON.parse(put.PolicyDocument).Statement).toEqual([
      { Sid: 'RevokedForCasecase42', Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': NOW.toISOString() } } },
    ]);
    expect(result.status).toBe('contained');
    const record = JSON.parse(Buffer.from(w.state.evidence[0].Body).toString());
    expect(record.before.revokePolicy).toBeNull();
    expect(record.after.revokePolicy.Statement[0].Condition.DateLessThan['aws:TokenIssueTime']).toBe(NOW.toISOString());
  });

  test('running twice for the same case keeps the first revocation time', async () => {
    const w = world();
    await contain(event('RevokeRoleSessions', 'app-role'), WHERE, w.deps);
    w.log.length = 0;
    await contain(event('RevokeRoleSessions', 'app-role'), { ...WHERE }, { ...w.deps, now: () => new Date('2026-12-01T11:00:00Z') });
    expect(mutations(w.log)).toEqual(['PutObject']);
  });

  test.each([
    ['a role of another account', 'arn:aws:iam::444444444444:role/app-role', /role app-role belongs to account 444444444444; this runbook acts only in account 333333333333/],
    ['a user ARN', `arn:aws:iam::${ACCOUNT}:user/alice`, /is not an IAM role ARN/],
    ['the break-glass role', 'LandingZoneBreakGlass', /is one of the landing zone's own roles \(LandingZoneBreakGlass\)/],
    ['the automation role itself', `arn:aws:iam::${ACCOUNT}:role/acme-ir-automation`, /landing zone's own roles \(acme-\*\)/],
    ['a role that does not exist', 'ghost', /role ghost does not exist in account 333333333333/],
  ])('refuses %s, changing nothing', async (_what, resourceId, message) => {
    const w = world();
    await expect(contain(event('RevokeRoleSessions', resourceId), WHERE, w.deps)).rejects.toThrow(message);
    expect(mutations(w.log)).toEqual([]);
  });

  test('refuses a service-linked role, whose sessions IAM cannot revoke', async () => {
    const w = world();
    w.state.roles.AWSServiceRoleForConfig = { Arn: 'x', Path: '/aws-service-role/config.amazonaws.com/' };
    await expect(contain(event('RevokeRoleSessions', 'AWSServiceRoleForConfig'), WHERE, w.deps)).rejects.toThrow(/service-linked role/);
    expect(mutations(w.log)).toEqual([]);
  });
});

describe('DeactivateAccessKeys', () => {
  test('deactivates only the active keys, never deletes them, and a second run changes nothing more', async () => {
    const w = world();
    await contain(event('DeactivateAccessKeys', `arn:aws:iam::${ACCOUNT}:user/alice`), WHERE, w.deps);
    expect(w.log.map((c) => c.api)).toEqual(['ListAccessKeys', 'UpdateAccessKey', 'PutObject']);
    expect(w.log[1].input).toEqual({ UserName: 'alice', AccessKeyId: 'AKIA1', Status: 'Inactive' });
    w.log.length = 0;
    await contain(event('DeactivateAccessKeys', 'alice'), WHERE, w.deps);
    expect(mutations(w.log)).toEqual(['PutObject']);
  });

  test.each([
    ['a user of another account', 'arn:aws:iam::444444444444:user/alice', /belongs to account 444444444444/],
    ['a role ARN', `arn:aws:iam::${ACCOUNT}:role/app-role`, /is not an IAM user ARN/],
    ['a user that does not exist', 'mallory', /user mallory does not exist/],
  ])('refuses %s, changing nothing', async (_what, resourceId, message) => {
    const w = world();
    await expect(contain(event('DeactivateAccessKeys', resourceId), WHERE, w.deps)).rejects.toThrow(message);
    expect(mutations(w.log)).toEqual([]);
  });
});

describe('QuarantineLambda', () => {
  test('sets reserved concurrency 0 and keeps configuration, previous concurrency and code as evidence', async () => {
    const w = world();
    await contain(event('QuarantineLambda', `arn:aws:lambda:${REGION}:${ACCOUNT}:function:payments-worker`), WHERE, w.deps);
    expect(w.log.map((c) => c.api)).toEqual(['GetFunction', 'GetFunctionConcurrency', 'PutFunctionConcurrency', 'PutObject', 'PutObject']);
    expect(w.state.functions['payments-worker'].concurrency).toBe(0);
    const [code, record] = w.state.evidence;
    expect(code.Key).toMatch(/code\.zip$/);
    expect(code.Metadata.sha256).toBe(sha256(Buffer.from([0x50, 0x4b, 0x03, 0x04])));
    const body = JSON.parse(Buffer.from(record.Body).toString());
    expect(body.before).toMatchObject({ reservedConcurrency: null, configuration: { FunctionName: 'payments-worker' } });
    w.log.length = 0;
    await contain(event('QuarantineLambda', 'payments-worker'), WHERE, w.deps);
    expect(mutations(w.log)).toEqual(['PutObject', 'PutObject']);
  });

  test('a failed code download is recorded; the function stays quarantined', async () => {
    const w = world();
    const result = await contain(event('QuarantineLambda', 'payments-worker'), WHERE, { ...w.deps, download: async () => Promise.reject(new Error('code download answered 403')) });
    expect(result.status).toBe('partial');
    expect(result.failures).toEqual([{ step: 'download code', error: 'Error: code download answered 403' }]);
    expect(w.state.functions['payments-worker'].concurrency).toBe(0);
  });

  test.each([
    ['a function in another region', `arn:aws:lambda:eu-central-1:${ACCOUNT}:function:payments-worker`, /region eu-central-1; this runbook acts only in account 333333333333, region eu-west-1/],
    ['a function of another account', `arn:aws:lambda:${REGION}:444444444444:function:payments-worker`, /is in account 444444444444/],
    ['a qualified ARN', `arn:aws:lambda:${REGION}:${ACCOUNT}:function:payments-worker:prod`, /is not an unqualified Lambda function ARN/],
    ['the containment handler itself', 'acme-ir-containment', /is the containment handler itself/],
    ['a function that does not exist', 'ghost', /function ghost does not exist/],
  ])('refuses %s, changing nothing', async (_what, resourceId, message) => {
    const w = world();
    await expect(contain(event('QuarantineLambda', resourceId), WHERE, w.deps)).rejects.toThrow(message);
    expect(mutations(w.log)).toEqual([]);
  });
});

describe('BlockS3PublicAccess', () => {
  test('turns on all four settings as the expected owner, keeps the policy as it was and records it', async () => {
    const w = world();
    await contain(event('BlockS3PublicAccess', 'public-site'), WHERE, w.deps);
    expect(w.log.map((c) => c.api)).toEqual(['GetBucketPolicy', 'GetPublicAccessBlock', 'PutPublicAccessBlock', 'PutObject']);
    expect(w.log[2].input).toEqual({
      Bucket: 'public-site',
      ExpectedBucketOwner: ACCOUNT,
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    });
    expect(w.state.buckets['public-site'].policy).toContain('"Principal":"*"');
    const record = JSON.parse(Buffer.from(w.state.evidence[0].Body).toString());
    expect(record.before).toEqual({ bucketPolicy: w.state.buckets['public-site'].policy, publicAccessBlock: null });
    w.log.length = 0;
    await contain(event('BlockS3PublicAccess', 'public-site'), WHERE, w.deps);
    expect(mutations(w.log)).toEqual(['PutObject']);
  });

  test.each([
    ['a bucket another account owns', 'foreign', /bucket foreign is not owned by account 333333333333/],
    ['a bucket ARN', 'arn:aws:s3:::public-site', /is not an S3 bucket name/],
    ['a bucket that does not exist', 'ghost-bucket', /bucket ghost-bucket does not exist/],
  ])('refuses %s, changing nothing', async (_what, resourceId, message) => {
    const w = world();
    w.state.buckets.foreign = { policy: '{}', owner: '444444444444' };
    await expect(contain(event('BlockS3PublicAccess', resourceId), WHERE, w.deps)).rejects.toThrow(message);
    expect(mutations(w.log)).toEqual([]);
  });
});

describe('handler (the Lambda entry point)', () => {
  test('acts in the account and region of its own function ARN, and says which setting is missing', async () => {
    const { handler } = await import('../../../lambda/containment');
    const saved = { ...process.env };
    delete process.env.EVIDENCE_BUCKET;
    await expect(handler(event('IsolateEc2Instance', 'i-0123456789abcdef0'), { invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:acme-ir-containment` })).rejects.toThrow(
      /environment variable EVIDENCE_BUCKET is not set/,
    );
    process.env = saved;
  });
});
