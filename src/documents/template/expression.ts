// Placeholders: `{{ path }}` or `{{ helper arg … }}` inside a text. An argument is a path or a "quoted literal".
// Parsing is separate from resolving so that deploy-time checks and rendering read a text the same way.
import { HELPERS } from './helpers.js';

export type Arg = { path: string } | { literal: string };
export interface Placeholder { source: string; helper?: string; args: Arg[] }
export type Piece = string | Placeholder;

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const TOKEN = /"([^"]*)"|(\S+)/g;
const PATH = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/;

export class PlaceholderSyntaxError extends Error {}

function parseOne(source: string): Placeholder {
  const tokens: Arg[] = [];
  for (const m of source.matchAll(TOKEN)) {
    if (m[1] !== undefined) tokens.push({ literal: m[1] });
    else if (PATH.test(m[2]!)) tokens.push({ path: m[2]! });
    else throw new PlaceholderSyntaxError(`'{{${source}}}': '${m[2]}' is neither a name nor a "quoted text"`);
  }
  if (tokens.length === 0) throw new PlaceholderSyntaxError(`'{{${source}}}' is empty`);
  const [first, ...rest] = tokens;
  if (rest.length === 0) {
    if (!('path' in first!)) throw new PlaceholderSyntaxError(`'{{${source}}}': a placeholder names a value, not a quoted text`);
    return { source, args: [first] };
  }
  if (!('path' in first!) || !HELPERS[first.path]) {
    const name = 'path' in first! ? first.path : `"${first!.literal}"`;
    throw new PlaceholderSyntaxError(`'{{${source}}}': '${name}' is not a helper (helpers: ${Object.keys(HELPERS).join(', ')})`);
  }
  const helper = HELPERS[first.path]!;
  if (rest.length < helper.arity[0] || rest.length > helper.arity[1]) {
    throw new PlaceholderSyntaxError(`'{{${source}}}': helper '${first.path}' takes ${helper.arity[0]}–${helper.arity[1]} argument(s)`);
  }
  if (!('path' in rest[0]!)) throw new PlaceholderSyntaxError(`'{{${source}}}': the first argument of '${first.path}' must name a value`);
  return { source, helper: first.path, args: rest };
}

/** Splits a text into literal parts and placeholders; throws PlaceholderSyntaxError on a malformed one. */
export function parseText(text: string): Piece[] {
  const pieces: Piece[] = [];
  let at = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index! > at) pieces.push(text.slice(at, m.index));
    pieces.push(parseOne(m[1]!.trim()));
    at = m.index! + m[0].length;
  }
  if (at < text.length) pieces.push(text.slice(at));
  const rest = pieces.filter((p): p is string => typeof p === 'string').join('');
  if (rest.includes('{{') || rest.includes('}}')) throw new PlaceholderSyntaxError(`unbalanced braces in '${text.slice(0, 80)}'`);
  return pieces;
}

/** The paths a text reads, helpers' arguments included. */
export function pathsOf(text: string): string[] {
  return parseText(text).flatMap((p) => (typeof p === 'string' ? [] : p.args.flatMap((a) => ('path' in a ? [a.path] : []))));
}
