import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { constant, derivative, evaluate, formatExpr, maxOf, scaled, sumOf, variable, variablesOf } from '../../../src/model/channels.js';

describe('channel expressions', () => {
  const expr = sumOf([maxOf([variable('a'), variable('b')]), scaled(4, variable('c')), constant(3)]);

  it('evaluates max, sum, scale and constants', () => {
    assert.equal(evaluate(expr, { a: 5, b: 7, c: 2 }), 7 + 8 + 3);
  });

  it('differentiates through the maximum argument and scales', () => {
    assert.deepEqual(Object.fromEntries(derivative(expr, { a: 5, b: 7, c: 2 })), { b: 1, c: 4 });
  });

  it('gives a tied maximum to its first argument (the trunk keeps ownership)', () => {
    assert.deepEqual(Object.fromEntries(derivative(maxOf([variable('trunk'), variable('branch')]), { trunk: 16, branch: 16 })), { trunk: 1 });
  });

  it('lists variables once, in order of first mention', () => {
    assert.deepEqual(variablesOf(sumOf([variable('x'), maxOf([variable('y'), variable('x')])])), ['x', 'y']);
  });

  it('names a missing width instead of returning NaN', () => {
    assert.throws(() => evaluate(variable('ghost'), {}), /no width given for 'ghost'/);
  });

  it('formats readably', () => {
    assert.equal(formatExpr(expr), 'max(a, b) + 4·c + 3');
  });
});
