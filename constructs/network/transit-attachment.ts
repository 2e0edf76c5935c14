/**
 * Hybrid connectivity for a tiered VPC: a transit gateway attachment in the dedicated transit subnets,
 * routes to the office networks from the app tier only (the one tier the office may reach), and
 * optionally a site-to-site VPN from the transit gateway to the office's customer gateway.
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

/** Props for {@link TransitAttachment}. */
export interface TransitAttachmentProps {
  readonly vpc: ec2.IVpc;
  /** ID of an existing transit gateway (`tgw-...`), owned by or shared (AWS RAM) with this account. */
  readonly transitGatewayId: string;
  /** The dedicated transit subnets, one per AZ. */
  readonly subnets: readonly ec2.ISubnet[];
  /** Subnets whose route tables get routes to the office networks. */
  readonly routedSubnets: readonly ec2.ISubnet[];
  /**
   * Subnets whose internet egress goes through the transit gateway (a `0.0.0.0/0` route to it): the egress tiers
   * when the VPC has no NAT gateway of its own (`natGateways: 'transit'`).
   * @default [] - the VPC's own NAT gateways, if any, carry egress
   * @see https://docs.aws.amazon.com/whitepapers/latest/building-scalable-secure-multi-vpc-network-infrastructure/centralized-egress-to-internet.html
   */
  readonly egressSubnets?: readonly ec2.ISubnet[];
  /** Office networks reached through the transit gateway. @default [] */
  readonly officeCidrs?: readonly string[];
  /**
   * Public IP of the office's customer gateway: creates a BGP site-to-site VPN on the transit gateway.
   * The VPN must be created in the account that owns the transit gateway.
   * @default - no VPN
   * @see https://docs.aws.amazon.com/vpn/latest/s2svpn/create-tgw-vpn-attachment.html
   */
  readonly customerGatewayIp?: string;
  /** BGP ASN of the customer gateway. @default 65000 */
  readonly customerGatewayAsn?: number;
}

/** A transit gateway attachment with office routes, and an optional site-to-site VPN. */
export class TransitAttachment extends Construct {
  /**
   * The VPC's attachment to the transit gateway (L1). Make resources that route through the transit
   * gateway depend on it (`route.addResourceDependency(attachment)`): such routes fail until it exists.
   */
  public readonly attachment: ec2.CfnTransitGatewayAttachment;
  /** The BGP site-to-site VPN to the customer gateway when `customerGatewayIp` was passed; undefined otherwise. */
  public readonly vpn?: ec2.CfnVPNConnection;

  constructor(scope: Construct, id: string, props: TransitAttachmentProps) {
    super(scope, id);
    this.attachment = new ec2.CfnTransitGatewayAttachment(this, 'Resource', {
      transitGatewayId: props.transitGatewayId,
      vpcId: props.vpc.vpcId,
      subnetIds: props.subnets.map((s) => s.subnetId),
    });
    (props.officeCidrs ?? []).forEach((cidr, c) => {
      props.routedSubnets.forEach((subnet, i) => {
        const route = new ec2.CfnRoute(this, `Office${c + 1}Route${i + 1}`, {
          routeTableId: subnet.routeTable.routeTableId,
          destinationCidrBlock: cidr,
          transitGatewayId: props.transitGatewayId,
        });
        // A route to a transit gateway fails until the VPC is attached to it.
        route.addResourceDependency(this.attachment);
      });
    });
    (props.egressSubnets ?? []).forEach((subnet, i) => {
      const route = new ec2.CfnRoute(this, `EgressRoute${i + 1}`, {
        routeTableId: subnet.routeTable.routeTableId,
        destinationCidrBlock: '0.0.0.0/0',
        transitGatewayId: props.transitGatewayId,
      });
      route.addResourceDependency(this.attachment);
    });
    if (props.customerGatewayIp) {
      const customerGateway = new ec2.CfnCustomerGateway(this, 'CustomerGateway', {
        bgpAsn: props.customerGatewayAsn ?? 65000,
        ipAddress: props.customerGatewayIp,
        type: 'ipsec.1',
      });
      this.vpn = new ec2.CfnVPNConnection(this, 'Vpn', {
        customerGatewayId: customerGateway.ref,
        transitGatewayId: props.transitGatewayId,
        type: 'ipsec.1',
        staticRoutesOnly: false,
      });
    }
  }
}
