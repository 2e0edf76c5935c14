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
  /** ARN of the CLOUDFRONT web ACL the us-east-1 {@link EdgeStack} creates (its `SiteWebAclArn` output). */
  readonly webAclArn: string;
}

/**
 * The static front end, in the app's governed home region: the content and log buckets stay where the data
 * guardrails allow them. CloudFront is global; only its certificate and web ACL come from us-east-1, by ARN
 * (the certificate from ACM, the web ACL from {@link EdgeStack}).
 */
export class FrontendStack extends Stack {
  public readonly site: StaticSite;

  constructor(scope: Construct, id: string, props: FrontendStackProps) {
    super(scope, id, props);
    this.site = new StaticSite(this, 'Site', {
      domainNames: [props.domainName],
      certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
      webAclArn: props.webAclArn,
    });
  }
}
