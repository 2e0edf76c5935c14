import { runRules, type TemplateRule } from '../../../lib/checks/plugin';

test('runRules turns findings into violations that name stack, resource and message', () => {
  const rule: TemplateRule = {
    id: 'LZ-Test',
    description: 'Test rule.',
    check: (stacks) => stacks.map((s) => ({ stackPath: s.stackPath, logicalId: 'Thing', message: 'is 6 of at most 5' })),
  };
  const [violation] = runRules([rule], [{ stackPath: 'S', templatePath: '/t/S.template.json', template: {} }]);
  expect(violation).toMatchObject({
    ruleName: 'LZ-Test',
    severity: 'error',
    violatingResources: [{ resourceLogicalId: 'Thing', templatePath: '/t/S.template.json', locations: ['is 6 of at most 5'] }],
  });
  expect(violation.description).toContain('S/Thing: is 6 of at most 5');
  expect(runRules([rule], [])).toEqual([]);
});
