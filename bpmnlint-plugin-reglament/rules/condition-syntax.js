// Rule: every condition is one ${…} expression the engine's evaluator can parse (jsep, as src/engine does).
'use strict';
const { is } = require('./helper.js');

let jsep;
try {
  jsep = require('jsep');
  jsep = jsep.default || jsep.jsep || jsep;
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
      jsep(inner);
    } catch (e) {
      return `Condition '${t}' does not parse: ${e.message}`;
    }
  }
  return null;
}

module.exports = function conditionSyntax() {
  function check(node, reporter) {
    if (!is(node, 'bpmn:SequenceFlow') || !node.conditionExpression) return;
    const problem = conditionProblem(node.conditionExpression.body);
    if (problem) reporter.report(node.id, problem);
  }
  return { check };
};

module.exports.conditionProblem = conditionProblem;
