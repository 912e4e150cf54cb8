// Rule: every limit of the act (option `limits`: [{ step, action?, duration, calendar?, excludeReceiptDay? }],
// from the manifest) has a timer of that step with that duration, counted the same way; without the option
// there is nothing to compare.
'use strict';
const { is, propertiesOf, timerDefinitionOf } = require('./helper.js');

function timersOf(root) {
  const out = [];
  const visit = (container) => {
    for (const el of container.flowElements || []) {
      if (is(el, 'bpmn:CatchEvent') && timerDefinitionOf(el)) out.push(el);
      if (el.flowElements) visit(el);
    }
  };
  for (const root2 of root.rootElements || []) if (is(root2, 'bpmn:Process')) visit(root2);
  return out;
}

module.exports = function stepDeadline(options) {
  const limits = (options && Array.isArray(options.limits) ? options.limits : []).filter((l) => l && l.duration);
  function check(node, reporter) {
    if (!is(node, 'bpmn:Definitions') || limits.length === 0) return;
    const process = (node.rootElements || []).find((e) => is(e, 'bpmn:Process'));
    const timers = timersOf(node).map((t) => ({ props: propertiesOf(t), duration: (timerDefinitionOf(t).timeDuration || {}).body }));
    for (const limit of limits) {
      const matching = timers.filter((t) => t.props['reglament:step'] === limit.step && (!limit.action || t.props['reglament:action'] === limit.action));
      const label = limit.action ? `«${limit.step}» (${limit.action})` : `«${limit.step}»`;
      if (matching.length === 0) {
        reporter.report(process ? process.id : node.id, `The act limits ${label} to ${limit.text || limit.duration} but no timer carries that step`);
      } else if (!matching.some((t) => (t.duration || '').trim() === limit.duration)) {
        reporter.report(process ? process.id : node.id, `The timer of ${label} is ${matching[0].duration}, the act's limit is ${limit.duration}`);
      } else {
        const timer = matching.find((t) => (t.duration || '').trim() === limit.duration);
        const calendar = timer.props['reglament:calendar'] || 'calendar';
        if (limit.calendar && calendar !== limit.calendar) {
          reporter.report(process ? process.id : node.id, `The timer of ${label} counts in '${calendar}', the act's limit in '${limit.calendar}'`);
        }
        const exclude = timer.props['reglament:excludeReceiptDay'] === 'true';
        if (typeof limit.excludeReceiptDay === 'boolean' && exclude !== limit.excludeReceiptDay) {
          reporter.report(process ? process.id : node.id, `The timer of ${label} ${exclude ? 'excludes' : 'counts'} the receipt day, the act's limit ${limit.excludeReceiptDay ? 'excludes' : 'counts'} it`);
        }
      }
    }
  }
  return { check };
};
