/** Error names AWS uses when it throttles or is briefly unavailable. */
const RETRYABLE = /Throttl|TooManyRequests|RequestLimitExceeded|ConcurrentModification|ServiceUnavailable|InternalFailure|InternalServer|SlowDown/;

/**
 * Retries `call` with exponential backoff and jitter while AWS throttles it (on top of the SDK's own
 * three attempts, because organization-wide calls from many StackSet instances throttle for longer).
 */
export async function withRetries<T>(
  call: () => Promise<T>,
  attempts = 6,
  sleep: (ms: number) => Promise<unknown> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      const name = (e as Error).name ?? '';
      if (attempt >= attempts || !RETRYABLE.test(name)) throw e;
      await sleep(Math.min(20_000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2));
    }
  }
}
