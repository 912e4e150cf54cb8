// Rule: every step element (user task, external task, splitting exclusive gateway, result/refusal end event)
// carries reglament:step, and its name starts with that step, so the diagram traces back to the act. An element
// the act does not describe (a decision of the manifest) says so with reglament:notInAct = <why> instead; one taken
// whole from another act or a convention names it in reglament:source (rule source-mark checks the form).
'use strict';
const { isStepElement, propertiesOf } = require('./helper.js');

module.exports = function stepReference() {
  function check(node, reporter) {
    if (!isStepElement(node)) return;
    const props = propertiesOf(node);
    const step = (props['reglament:step'] || '').trim();
    if (!step && ((props['reglament:notInAct'] || '').trim() || (props['reglament:source'] || '').trim())) return;
    if (!step) {
      reporter.report(node.id, 'Step element has no reglament:step property naming the act\'s step (процесс N / условие N), nor reglament:notInAct saying why the act has none, nor reglament:source naming where it comes from');
      return;
    }
    const name = (node.name || '').trim();
    if (!name.toLowerCase().startsWith(step.toLowerCase())) {
      reporter.report(node.id, `Element name must start with its step «${step}»`);
    }
  }
  return { check };
};
