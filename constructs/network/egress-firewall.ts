/**
 * AWS Network Firewall egress filtering for a tiered VPC: an allowlist of domains (TLS SNI and HTTP Host)
 * plus Suricata-compatible rules, evaluated in strict order with "drop established" as the default, so a
 * flow that matches no pass rule is dropped once its first packets are seen.
 *
 * Routing (per AZ): public subnets → firewall endpoint → internet gateway, and the internet gateway's edge
 * route table sends traffic for each public subnet back through the same AZ's endpoint (symmetric).
 */
import { Fn, Names } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as nfw from 'aws-cdk-lib/aws-networkfirewall';
import { Construct } from 'constructs';
import { acknowledgeEveryPack } from '../core/opt-out';
import { proactiveControlId } from '../core/proactive-controls';

/** Rule-group capacity is fixed at creation; these leave room to grow without a replacement. */
const DOMAIN_CAPACITY = 1000;
const SURICATA_CAPACITY = 1000;

/** Props for {@link EgressFirewall}. */
export interface EgressFirewallProps {
  readonly vpc: ec2.IVpc;
  readonly vpcCidr: string;
  /** The dedicated firewall subnets, one per AZ, in AZ order. */
  readonly firewallSubnets: readonly ec2.ISubnet[];
  /** The public subnets whose internet traffic goes through the firewall, in the same AZ order. */
  readonly publicSubnets: readonly ec2.ISubnet[];
  /** ID of the VPC's internet gateway. */
  readonly internetGatewayId: string;
  /**
   * Domains the VPC may reach over TLS/HTTP; a leading dot admits subdomains (`.amazonaws.com`).
   * @see https://docs.aws.amazon.com/network-firewall/latest/developerguide/stateful-rule-groups-domain-names.html
   */
  readonly allowedDomains: readonly string[];
  /** Extra Suricata-compatible rules, evaluated before the domain allowlist. @default [] */
  readonly suricataRules?: readonly string[];
  /** Ports the internet may open to the public tier (load balancers). @default [443, 80] */
  readonly inboundPorts?: readonly number[];
  /**
   * Bucket for the firewall's alert logs, written by `delivery.logs.amazonaws.com` under the default
   * `AWSLogs/<account>/network-firewall/alert/` keys. @default - no firewall logging
   */
  readonly alertLogBucketName?: string;
}

/**
 * One firewall per AZ sharing one policy (Network Firewall bills per endpoint, so this costs the same as
 * one multi-AZ firewall and lets each route name its own AZ's endpoint without a lookup).
 *
 * Default settings: strict rule order; default actions drop and alert on established flows; stateless
 * traffic forwarded to the stateful engine; delete and subnet-change protection on.
 */
export class EgressFirewall extends Construct {
  /** The firewall policy every firewall shares (L1): strict order, custom rules, then the domain allowlist. */
  public readonly policy: nfw.CfnFirewallPolicy;
  /** The firewalls, one per AZ in the order of `firewallSubnets` (L1). Read their endpoint IDs from `attrEndpointIds`. */
  public readonly firewalls: nfw.CfnFirewall[] = [];

