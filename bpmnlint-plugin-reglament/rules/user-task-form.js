// Rule: every user task has a camunda:formRef, and (when option `forms` lists the form ids of forms/) it exists.
'use strict';
const { camundaAttr, is, listOption } = require('./helper.js');

module.exports = function userTaskForm(options) {
  const forms = listOption(options, 'forms', null);
  const known = forms ? new Set(forms) : null;
  function check(node, reporter) {
    if (!is(node, 'bpmn:UserTask')) return;
    const formRef = (camundaAttr(node, 'formRef') || '').trim();
    if (!formRef) reporter.report(node.id, 'User task has no camunda:formRef');
    else if (known && !known.has(formRef)) reporter.report(node.id, `Form '${formRef}' does not exist (expected forms/${formRef}.form)`);
  }
  return { check };
};
