// Rule: every exclusive gateway that splits has a condition on each outgoing flow or marks it as the default,
// so no token is stuck when no condition holds.
'use strict';
const { is } = require('./helper.js');

module.exports = function gatewayConditions() {
  function check(node, reporter) {
    if (!is(node, 'bpmn:ExclusiveGateway')) return;
    const outgoing = node.outgoing || [];
    if (outgoing.length < 2) return;
    for (const flow of outgoing) {
      const body = flow.conditionExpression && (flow.conditionExpression.body || '').trim();
      if (!body && node.default !== flow) {
        reporter.report(flow.id, `Flow leaving gateway ${node.id} has neither a condition nor is the default flow`);
      }
    }
  }
  return { check };
};
