import { privateSubnetGroupProblems } from '../../../constructs/core/subnets';
import { testStack, tieredVpcFixture } from '../nag';

describe('privateSubnetGroupProblems', () => {
  const vpc = tieredVpcFixture(testStack('S'));

  test('accepts a private tier', () => {
    expect(privateSubnetGroupProblems(vpc, 'app')).toEqual([]);
  });

  test('refuses the public tier and names it', () => {
    expect(privateSubnetGroupProblems(vpc, 'public')).toEqual(['subnetGroupName: "public" is a public subnet group (allowed: a private tier such as app)']);
  });

  test('refuses a group the VPC does not have', () => {
    expect(privateSubnetGroupProblems(vpc, 'web')).toEqual(['subnetGroupName: the VPC has no subnet group "web" (allowed: a private subnet group of the VPC, e.g. app)']);
  });
});
