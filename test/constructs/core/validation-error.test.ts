import { isValidationError, throwIfProblems, ValidationError } from '../../../constructs/core/validation-error';

test('lists every problem under the title, one per line', () => {
  const e = new ValidationError('Invalid X props:', ['a: "1" is not allowed', 'b: is required']);
  expect(e.message).toBe('Invalid X props:\n  - a: "1" is not allowed\n  - b: is required');
  expect(e.problems).toEqual(['a: "1" is not allowed', 'b: is required']);
});

test('throwIfProblems throws only when there is a problem', () => {
  expect(() => throwIfProblems('T', [])).not.toThrow();
  expect(() => throwIfProblems('T', ['p'])).toThrow(ValidationError);
});

test('isValidationError recognizes the type across module copies, and nothing else', () => {
  const copy = Object.assign(new Error('x'), { name: 'ValidationError', problems: ['p'] });
  expect(isValidationError(copy)).toBe(true);
  expect(isValidationError(new Error('x'))).toBe(false);
  expect(isValidationError('ValidationError')).toBe(false);
});
