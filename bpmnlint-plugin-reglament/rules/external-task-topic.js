// Rule: every external task names a topic that a worker serves (workers/<topic>.ts; option `topics`,
// default the topic table of docs/conventions.md).
'use strict';
const { CONVENTION_TOPICS, camundaAttr, isExternalTask, is, listOption } = require('./helper.js');

module.exports = function externalTaskTopic(options) {
  const topics = new Set(listOption(options, 'topics', CONVENTION_TOPICS));
  function check(node, reporter) {
    const external = isExternalTask(node) || ((is(node, 'bpmn:SendTask') || is(node, 'bpmn:BusinessRuleTask')) && camundaAttr(node, 'type') === 'external');
    if (!external) return;
    const topic = (camundaAttr(node, 'topic') || '').trim();
    if (!topic) reporter.report(node.id, 'External task has no camunda:topic');
    else if (!topics.has(topic)) reporter.report(node.id, `No worker serves topic '${topic}' (expected workers/${topic}.ts)`);
  }
  return { check };
};
