import { attempt, ContainmentInputError, putEvidence, putRecord, type Deps, type Run } from './context';
import { NOT_FOUND } from './aws';

const nullIfMissing = (e: any) => {
  if (NOT_FOUND.has(e?.name)) return null;
  throw e;
};

/** The function name from a name or an ARN of this account and region (a qualifier is refused: concurrency is per function). */
export function functionName(run: Run): string {
  const value = run.resourceId;
  if (!value.startsWith('arn:')) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(value)) throw new ContainmentInputError(`resourceId: "${value}" is not a Lambda function name or ARN`);
    return value;
  }
  const m = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,64})$/.exec(value);
  if (!m) throw new ContainmentInputError(`resourceId: "${value}" is not an unqualified Lambda function ARN (arn:aws:lambda:<region>:<account>:function:NAME)`);
  if (m[2] !== run.account || m[1] !== run.region) {
    throw new ContainmentInputError(`resourceId: function ${m[3]} is in account ${m[2]}, region ${m[1]}; this runbook acts only in account ${run.account}, region ${run.region} (run it there)`);
  }
  return m[3];
}

/**
 * Reserved concurrency 0: Lambda runs no invocation of the function (reverse: put the previous value back, or
 * delete-function-concurrency if it had none). Its configuration and code package are kept as evidence first.
 */
export async function quarantineLambda(run: Run, deps: Deps, ownFunctionName: string): Promise<void> {
  const name = functionName(run);
  if (name === ownFunctionName) throw new ContainmentInputError(`resourceId: ${name} is the containment handler itself`);
  const fn = await deps.calls.call('Lambda', 'GetFunction', { FunctionName: name }).catch((e) => {
    if (e?.name === 'ResourceNotFoundException') throw new ContainmentInputError(`resourceId: function ${name} does not exist in account ${run.account}, region ${run.region}`);
    throw e;
  });
  const concurrency = await deps.calls.call('Lambda', 'GetFunctionConcurrency', { FunctionName: name });
  const previous = concurrency.ReservedConcurrentExecutions ?? null;
  if (previous !== 0) {
    await deps.calls.call('Lambda', 'PutFunctionConcurrency', { FunctionName: name, ReservedConcurrentExecutions: 0 });
    run.changes.push(`PutFunctionConcurrency ${name} 0`);
  }
  const location = fn.Code?.Location as string | undefined;
  const code = location ? await attempt(run, 'download code', () => deps.download(location)) : undefined;
  if (code) await putEvidence(run, deps, 'code.zip', code, 'application/zip');
  await putRecord(run, deps, { configuration: fn.Configuration, reservedConcurrency: previous, codeRepository: fn.Code?.RepositoryType, imageUri: fn.Code?.ImageUri }, { reservedConcurrency: 0 });
}

const ALL_BLOCKED = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

/**
 * Turns on all four public access block settings of the bucket (reverse: put the previous configuration back,
 * recorded, or delete-public-access-block); its policy is kept unchanged and recorded. Every call names this
 * account as the expected owner, so a bucket of another account is refused by S3 itself.
 */
export async function blockS3PublicAccess(run: Run, deps: Deps): Promise<void> {
  const bucket = run.resourceId;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || bucket.includes('..')) throw new ContainmentInputError(`resourceId: "${bucket}" is not an S3 bucket name`);
  const owner = { Bucket: bucket, ExpectedBucketOwner: run.account };
  const policy = await deps.calls
    .call('S3', 'GetBucketPolicy', owner)
    .then((r) => r.Policy ?? null)
    .catch((e) => {
      if (e?.name === 'NoSuchBucket') throw new ContainmentInputError(`resourceId: bucket ${bucket} does not exist`);
      if (e?.name === 'AccessDenied' || e?.$metadata?.httpStatusCode === 403) {
        throw new ContainmentInputError(`resourceId: bucket ${bucket} is not owned by account ${run.account} (S3 refused ExpectedBucketOwner); run this in the owner's account`);
      }
      return nullIfMissing(e);
    });
  const block = await deps.calls
    .call('S3', 'GetPublicAccessBlock', owner)
    .then((r) => r.PublicAccessBlockConfiguration ?? null)
    .catch(nullIfMissing);
  const done = block && Object.entries(ALL_BLOCKED).every(([k, v]) => block[k] === v);
  if (!done) {
    await deps.calls.call('S3', 'PutPublicAccessBlock', { ...owner, PublicAccessBlockConfiguration: ALL_BLOCKED });
    run.changes.push(`PutPublicAccessBlock ${bucket} all`);
  }
  await putRecord(run, deps, { bucketPolicy: policy, publicAccessBlock: block }, { bucketPolicy: policy, publicAccessBlock: ALL_BLOCKED });
}
