// Rule: every user task says who does it: camunda:candidateGroups or camunda:assignee.
'use strict';
const { camundaAttr, is } = require('./helper.js');

module.exports = function userTaskAssignment() {
  function check(node, reporter) {
    if (!is(node, 'bpmn:UserTask')) return;
    const groups = (camundaAttr(node, 'candidateGroups') || '').trim();
    const assignee = (camundaAttr(node, 'assignee') || '').trim();
    if (!groups && !assignee) reporter.report(node.id, 'User task has neither camunda:candidateGroups nor camunda:assignee');
  }
  return { check };
};
