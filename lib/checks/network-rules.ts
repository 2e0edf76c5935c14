/**
 * Network rules over every synthesized template, whoever wrote the resource: a product team's security
 * group or a hand-written NACL entry is held to the same line as the TieredVpc. The predicates are the
 * controls' own (`lib/controls/network.ts`), shared with the compliance detectors.
 */
import { ADMIN_PORTS, internetIngressToAdminPorts, vpcFlowLogCoverage, type TemplateResource } from '../controls/network';
import type { SynthesizedStack } from '../template';
import type { TemplateRule } from './plugin';

const resourcesOf = (stack: SynthesizedStack): TemplateResource[] =>
  Object.entries(stack.template.Resources ?? {}).map(([logicalId, r]) => ({ logicalId, type: r.Type, properties: r.Properties ?? {} }));

/** `LZ-AdminPortsClosedToInternet`: no NACL entry or security group rule admits 0.0.0.0/0 or ::/0 to 22, 3389 or 445. */
export const adminPortsClosedToInternetRule: TemplateRule = {
  id: 'LZ-AdminPortsClosedToInternet',
  description: `No network ACL entry or security group ingress admits 0.0.0.0/0 or ::/0 to ${ADMIN_PORTS.join(', ')} over TCP, UDP or all protocols (CIS 5.1.2, 5.2-5.4).`,
  check: (stacks) =>
    stacks.flatMap((s) =>
      resourcesOf(s).flatMap((r) =>
        internetIngressToAdminPorts(r).map((i) => ({
          stackPath: s.stackPath,
          logicalId: r.logicalId,
          message: `${i.kind} admits the internet to port ${i.ports.join(', ')}; allowed: none`,
        })),
      ),
    ),
};

/** `LZ-VpcFlowLogs`: every VPC in a template has a flow log of ALL traffic in the same template (CIS 3.7). */
export const vpcFlowLogsRule: TemplateRule = {
  id: 'LZ-VpcFlowLogs',
  description: 'Every VPC has a flow log recording ALL traffic (CIS 3.7, Security Hub EC2.6).',
  check: (stacks) =>
    stacks.flatMap((s) =>
      vpcFlowLogCoverage(resourcesOf(s)).unlogged.map((vpc) => ({
        stackPath: s.stackPath,
        logicalId: vpc.logicalId,
        message: 'VPC has no flow log of ALL traffic; required: one',
      })),
    ),
};
