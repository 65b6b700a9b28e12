import { describe, expect, it } from 'vitest';
import { compileCondition, isAnswered, type AnswerScope, type Condition } from '../../../shared/forms';

const scope = (o: Record<string, unknown>): AnswerScope => Object.assign(Object.create(null), o) as AnswerScope;
const holds = (c: Condition, o: Record<string, unknown>) => compileCondition(c)(scope(o));

describe('isAnswered', () => {
  it('treats null, undefined, empty text and empty lists as no answer', () => {
    expect([null, undefined, '', []].map(isAnswered)).toEqual([false, false, false, false]);
    expect([0, 'no', ['a'], [{}], ' '].map(isAnswered)).toEqual([true, true, true, true, true]);
  });
});

describe('compileCondition', () => {
  it('eq / ne compare scalars strictly', () => {
    expect(holds({ item: 'a', op: 'eq', value: 'yes' }, { a: 'yes' })).toBe(true);
    expect(holds({ item: 'a', op: 'eq', value: 'yes' }, { a: 'no' })).toBe(false);
    expect(holds({ item: 'a', op: 'eq', value: 1 }, { a: '1' })).toBe(false);
    expect(holds({ item: 'a', op: 'eq', value: 'x' }, { a: ['x'] })).toBe(false);
    expect(holds({ item: 'a', op: 'ne', value: 'yes' }, { a: 'no' })).toBe(true);
    expect(holds({ item: 'a', op: 'ne', value: 'yes' }, { a: 'yes' })).toBe(false);
    // ne is the exact negation of eq: an unanswered item is "not equal".
    expect(holds({ item: 'a', op: 'ne', value: 'yes' }, {})).toBe(true);
  });

  it('in / notIn take a list', () => {
    expect(holds({ item: 'a', op: 'in', value: ['x', 'y'] }, { a: 'y' })).toBe(true);
    expect(holds({ item: 'a', op: 'in', value: ['x', 'y'] }, { a: 'z' })).toBe(false);
    expect(holds({ item: 'a', op: 'in', value: ['x'] }, {})).toBe(false);
    expect(holds({ item: 'a', op: 'notIn', value: ['x', 'y'] }, { a: 'z' })).toBe(true);
    expect(holds({ item: 'a', op: 'notIn', value: ['x', 'y'] }, { a: 'x' })).toBe(false);
    expect(holds({ item: 'a', op: 'in', value: 'x' }, { a: 'x' })).toBe(false); // not a list: never
  });

  it('gt / gte / lt / lte need numbers on both sides', () => {
    expect(holds({ item: 'n', op: 'gt', value: 10 }, { n: 11 })).toBe(true);
    expect(holds({ item: 'n', op: 'gt', value: 10 }, { n: 10 })).toBe(false);
    expect(holds({ item: 'n', op: 'gte', value: 10 }, { n: 10 })).toBe(true);
    expect(holds({ item: 'n', op: 'lt', value: 10 }, { n: 9 })).toBe(true);
    expect(holds({ item: 'n', op: 'lt', value: 10 }, { n: 10 })).toBe(false);
    expect(holds({ item: 'n', op: 'lte', value: 10 }, { n: 10 })).toBe(true);
    expect(holds({ item: 'n', op: 'gt', value: 10 }, { n: '11' })).toBe(false);
    expect(holds({ item: 'n', op: 'lt', value: 10 }, {})).toBe(false);
    expect(holds({ item: 'n', op: 'gt', value: '5' }, { n: 11 })).toBe(false);
  });

  it('answered / notAnswered', () => {
    expect(holds({ item: 'a', op: 'answered' }, { a: 'x' })).toBe(true);
    expect(holds({ item: 'a', op: 'answered' }, { a: '' })).toBe(false);
    expect(holds({ item: 'a', op: 'answered' }, { a: [] })).toBe(false);
    expect(holds({ item: 'a', op: 'notAnswered' }, { a: null })).toBe(true);
    expect(holds({ item: 'a', op: 'notAnswered' }, {})).toBe(true);
    expect(holds({ item: 'a', op: 'notAnswered' }, { a: 0 })).toBe(false);
  });

  it('includes looks inside a multi answer', () => {
    expect(holds({ item: 'm', op: 'includes', value: 'b' }, { m: ['a', 'b'] })).toBe(true);
    expect(holds({ item: 'm', op: 'includes', value: 'c' }, { m: ['a', 'b'] })).toBe(false);
    expect(holds({ item: 'm', op: 'includes', value: 'b' }, { m: 'b' })).toBe(false);
  });

  it('all / any / not combine', () => {
    const c: Condition = { all: [{ item: 'a', op: 'eq', value: 'yes' }, { any: [{ item: 'n', op: 'gt', value: 5 }, { not: { item: 'm', op: 'answered' } }] }] };
    expect(holds(c, { a: 'yes', n: 6, m: ['x'] })).toBe(true);
    expect(holds(c, { a: 'yes', n: 1 })).toBe(true);
    expect(holds(c, { a: 'yes', n: 1, m: ['x'] })).toBe(false);
    expect(holds(c, { a: 'no', n: 6 })).toBe(false);
  });

  it('reads an inherited scope (a group row over the form) and ignores Object.prototype names', () => {
    const top = scope({ a: 'yes' });
    const row = Object.create(top) as Record<string, unknown>;
    row['b'] = 3;
    const c = compileCondition({ all: [{ item: 'a', op: 'eq', value: 'yes' }, { item: 'b', op: 'gte', value: 3 }] });
    expect(c(row as AnswerScope)).toBe(true);
    expect(compileCondition({ item: 'constructor', op: 'answered' })(top)).toBe(false);
  });
});
