import { deployWaves, assemblyStackNodes } from '../../../lib/delivery/waves';
import { defaultAssemblyDir } from '../../helpers';

describe('deployWaves', () => {
  test('puts each stack in the first wave after all of its dependencies', () => {
    expect(
      deployWaves([
        { name: 'c', dependsOn: ['a', 'b'] },
        { name: 'b', dependsOn: ['a'] },
        { name: 'a', dependsOn: [] },
        { name: 'd', dependsOn: [] },
      ]),
    ).toEqual([['a', 'd'], ['b'], ['c']]);
  });

  test('refuses a cycle and an unknown dependency, naming them', () => {
    expect(() => deployWaves([{ name: 'a', dependsOn: ['b'] }, { name: 'b', dependsOn: ['a'] }])).toThrow(/dependency cycle among a, b/);
    expect(() => deployWaves([{ name: 'a', dependsOn: ['x'] }])).toThrow(/a depends on x, which is not in the assembly/);
  });

  test('orders the default landing zone by its stack dependencies: home-region detection and the dev networks sharing session preferences last', () => {
    const waves = deployWaves(assemblyStackNodes(defaultAssemblyDir()));
    const purpose = (n: string) => n.replace(/^acme-/, '').replace(/-(management|security-log|prod|dev)-eu-(west|central)-1$/, '');
    expect(waves.map((w) => w.map(purpose))).toEqual([
      ['elb-log-archive', 'log-archive', 'organization'],
      ['account-baseline', 'account-baseline', 'baseline', 'detection', 'incident-response-members', 'incident-response', 'log-silence-01', 'log-silence-05', 'network-prod', 'network-staging', 'org-trail'],
      ['detection', 'network-demo', 'network-sandbox'],
    ]);
  });
});
