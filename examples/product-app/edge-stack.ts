import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
// A product team imports these from 'secure-landing-zone/constructs'.
import { SecureWebAcl } from '../../constructs';

/**
 * The only piece of the front end that must live in us-east-1: CloudFront reads CLOUDFRONT-scope web ACLs
 * from there. It holds the web ACL, its `aws-waf-logs-*` log group and that group's key, all of which the
 * landing zone's edge-region allowance admits (docs/organization.md). No bucket, no function: CDK's
 * `crossRegionReferences` would add a Lambda-backed export writer here, which the allowance denies, so the
 * ARN travels as a setting (`siteWebAclArn`), like the certificate's.
 */
export class EdgeStack extends Stack {
  public readonly webAcl: SecureWebAcl;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.webAcl = new SecureWebAcl(this, 'SiteWebAcl', { scope: 'CLOUDFRONT' });
    new CfnOutput(this, 'SiteWebAclArn', { value: this.webAcl.webAclArn, description: 'Set as siteWebAclArn of the front end.' });
  }
}
