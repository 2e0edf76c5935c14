import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { SecurityHubCentralConfiguration } from '../../../../lib/constructs/detection/security-hub-central-configuration';

function aggregatorOf(linkedRegions: string[]) {
  const stack = new Stack(new App(), 'Detection', { env: { account: '222222222222', region: 'eu-west-1' } });
  new SecurityHubCentralConfiguration(stack, 'SecurityHub', { policyName: 'baseline', targetId: 'r-a1b2', linkedRegions });
  return Template.fromStack(stack).findResources('AWS::SecurityHub::FindingAggregator');
}

test('links the other governed regions', () => {
  expect(Object.values(aggregatorOf(['eu-central-1', 'us-east-1']))[0].Properties).toEqual({
    RegionLinkingMode: 'SPECIFIED_REGIONS',
    Regions: ['eu-central-1', 'us-east-1'],
  });
});

test('with the home region the only governed one, links none (an empty SPECIFIED_REGIONS list fails at deploy)', () => {
  expect(Object.values(aggregatorOf([]))[0].Properties).toEqual({ RegionLinkingMode: 'NO_REGIONS' });
});
