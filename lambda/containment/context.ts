import { createHash } from 'crypto';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { ServiceCalls } from './aws';

/** Raised for input the handler refuses; nothing has been changed when it is thrown. */
export class ContainmentInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContainmentInputError';
  }
}

/** Where the handler runs and what it may touch. */
export interface Deps {
  readonly ec2: EC2Client;
  readonly iam: IAMClient;
  readonly calls: ServiceCalls;
  readonly evidenceBucket: string;
  readonly evidenceKeyArn: string;
  readonly evidenceRegion: string;
  /** Role name globs (`*` wildcard) the handler never changes. */
  readonly protectedRoles: readonly string[];
  readonly now: () => Date;
  /** Downloads a function's code package (the pre-signed `Code.Location`). */
  readonly download: (url: string) => Promise<Uint8Array>;
}

/** One run: the request, validated, and what has happened so far. */
export interface Run {
  readonly action: string;
  readonly resourceId: string;
  readonly caseId: string;
  readonly findingId: string;
  readonly collector: string;
  readonly account: string;
  readonly region: string;
  /** What this run changed, in order ("ModifyInstanceAttribute DisableApiTermination=true"). */
  readonly changes: string[];
  /** Steps that failed without stopping the containment. */
  readonly failures: Array<{ step: string; error: string }>;
  /** Evidence object keys written. */
  readonly evidence: string[];
}

export interface ContainmentResult {
  readonly action: string;
  readonly resourceId: string;
  readonly caseId: string;
  /** contained: every step succeeded; partial: contained, but some steps (listed in failures) did not. */
  readonly status: 'contained' | 'partial';
  readonly changes: string[];
  readonly failures: Array<{ step: string; error: string }>;
  readonly evidence: string[];
}

export function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** Runs one optional step; a failure is recorded, never thrown. */
export async function attempt<T>(run: Run, step: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    run.failures.push({ step, error: errorText(e) });
    return undefined;
  }
}

/**
 * Writes one evidence object: `cases/<case>/<account>/<region>/<action>/<resource>/<time>-<name>`, SSE-KMS with
 * the evidence key, the case, finding, collector and SHA-256 as metadata, and the SHA-256 as S3's checksum so S3
 * rejects a body that changed on the way. A failed write is recorded; containment is not undone.
 */
export async function putEvidence(run: Run, deps: Deps, name: string, body: Uint8Array | string, contentType = 'application/json'): Promise<void> {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  const digest = createHash('sha256').update(bytes).digest();
  const stamp = deps.now().toISOString().replace(/[:.]/g, '-');
  const key = `cases/${run.caseId}/${run.account}/${run.region}/${run.action}/${run.resourceId.replace(/[^\w.=@-]/g, '_')}/${stamp}-${name}`;
  await attempt(run, `evidence ${name}`, async () => {
    await deps.calls.call(
      'S3',
      'PutObject',
      {
        Bucket: deps.evidenceBucket,
        Key: key,
        Body: bytes,
        ContentType: contentType,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: deps.evidenceKeyArn,
        ChecksumSHA256: digest.toString('base64'),
        Metadata: { 'case-id': run.caseId, 'finding-id': run.findingId, collector: run.collector, sha256: digest.toString('hex') },
      },
      deps.evidenceRegion,
    );
    run.evidence.push(key);
  });
}

/** Writes the run's record (before, after, changes, failures) as `record.json`. */
export async function putRecord(run: Run, deps: Deps, before: unknown, after: unknown, extra: Record<string, unknown> = {}): Promise<void> {
  const record = {
    action: run.action,
    resourceId: run.resourceId,
    caseId: run.caseId,
    findingId: run.findingId,
    collector: run.collector,
    account: run.account,
    region: run.region,
    at: deps.now().toISOString(),
    before,
    after,
    changes: run.changes,
    failures: run.failures,
    ...extra,
  };
  await putEvidence(run, deps, 'record.json', JSON.stringify(record, null, 2));
}

/** `*` globs, as IAM names them. */
export function matchesGlob(value: string, glob: string): boolean {
  const re = new RegExp(`^${glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}
