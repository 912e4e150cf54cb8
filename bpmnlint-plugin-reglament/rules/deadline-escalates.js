// Rule: a deadline (boundary timer) does not cancel its step and leads to an escalate-overdue task, as
// docs/conventions.md says; an interrupting deadline is reported so the manifest's decisions can justify it.
'use strict';
const { camundaAttr, is, isExternalTask, timerDefinitionOf } = require('./helper.js');

module.exports = function deadlineEscalates() {
  function check(node, reporter) {
    if (!is(node, 'bpmn:BoundaryEvent') || !timerDefinitionOf(node)) return;
    if (node.cancelActivity !== false) {
      reporter.report(node.id, 'Deadline timer interrupts its step; the act must say a breach ends the step (record it in the manifest\'s decisions)');
      return;
    }
    const targets = (node.outgoing || []).map((flow) => flow.targetRef).filter(Boolean);
    if (!targets.some((t) => isExternalTask(t) && camundaAttr(t, 'topic') === 'escalate-overdue')) {
      reporter.report(node.id, 'Deadline timer does not lead to an escalate-overdue external task');
    }
  }
  return { check };
};
