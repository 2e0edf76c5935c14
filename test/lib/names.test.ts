import { Template } from 'aws-cdk-lib/assertions';
import { logArchiveNames, networkNames } from '../../lib/names';
import { buildApp, defaultConfig } from '../helpers';

describe('names the network stacks own and consume', () => {
  const config = defaultConfig();
  const { lz } = buildApp(config, { guardrails: false });
  const archive = logArchiveNames(config);

  test('the Session Manager key alias is created by the network stack owning each account-and-region preferences', () => {
    for (const name of ['prod', 'staging']) {
      const stack = lz.networks[name];
      Template.fromStack(stack).hasResourceProperties('AWS::KMS::Alias', { AliasName: networkNames(config, stack.account).sessionKeyAlias });
    }
  });

  test('flow logs, query logs, session preferences and the bastion all use the log archive names', () => {
    const prod = Template.fromStack(lz.networks.prod);
    const bucketArn = `arn:aws:s3:::${archive.bucketName}`;
    prod.hasResourceProperties('AWS::EC2::FlowLog', { LogDestination: bucketArn });
    prod.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfig', { DestinationArn: bucketArn });
    const prefix = networkNames(config, lz.networks.prod.account).sessionLogPrefix;
    expect(prefix).toBe('ssm-session-logs/333333333333');
    const document = Object.values<any>(prod.findResources('AWS::SSM::Document'))[0].Properties.Content.inputs;
    expect([document.s3BucketName, document.s3KeyPrefix]).toEqual([archive.bucketName, prefix]);
    const policy = JSON.stringify(prod.findResources('AWS::IAM::ManagedPolicy'));
    expect(policy).toContain(`${archive.bucketName}/${prefix}/*`);
    expect(policy).toContain(archive.keyAlias);
  });
});
