// The only evaluator of Camunda-style `${…}` expressions: parses with jsep and walks the AST over process variables.
// Text from a deployment is never handed to eval, Function or vm; only the node types below are understood.
import jsep from 'jsep';

// JUEL spells some operators as words; jsep is configured once per process (it is a module singleton).
jsep.addBinaryOp('and', 2);
jsep.addBinaryOp('or', 1);
jsep.addBinaryOp('eq', 6);
jsep.addBinaryOp('ne', 6);
jsep.addBinaryOp('lt', 7);
jsep.addBinaryOp('gt', 7);
jsep.addBinaryOp('le', 7);
jsep.addBinaryOp('ge', 7);
jsep.addBinaryOp('div', 10);
jsep.addBinaryOp('mod', 10);
jsep.addUnaryOp('not');
jsep.addUnaryOp('empty');
jsep.removeBinaryOp('|');
jsep.removeBinaryOp('&');
jsep.removeBinaryOp('^');
jsep.removeBinaryOp('<<');
jsep.removeBinaryOp('>>');
jsep.removeBinaryOp('>>>');
jsep.removeUnaryOp('~');

type Node = jsep.Expression;
export type Scope = (name: string) => unknown;

const cache = new Map<string, Node>();
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

export class ExpressionError extends Error {}

/** Parses one expression body (the text between `${` and `}`); throws ExpressionError with the reason. */
export function parseExpression(body: string): Node {
  const hit = cache.get(body);
  if (hit) return hit;
  let ast: Node;
  try {
    ast = jsep(body);
  } catch (err) {
    throw new ExpressionError(`Expression '\${${body}}' does not parse: ${(err as Error).message}`);
  }
  checkNodes(ast, body);
  if (cache.size > 5000) cache.clear();
  cache.set(body, ast);
  return ast;
}

function checkNodes(node: Node, body: string): void {
  switch (node.type) {
    case 'Literal': case 'Identifier': case 'ThisExpression': return;
    case 'UnaryExpression': return checkNodes(node.argument as Node, body);
    case 'BinaryExpression': checkNodes(node.left as Node, body); return checkNodes(node.right as Node, body);
    case 'ConditionalExpression':
      checkNodes(node.test as Node, body); checkNodes(node.consequent as Node, body); return checkNodes(node.alternate as Node, body);
    case 'MemberExpression':
      checkNodes(node.object as Node, body);
      if (node.computed) return checkNodes(node.property as Node, body);
      if (FORBIDDEN.has(String((node.property as Node).name))) throw new ExpressionError(`Expression '\${${body}}' uses a forbidden property`);
      return;
    case 'CallExpression': {
      const callee = node.callee as Node;
      const name = callee.type === 'Identifier' ? String(callee.name) : callee.type === 'MemberExpression' && !callee.computed ? String((callee.property as Node).name) : '';
      if (!(name in FUNCTIONS) && !(name in METHODS)) throw new ExpressionError(`Expression '\${${body}}' calls '${name || '?'}', which is not an allowed function`);
      if (callee.type === 'MemberExpression') checkNodes(callee.object as Node, body);
      for (const a of node.arguments as Node[]) checkNodes(a, body);
      return;
    }
    case 'Compound': throw new ExpressionError(`Expression '\${${body}}' has more than one expression`);
    default: throw new ExpressionError(`Expression '\${${body}}' uses an unsupported construct (${node.type})`);
  }
}

const FUNCTIONS: Record<string, (...args: unknown[]) => unknown> = {
  now: () => new Date(),
  dateTime: () => new Date(),
  isEmpty: (v) => isEmpty(v),
};
const METHODS: Record<string, (self: unknown, ...args: unknown[]) => unknown> = {
  contains: (s, v) => (typeof s === 'string' || Array.isArray(s) ? (s as string).includes(v as string) : false),
  startsWith: (s, v) => String(s).startsWith(String(v)),
  endsWith: (s, v) => String(s).endsWith(String(v)),
  toLowerCase: (s) => String(s).toLowerCase(),
  toUpperCase: (s) => String(s).toUpperCase(),
  trim: (s) => String(s).trim(),
  size: (s) => (Array.isArray(s) || typeof s === 'string' ? s.length : s && typeof s === 'object' ? Object.keys(s).length : 0),
  length: (s) => (Array.isArray(s) || typeof s === 'string' ? s.length : 0),
  equals: (s, v) => looseEq(s, v),
};

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object' && !(v instanceof Date)) return Object.keys(v as object).length === 0;
  return false;
}

function prim(v: unknown): unknown {
  return v instanceof Date ? v.getTime() : v;
}
function looseEq(a: unknown, b: unknown): boolean {
  const x = prim(a); const y = prim(b);
  if (x === y) return true;
  if (x == null || y == null) return x == null && y == null;
  if (typeof x === 'number' && typeof y === 'string' && y.trim() !== '') return x === Number(y);
  if (typeof y === 'number' && typeof x === 'string' && x.trim() !== '') return y === Number(x);
  if (typeof x === 'boolean' && typeof y === 'string') return String(x) === y;
  if (typeof y === 'boolean' && typeof x === 'string') return String(y) === x;
  return false;
}
function compare(a: unknown, b: unknown): number {
  const x = prim(a) as number; const y = prim(b) as number;
  return x < y ? -1 : x > y ? 1 : 0;
}

function member(obj: unknown, key: unknown): unknown {
  if (obj === null || obj === undefined) return undefined;
  const k = String(key);
  if (FORBIDDEN.has(k)) return undefined;
  if (typeof obj === 'string' && k === 'length') return obj.length;
  if (typeof obj !== 'object') return undefined;
  return Object.prototype.hasOwnProperty.call(obj, k) ? (obj as Record<string, unknown>)[k] : undefined;
}

