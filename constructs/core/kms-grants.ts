/**
 * KMS grants only for AWS services: a key-policy statement that denies `kms:CreateGrant` unless an AWS service
 * integrated with KMS asks on a principal's behalf (`kms:GrantIsForAWSResource`) or the caller is an AWS service
 * principal (`aws:PrincipalIsAWSService`). A grant is a standing permission outside the key policy; no principal
 * of this project creates one itself, while the services that encrypt for it (EBS, RDS, Lambda, Secrets
 * Manager...) keep creating theirs. This is AWS Control Tower's CT.KMS.PR.3 / CT.KMS.PV.1 statement, as written.
 *
 * @see https://docs.aws.amazon.com/controltower/latest/controlreference/ct-kms-pv-1.html
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/grant-authorization.html (kms:GrantIsForAWSResource)
 */
import { Aspects, type IAspect } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key, type KeyProps } from 'aws-cdk-lib/aws-kms';
import type { Construct, IConstruct } from 'constructs';

/** Statement ID of the deny, so it is added once per key. */
export const GRANTS_FOR_AWS_SERVICES_ONLY_SID = 'DenyGrantsExceptForAwsServices';

const limited = new WeakSet<Key>();

/** Adds the deny to `key`'s policy (once). */
export function limitGrantsToAwsServices(key: Key): void {
  if (limited.has(key)) return;
  limited.add(key);
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: GRANTS_FOR_AWS_SERVICES_ONLY_SID,
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }),
  );
}

/** Limits grants on every `Key` below the scope it is added to. */
export class LimitKeyGrantsToAwsServices implements IAspect {
  public visit(node: IConstruct): void {
    if (node instanceof Key) limitGrantsToAwsServices(node);
  }

  /** Limits the keys `scope` holds now and, as an aspect, those added before synth. */
  public static applyTo(scope: IConstruct): void {
    const aspect = new LimitKeyGrantsToAwsServices();
    for (const c of scope.node.findAll()) aspect.visit(c);
    Aspects.of(scope).add(aspect);
  }
}

/**
 * A new `Key` whose grants are limited to AWS services (CT.KMS.PR.3): the one way the product constructs create
 * their keys, so a product team running the Control Tower proactive controls finds every key compliant.
 */
export function newKeyWithServiceGrantsOnly(scope: IConstruct, id: string, props: KeyProps): Key {
  const key = new Key(scope as Construct, id, props);
  limitGrantsToAwsServices(key);
  return key;
}
