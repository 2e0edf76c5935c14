import { Template } from 'aws-cdk-lib/assertions';
import { detectionNames } from '../../../../lib/names';
import { buildApp, defaultConfig, defaultRawConfig, parseRaw } from '../../../helpers';

const config = defaultConfig();
const { lz } = buildApp(config, { checks: false });

describe('Resource Explorer (security-log account)', () => {
  test('by default the home region holds the aggregator index and a view scoped to the whole organization, with tags', () => {
    const home = Template.fromStack(lz.detection[0]);
    home.hasResourceProperties('AWS::ResourceExplorer2::Index', { Type: 'AGGREGATOR' });
    home.hasResourceProperties('AWS::ResourceExplorer2::View', {
      ViewName: detectionNames(config).resourceExplorerViewName,
      Scope: `arn:aws:organizations::111111111111:organization/${config.organization.id}`,
      IncludedProperties: [{ Name: 'tags' }],
    });
    const [view] = Object.values<any>(home.findResources('AWS::ResourceExplorer2::View'));
    expect(view.DependsOn).toEqual([expect.stringMatching(/^ResourceExplorer/)]);
  });

  test('the view is created after the organization stack registers the security-log account as Resource Explorer\'s delegated administrator', () => {
    expect(lz.detection[0].dependencies).toContain(lz.organization);
    Template.fromStack(lz.organization).hasResourceProperties('Custom::DelegatedAdmin', { Service: 'resource-explorer', AdminAccountId: lz.detection[0].account });
  });

  test('opted out, the home region keeps its aggregator index and has no organization view', () => {
    const raw = defaultRawConfig();
    raw.security.resourceExplorerOrganizationView = false;
    const home = Template.fromStack(buildApp(parseRaw(raw), { checks: false }).lz.detection[0]);
    home.hasResourceProperties('AWS::ResourceExplorer2::Index', { Type: 'AGGREGATOR' });
    home.resourceCountIs('AWS::ResourceExplorer2::View', 0);
  });

  test('every other governed region: a local index the aggregator replicates, no view', () => {
    expect(lz.detection.length).toBeGreaterThan(1);
    for (const other of lz.detection.slice(1)) {
      const t = Template.fromStack(other);
      t.hasResourceProperties('AWS::ResourceExplorer2::Index', { Type: 'LOCAL' });
      t.resourceCountIs('AWS::ResourceExplorer2::View', 0);
    }
  });
});
