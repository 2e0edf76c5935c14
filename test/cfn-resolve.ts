/** Resolves the few intrinsics landing-zone policies use (Ref, Fn::GetAtt Arn, Fn::Join) into plain strings. */
export function resolveIntrinsics(value: any, template: any): any {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, template));
  if (value && typeof value === 'object') {
    if ('Ref' in value) {
      if (value.Ref === 'AWS::Partition') return 'aws';
      if (value.Ref === 'AWS::URLSuffix') return 'amazonaws.com';
      return physicalName(value.Ref, template) ?? `ref-${value.Ref}`;
    }
    if ('Fn::GetAtt' in value) {
      const [id, attr] = value['Fn::GetAtt'];
      const res = template.Resources[id];
      if (res?.Type === 'AWS::S3::Bucket' && attr === 'Arn') return `arn:aws:s3:::${res.Properties.BucketName}`;
      if (res?.Type === 'AWS::KMS::Key' && attr === 'Arn') return `arn:aws:kms:eu-west-1:000000000000:key/${id}`;
      return `${id}.${attr}`;
    }
    if ('Fn::Join' in value) {
      const [sep, parts] = value['Fn::Join'];
      return resolveIntrinsics(parts, template).join(sep);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveIntrinsics(v, template)]));
  }
  return value;
}

function physicalName(logicalId: string, template: any): string | undefined {
  const res = template.Resources[logicalId];
  // A bucket's Ref is its name; other resources (topics: ARN) are left as `ref-<logicalId>` for the test to substitute.
  return res?.Type === 'AWS::S3::Bucket' ? res.Properties.BucketName : undefined;
}

/** The resolved bucket policy document of the bucket named `bucketName`. */
export function bucketPolicyOf(template: any, bucketName: string): any {
  const [id] = Object.entries<any>(template.Resources).find(([, r]) => r.Type === 'AWS::S3::Bucket' && r.Properties.BucketName === bucketName)!;
  const policy = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket.Ref === id);
  return resolveIntrinsics(policy.Properties.PolicyDocument, template);
}