export function evaluateAst(node: Node, scope: Scope): unknown {
  switch (node.type) {
    case 'Literal': return node.value;
    case 'Identifier': {
      const name = String(node.name);
      if (name === 'null') return null;
      if (name === 'true') return true;
      if (name === 'false') return false;
      return scope(name);
    }
    case 'ThisExpression': return undefined;
    case 'MemberExpression': {
      const obj = evaluateAst(node.object as Node, scope);
      const key = node.computed ? evaluateAst(node.property as Node, scope) : (node.property as Node).name;
      return member(obj, key);
    }
    case 'UnaryExpression': {
      const op = String(node.operator);
      const v = evaluateAst(node.argument as Node, scope);
      if (op === '!' || op === 'not') return !v;
      if (op === 'empty') return isEmpty(v);
      if (op === '-') return -(v as number);
      if (op === '+') return +(v as number);
      throw new ExpressionError(`Unsupported operator ${op}`);
    }
    case 'BinaryExpression': {
      const op = String(node.operator);
      if (op === '&&' || op === 'and') return Boolean(evaluateAst(node.left as Node, scope)) && Boolean(evaluateAst(node.right as Node, scope));
      if (op === '||' || op === 'or') return Boolean(evaluateAst(node.left as Node, scope)) || Boolean(evaluateAst(node.right as Node, scope));
      const l = evaluateAst(node.left as Node, scope);
      const r = evaluateAst(node.right as Node, scope);
      switch (op) {
        case '==': case '===': case 'eq': return looseEq(l, r);
        case '!=': case '!==': case 'ne': return !looseEq(l, r);
        case '<': case 'lt': return compare(l, r) < 0;
        case '>': case 'gt': return compare(l, r) > 0;
        case '<=': case 'le': return compare(l, r) <= 0;
        case '>=': case 'ge': return compare(l, r) >= 0;
        case '+': return typeof l === 'string' || typeof r === 'string' ? `${l ?? ''}${r ?? ''}` : (l as number) + (r as number);
        case '-': return (l as number) - (r as number);
        case '*': return (l as number) * (r as number);
        case '/': case 'div': return (l as number) / (r as number);
        case '%': case 'mod': return (l as number) % (r as number);
        default: throw new ExpressionError(`Unsupported operator ${op}`);
      }
    }
    case 'ConditionalExpression':
      return evaluateAst(node.test as Node, scope) ? evaluateAst(node.consequent as Node, scope) : evaluateAst(node.alternate as Node, scope);
    case 'CallExpression': {
      const callee = node.callee as Node;
      const args = (node.arguments as Node[]).map((a) => evaluateAst(a, scope));
      if (callee.type === 'Identifier') return FUNCTIONS[String(callee.name)]!(...args);
      const self = evaluateAst(callee.object as Node, scope);
      return METHODS[String((callee.property as Node).name)]!(self, ...args);
    }
    default: throw new ExpressionError(`Unsupported construct ${node.type}`);
  }
}

const whole = /^\$\{([\s\S]+)\}$/;
const part = /\$\{([^}]+)\}/g;

/** True when the text contains at least one `${…}`. */
export function hasExpression(text: unknown): boolean {
  return typeof text === 'string' && /\$\{[^}]+\}/.test(text);
}

/** Parses every `${…}` in a text; returns the error messages (empty when all parse). */
export function checkTemplate(text: string): string[] {
  const errors: string[] = [];
  for (const m of text.matchAll(part)) {
    try { parseExpression(m[1]!); } catch (err) { errors.push((err as Error).message); }
  }
  return errors;
}

/**
 * Resolves a text: a single `${…}` yields the value itself; a text with several parts yields a string.
 * Text without `${` is returned unchanged.
 */
export function resolveTemplate(text: string, scope: Scope): unknown {
  const m = whole.exec(text);
  if (m && !m[1]!.includes('${')) return evaluateAst(parseExpression(m[1]!), scope);
  if (!text.includes('${')) return text;
  return text.replace(part, (_s, body: string) => {
    const v = evaluateAst(parseExpression(body), scope);
    return v === undefined || v === null ? '' : v instanceof Date ? v.toISOString() : String(v);
  });
}

/** A scope over plain variables, falling back to extra roots (e.g. environment, content). */
export function variableScope(variables: Record<string, unknown>, extra: Record<string, unknown> = {}): Scope {
  return (name) => {
    if (Object.prototype.hasOwnProperty.call(variables, name)) return variables[name];
    if (Object.prototype.hasOwnProperty.call(extra, name)) return extra[name];
    return undefined;
  };
}

/**
 * The `expressions` object handed to bpmn-engine: Camunda reads variables at top level,
 * so `${approved}` is environment.variables.approved.
 */
export function engineExpressions(): { resolveExpression(text: string, context?: Record<string, unknown>): unknown; isExpression(text: string): boolean; hasExpression(text: string): boolean } {
  return {
    resolveExpression(text, context = {}) {
      if (typeof text !== 'string') return text;
      const env = context.environment as { variables?: Record<string, unknown> } | undefined;
      const vars = env?.variables ?? {};
      const content = context.content as { output?: Record<string, unknown> } | undefined;
      return resolveTemplate(text, variableScope(vars, { environment: env, content, properties: context.properties }));
    },
    isExpression: (text) => typeof text === 'string' && whole.test(text),
    hasExpression,
  };
}
