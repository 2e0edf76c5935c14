import { withRetries } from '../../../lambda/shared/retry';

const failing = (name: string) => Object.assign(new Error(name), { name });

test('retries throttling with growing backoff, then gives up with the last error', async () => {
  const sleeps: number[] = [];
  let calls = 0;
  const call = async () => {
    calls++;
    throw failing('ThrottlingException');
  };
  await expect(withRetries(call, 4, async (ms) => void sleeps.push(ms))).rejects.toThrow('ThrottlingException');
  expect(calls).toBe(4);
  expect(sleeps).toHaveLength(3);
  expect(sleeps[2]).toBeGreaterThan(sleeps[0]);
});

test('returns as soon as a call succeeds', async () => {
  let calls = 0;
  const result = await withRetries(async () => (++calls < 3 ? Promise.reject(failing('TooManyRequestsException')) : 'ok'), 6, async () => undefined);
  expect([result, calls]).toEqual(['ok', 3]);
});

test('does not retry an error that is not transient', async () => {
  let calls = 0;
  await expect(withRetries(async () => { calls++; throw failing('AccessDeniedException'); }, 6, async () => undefined)).rejects.toThrow('AccessDenied');
  expect(calls).toBe(1);
});
