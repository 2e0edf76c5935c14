import { Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type { Construct } from 'constructs';
// A product team imports these from 'secure-landing-zone/constructs'.
import { StaticSite } from '../../constructs';

export interface FrontendStackProps extends StackProps {
  /** Domain of the site, e.g. `www.example.com`. */
  readonly domainName: string;
  /** ACM certificate for `domainName`, in us-east-1 (CloudFront only uses certificates from there). */
  readonly certificateArn: string;
}

/**
 * The static front end. It lives in us-east-1 because CloudFront's WAF web ACL (scope CLOUDFRONT) and
 * certificate must be there; the rest of the app stays in its home region. (Alternative: keep the site in
 * the home region and pass `webAclArn` from a small us-east-1 stack with `crossRegionReferences: true`.)
 */
export class FrontendStack extends Stack {
  public readonly site: StaticSite;

  constructor(scope: Construct, id: string, props: FrontendStackProps) {
    super(scope, id, props);
    this.site = new StaticSite(this, 'Site', {
      domainNames: [props.domainName],
      certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
    });
  }
}
