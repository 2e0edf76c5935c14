import { Template } from 'aws-cdk-lib/assertions';
import { detectionNames } from '../../../../lib/names';
import { buildApp, defaultConfig, defaultRawConfig, defaultStacksOf, parseRaw } from '../../../helpers';

const config = defaultConfig();
const detection = defaultStacksOf('detection');

describe('Resource Explorer (security-log account)', () => {
  test('by default the home region holds the aggregator index and no organization view, which needs a delegated administrator first', () => {
    const home = detection[0].template;
    home.hasResourceProperties('AWS::ResourceExplorer2::Index', { Type: 'AGGREGATOR' });
    home.resourceCountIs('AWS::ResourceExplorer2::View', 0);
  });

  test('turned on, the home region gets a view scoped to the whole organization, with tags', () => {
    const raw = defaultRawConfig();
    raw.security.resourceExplorerOrganizationView = true;
    const home = Template.fromStack(buildApp(parseRaw(raw), { checks: false }).lz.detection[0]);
    home.hasResourceProperties('AWS::ResourceExplorer2::Index', { Type: 'AGGREGATOR' });
    home.hasResourceProperties('AWS::ResourceExplorer2::View', {
      ViewName: detectionNames(config).resourceExplorerViewName,
      Scope: `arn:aws:organizations::111111111111:organization/${config.organization.id}`,
      IncludedProperties: [{ Name: 'tags' }],
    });
    const [view] = Object.values<any>(home.findResources('AWS::ResourceExplorer2::View'));
    expect(view.DependsOn).toEqual([expect.stringMatching(/^ResourceExplorer/)]);
  });

  test('every other governed region: a local index the aggregator replicates, no view', () => {
    expect(detection.length).toBeGreaterThan(1);
    for (const { template: t } of detection.slice(1)) {
      t.hasResourceProperties('AWS::ResourceExplorer2::Index', { Type: 'LOCAL' });
      t.resourceCountIs('AWS::ResourceExplorer2::View', 0);
    }
  });
});