  constructor(scope: Construct, id: string, props: EgressFirewallProps) {
    super(scope, id);
    const homeNet = { ipSets: { HOME_NET: { definition: [props.vpcCidr] } } };
    const inbound = (props.inboundPorts ?? [443, 80]).join(',');
    // Internet clients may open connections to the public tier's load balancers; nothing else comes in.
    const rules = [
      `pass tcp $EXTERNAL_NET any -> $HOME_NET [${inbound}] (msg:"internet to public tier"; flow:to_server; sid:1000001; rev:1;)`,
      ...(props.suricataRules ?? []),
    ];
    const custom = new nfw.CfnRuleGroup(this, 'Rules', {
      ruleGroupName: `${Names.uniqueResourceName(this, { maxLength: 100 })}-rules`,
      type: 'STATEFUL',
      capacity: SURICATA_CAPACITY,
      ruleGroup: {
        ruleVariables: homeNet,
        rulesSource: { rulesString: rules.join('\n') },
        statefulRuleOptions: { ruleOrder: 'STRICT_ORDER' },
      },
    });
    const domains = new nfw.CfnRuleGroup(this, 'Domains', {
      ruleGroupName: `${Names.uniqueResourceName(this, { maxLength: 100 })}-domains`,
      type: 'STATEFUL',
      capacity: DOMAIN_CAPACITY,
      ruleGroup: {
        ruleVariables: homeNet,
        rulesSource: {
          rulesSourceList: { generatedRulesType: 'ALLOWLIST', targets: [...props.allowedDomains], targetTypes: ['TLS_SNI', 'HTTP_HOST'] },
        },
        statefulRuleOptions: { ruleOrder: 'STRICT_ORDER' },
      },
    });
    this.policy = new nfw.CfnFirewallPolicy(this, 'Policy', {
      firewallPolicyName: Names.uniqueResourceName(this, { maxLength: 128 }),
      firewallPolicy: {
        statelessDefaultActions: ['aws:forward_to_sfe'],
        statelessFragmentDefaultActions: ['aws:forward_to_sfe'],
        statefulDefaultActions: ['aws:drop_established', 'aws:alert_established'],
        statefulEngineOptions: { ruleOrder: 'STRICT_ORDER' },
        statefulRuleGroupReferences: [
          { resourceArn: custom.attrRuleGroupArn, priority: 1 },
          { resourceArn: domains.attrRuleGroupArn, priority: 2 },
        ],
      },
    });

    const edge = new ec2.CfnRouteTable(this, 'EdgeRouteTable', { vpcId: props.vpc.vpcId });
    new ec2.CfnGatewayRouteTableAssociation(this, 'EdgeAssociation', {
      gatewayId: props.internetGatewayId,
      routeTableId: edge.attrRouteTableId,
    });
    props.firewallSubnets.forEach((subnet, i) => {
      const firewall = new nfw.CfnFirewall(this, `Firewall${i + 1}`, {
        firewallName: `${Names.uniqueResourceName(this, { maxLength: 120 })}-${i + 1}`,
        firewallPolicyArn: this.policy.attrFirewallPolicyArn,
        vpcId: props.vpc.vpcId,
        subnetMappings: [{ subnetId: subnet.subnetId }],
        deleteProtection: true,
        subnetChangeProtection: true,
        firewallPolicyChangeProtection: false,
      });
      this.firewalls.push(firewall);
      acknowledgeEveryPack(
        firewall,
        [proactiveControlId('netfw_multi_az_enabled_check')],
        `One firewall per AZ by design (same policy, same price per endpoint): this one filters only the public subnets of AZ ${i + 1}, each other AZ has its own, so the VPC's egress is filtered in every AZ and each route names its own AZ's endpoint without a lookup.`,
      );
      if (props.alertLogBucketName) {
        new nfw.CfnLoggingConfiguration(this, `Logging${i + 1}`, {
          firewallArn: firewall.attrFirewallArn,
          loggingConfiguration: {
            logDestinationConfigs: [
              { logType: 'ALERT', logDestinationType: 'S3', logDestination: { bucketName: props.alertLogBucketName } },
            ],
          },
        });
      }
      // A one-subnet firewall has exactly one endpoint, listed as "az:vpce-id".
      const endpointId = Fn.select(1, Fn.split(':', Fn.select(0, firewall.attrEndpointIds)));
      const toInternet = new ec2.CfnRoute(this, `FirewallToInternet${i + 1}`, {
        routeTableId: subnet.routeTable.routeTableId,
        destinationCidrBlock: '0.0.0.0/0',
        gatewayId: props.internetGatewayId,
      });
      acknowledgeEveryPack(
        toInternet,
        ['NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW'],
        'The firewall subnets hold only Network Firewall endpoints, which filter every flow before it reaches the internet gateway.',
      );
      const publicSubnet = props.publicSubnets[i];
      const defaultRoute = publicSubnet.node.tryFindChild('DefaultRoute') as ec2.CfnRoute | undefined;
      if (defaultRoute) {
        defaultRoute.gatewayId = undefined;
        defaultRoute.vpcEndpointId = endpointId;
      }
      new ec2.CfnRoute(this, `InternetToPublic${i + 1}`, {
        routeTableId: edge.attrRouteTableId,
        destinationCidrBlock: publicSubnet.ipv4CidrBlock,
        vpcEndpointId: endpointId,
      });
    });
  }
}
