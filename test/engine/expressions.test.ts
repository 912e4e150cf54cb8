// The `${…}` evaluator: JUEL operators over process variables, and refusal of anything that could reach code.
import { describe, expect, it } from 'vitest';
import { checkTemplate, parseExpression, resolveTemplate, variableScope } from '../../src/engine/expressions.js';

const vars = { approved: true, decision: 'refusal', amount: 1500, list: [] as unknown[], person: { age: 17, name: 'A' }, none: null, when: new Date('2026-01-01T00:00:00Z') };
const ev = (text: string) => resolveTemplate(text, variableScope(vars));

describe('expressions', () => {
  it.each([
    ['${approved}', true], ['${!approved}', false], ['${not approved}', false],
    ["${decision == 'refusal'}", true], ["${decision eq 'refusal'}", true], ["${decision != 'refusal'}", false], ["${decision ne 'issued'}", true],
    ['${amount > 1000 && approved}', true], ['${amount gt 1000 and !approved}', false], ['${amount le 1500 or false}', true],
    ['${amount >= 1500}', true], ['${amount lt 10}', false], ['${empty list}', true], ['${empty none}', true], ['${empty decision}', false],
    ['${person.age < 18}', true], ["${person['name']}", 'A'], ['${missing}', undefined], ['${missing.deep}', undefined],
    ['${amount > 1000 ? "big" : "small"}', 'big'], ['${amount + 1}', 1501], ['P${amount}D', 'P1500D'], ['${none == null}', true],
    ["${amount == '1500'}", true], ['${when}', vars.when], ['no expression', 'no expression'],
  ])('%s → %j', (text, expected) => {
    expect(ev(text)).toEqual(expected);
  });

  it.each([
    ['${a ==}', /does not parse/], ['${a; b}', /more than one/], ['${x.constructor}', /forbidden/], ['${x.__proto__}', /forbidden/],
    ["${x.constructor.constructor('return process')()}", /forbidden|not an allowed function/], ['${eval("1")}', /not an allowed function/],
    ['${require("fs")}', /not an allowed function/], ['${a = 1}', /does not parse/], ['${a & b}', /does not parse|unsupported/i], ['${[1,2]}', /unsupported construct/],
  ])('refuses %s', (text, re) => {
    const body = text.slice(2, -1);
    expect(() => parseExpression(body)).toThrow(re);
    expect(checkTemplate(text).join()).toMatch(re);
  });

  it('does not reach prototype members through variables', () => {
    expect(ev('${person.toString}')).toBeUndefined();
    expect(ev("${person['constructor']}")).toBeUndefined();
  });
});
