// Rule: every condition is one ${…} expression the engine's evaluator accepts. Option `check(text) → errors[]`
// (the CLI passes src/engine's checkTemplate); default: jsep with the JUEL word operators the engine adds.
'use strict';
const { is } = require('./helper.js');

let jsep;
try {
  jsep = require('jsep');
  jsep = jsep.default || jsep.jsep || jsep;
  // This is the CommonJS instance, not the engine's ESM one: configure it the same way (src/engine/expressions.ts).
  for (const [op, precedence] of [['and', 2], ['or', 1], ['eq', 6], ['ne', 6], ['lt', 7], ['gt', 7], ['le', 7], ['ge', 7], ['div', 10], ['mod', 10]]) {
    jsep.addBinaryOp(op, precedence);
  }
  jsep.addUnaryOp('not');
  jsep.addUnaryOp('empty');
  for (const op of ['|', '&', '^', '<<', '>>', '>>>']) jsep.removeBinaryOp(op);
  jsep.removeUnaryOp('~');
} catch (e) {
  jsep = null; // bundled without jsep: fall back to the shape check only
}

function conditionProblem(text) {
  const t = (text || '').trim();
  const m = /^\$\{([\s\S]*)\}$/.exec(t);
  if (!m) return `Condition '${t}' is not a single \${…} expression`;
  const inner = m[1].trim();
  if (!inner) return 'Condition ${} is empty';
  if (inner.includes('${')) return `Condition '${t}' nests \${`;
  if (jsep) {
    try {
      const ast = jsep(inner);
      if (ast.type === 'Compound') return `Condition '${t}' has more than one expression`;
    } catch (e) {
      return `Condition '${t}' does not parse: ${e.message}`;
    }
  }
  return null;
}

module.exports = function conditionSyntax(options) {
  const check = options && typeof options.check === 'function' ? options.check : null;
  function check_(node, reporter) {
    if (!is(node, 'bpmn:SequenceFlow') || !node.conditionExpression) return;
    const text = node.conditionExpression.body;
    const problem = conditionProblem(text);
    if (problem) {
      reporter.report(node.id, problem);
      return;
    }
    if (check) for (const message of check(String(text).trim())) reporter.report(node.id, message);
  }
  return { check: check_ };
};

module.exports.conditionProblem = conditionProblem;
