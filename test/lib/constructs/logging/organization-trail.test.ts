import { Stack } from 'aws-cdk-lib';
import { createApp } from '../../../../lib/app';
import { Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { OrganizationTrail, s3DataEventSelectors } from '../../../../lib/constructs/logging/organization-trail';

const stack = new Stack(createApp(), 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
const trail = new OrganizationTrail(stack, 'Trail', {
  trailName: 'org-trail', bucketName: 'archive', kmsKeyArn: 'arn:aws:kms:eu-west-1:222222222222:alias/acme/log-archive',
  logGroupName: '/acme/trail', logGroupKey: new Key(stack, 'K'), logRetention: RetentionDays.ONE_YEAR,
});
const t = Template.fromStack(stack);
const json = t.toJSON();

test('only this trail can assume the CloudWatch Logs delivery role (confused-deputy guard)', () => {
  expect(trail.trailArn).toBe('arn:aws:cloudtrail:eu-west-1:111111111111:trail/org-trail');
  t.hasResourceProperties('AWS::IAM::Role', {
    AssumeRolePolicyDocument: {
      Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceArn': trail.trailArn } } }],
    },
  });
});

test('the role may write only to the log streams of the trail log group, and exists before the trail', () => {
  t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
    PolicyDocument: { Statement: [{ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: 'arn:aws:logs:eu-west-1:111111111111:log-group:/acme/trail:log-stream:*' }] },
  });
  const [policyId] = Object.entries<any>(json.Resources).find(([, r]) => r.Type === 'AWS::IAM::ManagedPolicy')!;
  const trailResource = Object.values<any>(json.Resources).find((r) => r.Type === 'AWS::CloudTrail::Trail');
  expect(trailResource.DependsOn).toContain(policyId);
});

test('without s3DataEvents the trail records management events only', () => {
  t.hasResourceProperties('AWS::CloudTrail::Trail', {
    AdvancedEventSelectors: [{ Name: 'All management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }],
  });
});

describe('S3 data event selectors (CIS 3.8/3.9)', () => {
  // https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html: readOnly true =
  // reads only, false = writes only, absent = both; resources.ARN StartsWith narrows to buckets.
  const objects = [{ field: 'eventCategory', equalTo: ['Data'] }, { field: 'resources.type', equalTo: ['AWS::S3::Object'] }];
  const resolve = (x: unknown) => new Stack().resolve(x);

  test('reads and writes of every bucket: one selector without readOnly or resources.ARN', () => {
    expect(s3DataEventSelectors({ write: true, read: 'all' })).toEqual([{ name: expect.any(String), fieldSelectors: objects }]);
  });

  test('writes of every bucket and reads of the named buckets only: two selectors, the second narrowed by ARN prefix', () => {
    const selectors = resolve(s3DataEventSelectors({ write: true, read: { buckets: ['acme-log-archive-2-eu-west-1'] } }));
    expect(selectors[0].fieldSelectors).toEqual([...objects, { field: 'readOnly', equalTo: ['false'] }]);
    expect(selectors[1].fieldSelectors.slice(0, 3)).toEqual([...objects, { field: 'readOnly', equalTo: ['true'] }]);
    expect(selectors[1].fieldSelectors[3].field).toBe('resources.ARN');
    expect(JSON.stringify(selectors[1].fieldSelectors[3].startsWith)).toContain(':s3:::acme-log-archive-2-eu-west-1/');
  });

  test('nothing selected, no selector', () => {
    expect(s3DataEventSelectors({ write: false, read: 'none' })).toEqual([]);
    expect(s3DataEventSelectors({ write: false, read: { buckets: [] } })).toEqual([]);
  });
});
