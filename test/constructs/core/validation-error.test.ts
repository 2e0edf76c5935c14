import { App, Duration, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { isValidationError, throwIfProblems, ValidationError } from '../../../constructs/core/validation-error';
import { SecureBucket } from '../../../constructs/storage/secure-bucket';

/** A construct placed at Product/Uploads, the way a product app places one. */
const uploads = () => new Construct(new Stack(new App(), 'Product'), 'Uploads');

test('lists every problem under the title, one per line', () => {
  const e = new ValidationError('Invalid X props:', ['a: "1" is not allowed', 'b: is required']);
  expect(e.message).toBe('Invalid X props:\n  - a: "1" is not allowed\n  - b: is required');
  expect(e.problems).toEqual(['a: "1" is not allowed', 'b: is required']);
  expect(e.constructPath).toBeUndefined();
});

test('a SecureBucket placed at Product/Uploads names itself and its path before the problem, on one line', () => {
  const stack = new Stack(new App(), 'Product');
  expect(() => new SecureBucket(stack, 'Uploads', { expireObjectsAfter: Duration.hours(12) })).toThrow(
    /^SecureBucket Product\/Uploads: expireObjectsAfter: 0\.5 days is not allowed \(allowed: a whole number of days, at least 1\)$/,
  );
});

test('a construct with several problems lists them under its name and path, one per line', () => {
  const e = ValidationError.of(uploads(), 'SecureBucket', ['a: "1" is not allowed', 'b: is required']);
  expect(e.message).toBe('SecureBucket Product/Uploads:\n  - a: "1" is not allowed\n  - b: is required');
  expect(e.problems).toEqual(['a: "1" is not allowed', 'b: is required']);
  expect(e.constructPath).toBe('Product/Uploads');
});

test('the construct name is the one passed, not the class the scope happens to be (names survive minification)', () => {
  expect(ValidationError.of(uploads(), 'TieredVpc', ['cidr: is required']).message).toBe('TieredVpc Product/Uploads: cidr: is required');
});

test('throwIfProblems throws only when there is a problem, titled or located', () => {
  expect(() => throwIfProblems('T', [])).not.toThrow();
  expect(() => throwIfProblems('T', ['p'])).toThrow(ValidationError);
  expect(() => throwIfProblems(uploads(), 'SecureBucket', [])).not.toThrow();
  expect(() => throwIfProblems(uploads(), 'SecureBucket', ['p: is wrong'])).toThrow(/^SecureBucket Product\/Uploads: p: is wrong$/);
});

test('isValidationError recognizes the type across module copies, and nothing else', () => {
  const copy = Object.assign(new Error('x'), { name: 'ValidationError', problems: ['p'] });
  expect(isValidationError(copy)).toBe(true);
  expect(isValidationError(ValidationError.of(uploads(), 'SecureBucket', ['p']))).toBe(true);
  expect(isValidationError(new Error('x'))).toBe(false);
  expect(isValidationError('ValidationError')).toBe(false);
});
