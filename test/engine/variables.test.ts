// Camunda 7 typed variables: casing, conversions, dates with +0000, reserved names, files never inlined.
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/errors.js';
import { forOutput, formatDate, fromPlain, normalizeMap, normalizeTyped, toPlain } from '../../src/engine/variables.js';

describe('typed variables', () => {
  it('accepts any casing and answers with Camunda type names', () => {
    expect(normalizeTyped('a', { type: 'string', value: 'x' })).toEqual({ type: 'String', value: 'x' });
    expect(normalizeTyped('a', { type: 'INTEGER', value: '5' })).toEqual({ type: 'Integer', value: 5 });
    expect(normalizeTyped('a', { type: 'long', value: 2 ** 40 })).toEqual({ type: 'Long', value: 2 ** 40 });
    expect(normalizeTyped('a', { type: 'boolean', value: 'true' })).toEqual({ type: 'Boolean', value: true });
    expect(normalizeTyped('a', { type: 'null', value: null })).toEqual({ type: 'Null', value: null });
  });
  it('formats dates as yyyy-MM-dd\'T\'HH:mm:ss.SSSZ', () => {
    expect(formatDate(new Date('2025-01-02T03:04:05.678Z'))).toBe('2025-01-02T03:04:05.678+0000');
    expect(normalizeTyped('d', { type: 'Date', value: '2025-01-02T08:04:05.678+0500' }).value).toBe('2025-01-02T03:04:05.678+0000');
    expect(toPlain({ type: 'Date', value: '2025-01-02T03:04:05.678+0000' })).toEqual(new Date('2025-01-02T03:04:05.678Z'));
  });
  it('keeps Json as a string and parses it for expressions; Object needs application/json', () => {
    const j = normalizeTyped('j', { type: 'json', value: { a: [1] } });
    expect(j).toEqual({ type: 'Json', value: '{"a":[1]}' });
    expect(toPlain(j)).toEqual({ a: [1] });
    expect(normalizeTyped('o', { type: 'Object', value: '{"b":2}', valueInfo: { serializationDataFormat: 'application/json', objectTypeName: 'java.util.HashMap' } }).valueInfo)
      .toMatchObject({ serializationDataFormat: 'application/json', objectTypeName: 'java.util.HashMap' });
    expect(() => normalizeTyped('o', { type: 'Object', value: 'x', valueInfo: { serializationDataFormat: 'application/x-java-serialized-object' } })).toThrow(InvalidRequestError);
  });
  it('rejects reserved names, bad values and oversized files with the variable named', () => {
    for (const name of ['fields', 'content', 'properties']) expect(() => normalizeMap({ [name]: { type: 'String', value: 'x' } })).toThrow(/reserved/);
    expect(() => normalizeTyped('n', { type: 'Integer', value: 'abc' })).toThrow(/'n'/);
    expect(() => normalizeTyped('n', { type: 'Integer', value: 2 ** 33 })).toThrow(/range/);
    expect(() => normalizeTyped('t', { type: 'Nope', value: 1 })).toThrow(/Unsupported value type/);
    expect(() => normalizeTyped('f', { type: 'File', value: 'A'.repeat(2000) }, 100)).toThrow(/larger than/);
  });
  it('never inlines files in output', () => {
    const f = normalizeTyped('f', { type: 'file', value: Buffer.from('hello').toString('base64'), valueInfo: { filename: 'a.txt', mimeType: 'text/plain' } });
    expect(forOutput({ f })).toEqual({ f: { type: 'File', value: null, valueInfo: { filename: 'a.txt', mimeType: 'text/plain' } } });
    expect(fromPlain('x', { a: 1 })).toEqual({ type: 'Json', value: '{"a":1}' });
  });
});
