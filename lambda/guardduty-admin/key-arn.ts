/**
 * KMS DescribeKey, for the one thing the GuardDuty handler needs from KMS: the key ARN behind an alias ARN
 * (GuardDuty's publishing destination takes the key's ARN, not an alias). `@aws-sdk/client-kms` is not a
 * dependency of this project, so this signs the one JSON 1.1 request itself with the SDK's own SigV4
 * signer and the Lambda environment's credentials.
 *
 * @see https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html (KeyId accepts an alias
 * ARN; the response's KeyMetadata.Arn is the key ARN; errors are returned as `__type`)
 */
import { createHash, createHmac, type Hash, type Hmac } from 'crypto';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';

const bytes = (data: SourceData): string | Uint8Array =>
  typeof data === 'string' ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);

/** SHA-256 (and HMAC-SHA-256 with a secret) in the shape SignatureV4 expects, from Node's crypto. */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/** Signers are created once per region and reused across invocations. */
const signers = new Map<string, SignatureV4>();
function signer(region: string): SignatureV4 {
  if (!signers.has(region)) signers.set(region, new SignatureV4({ service: 'kms', region, credentials: fromEnv(), sha256: NodeSha256 }));
  return signers.get(region)!;
}

/** The ARN of the key `keyId` (a key ID, key ARN, alias name or alias ARN) names, in `region`. */
export async function describeKeyArn(keyId: string, region: string, send: typeof fetch = fetch): Promise<string> {
  const hostname = `kms.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
  const body = JSON.stringify({ KeyId: keyId });
  const request = await signer(region).sign({
    method: 'POST',
    protocol: 'https:',
    hostname,
    path: '/',
    query: {},
    headers: { host: hostname, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.DescribeKey' },
    body,
  });
  const response = await send(`https://${hostname}/`, { method: 'POST', headers: request.headers, body });
  const json = (await response.json()) as { KeyMetadata?: { Arn?: string }; __type?: string; message?: string; Message?: string };
  if (!response.ok) {
    // `__type` is `[namespace#]ErrorName`; the name is what retries and callers match on.
    const error = new Error(`kms:DescribeKey ${keyId}: ${json.message ?? json.Message ?? response.statusText}`);
    error.name = (json.__type ?? 'KMSInternalException').split('#').pop()!;
    throw error;
  }
  if (!json.KeyMetadata?.Arn) throw new Error(`kms:DescribeKey ${keyId} returned no KeyMetadata.Arn`);
  return json.KeyMetadata.Arn;
}
