import { Template } from 'aws-cdk-lib/assertions';
import { baselineNames, detectionNames } from '../../lib/names';
import { buildApp, defaultConfig } from '../helpers';

const config = defaultConfig();
const { lz } = buildApp(config, { guardrails: false });

describe('names the detection and baseline stacks own are created by them', () => {
  const names = detectionNames(config);
  const home = lz.detection.find((s) => s.region === config.organization.homeRegion)!;
  const homeTemplate = Template.fromStack(home);

  test('detection (home region): topic, key alias, aggregator, conformance pack, analyzers, Security Hub policy', () => {
    homeTemplate.hasResourceProperties('AWS::SNS::Topic', { TopicName: names.findingsTopicName });
    homeTemplate.hasResourceProperties('AWS::KMS::Alias', { AliasName: names.findingsKeyAlias });
    homeTemplate.hasResourceProperties('AWS::IAM::Role', { RoleName: names.configAggregatorRoleName });
    homeTemplate.hasResourceProperties('AWS::Config::ConfigurationAggregator', { ConfigurationAggregatorName: names.configAggregatorName });
    homeTemplate.hasResourceProperties('AWS::Config::OrganizationConformancePack', { OrganizationConformancePackName: names.conformancePackName });
    homeTemplate.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', { AnalyzerName: names.accessAnalyzerName });
    homeTemplate.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', { AnalyzerName: names.unusedAccessAnalyzerName });
    homeTemplate.hasResourceProperties('AWS::SecurityHub::ConfigurationPolicy', { Name: names.securityHubPolicyName });
  });

  test('the home event bus other regions forward to is the default bus of the home detection stack’s account and region', () => {
    expect(names.homeEventBusArn).toBe(`arn:aws:events:${home.region}:${home.account}:event-bus/default`);
    // The home stack matches the forwarded findings with the same rules it applies to its own.
    expect(Object.keys(homeTemplate.findResources('AWS::Events::Rule'))).toHaveLength(4);
  });

  test('baseline: StackSet name; the support role, recorder and delivery channel inside its template', () => {
    const b = baselineNames(config);
    const stackSet = Object.values<any>(Template.fromStack(lz.baseline).findResources('AWS::CloudFormation::StackSet'))[0].Properties;
    expect(stackSet.StackSetName).toBe(b.accountBaselineStackSetName);
    const body = JSON.parse(stackSet.TemplateBody);
    const props = Object.values<any>(body.Resources).map((r) => r.Properties);
    expect(props).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ RoleName: b.supportRoleName }),
        expect.objectContaining({ Name: b.configRecorderName }),
        expect.objectContaining({ Name: b.configDeliveryChannelName }),
      ]),
    );
  });

  // Consumed, not owned: logArchiveNames(config).bucketName / keyAliasArn (GuardDuty export, Config delivery)
  // are created by issue 4's log-archive stack; its own names test checks them there.
});
