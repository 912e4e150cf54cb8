// Rule: every step element (user task, external task, splitting exclusive gateway, result/refusal end event)
// carries reglament:step, and its name starts with that step, so the diagram traces back to the act.
'use strict';
const { isStepElement, propertiesOf } = require('./helper.js');

module.exports = function stepReference() {
  function check(node, reporter) {
    if (!isStepElement(node)) return;
    const step = (propertiesOf(node)['reglament:step'] || '').trim();
    if (!step) {
      reporter.report(node.id, 'Step element has no reglament:step property naming the act\'s step (процесс N / условие N)');
      return;
    }
    const name = (node.name || '').trim();
    if (!name.toLowerCase().startsWith(step.toLowerCase())) {
      reporter.report(node.id, `Element name must start with its step «${step}»`);
    }
  }
  return { check };
};
