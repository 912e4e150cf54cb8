// Rule: every timer has a valid ISO 8601 duration, a reglament:calendar the engine knows, and a working-day
// duration expressed in days; a boundary timer belongs to the same step as the element it watches.
'use strict';
const { is, propertiesOf, timerDefinitionOf } = require('./helper.js');

// Same grammar as src/calendar/iso-duration.ts (a test keeps them in step).
const ISO_DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;
const CALENDARS = ['calendar', 'kz-working-days'];

function durationProblem(text, calendar) {
  const t = (text || '').trim();
  const m = ISO_DURATION.exec(t);
  if (!m || t === 'P' || t.endsWith('T')) return `Timer duration '${t}' is not an ISO 8601 duration (P3D, PT30M)`;
  if (calendar === 'kz-working-days' && (m[1] || m[2] || m[3])) {
    return `Timer duration '${t}' counts years, months or weeks in working days; write the days (P10D)`;
  }
  return null;
}

module.exports = function deadlineTimer() {
  function check(node, reporter) {
    if (!is(node, 'bpmn:CatchEvent')) return;
    const timer = timerDefinitionOf(node);
    if (!timer) return;
    const props = propertiesOf(node);
    const calendar = props['reglament:calendar'];
    if (calendar === undefined) reporter.report(node.id, 'Timer has no reglament:calendar (kz-working-days | calendar)');
    else if (!CALENDARS.includes(calendar)) reporter.report(node.id, `Timer reglament:calendar '${calendar}' is not one of ${CALENDARS.join(', ')}`);
    const exclude = props['reglament:excludeReceiptDay'];
    if (exclude !== undefined && exclude !== 'true' && exclude !== 'false') {
      reporter.report(node.id, `Timer reglament:excludeReceiptDay '${exclude}' is not true or false`);
    }
    const issue = props['reglament:excludeIssueDay'];
    if (issue !== undefined && issue !== 'true' && issue !== 'false') {
      reporter.report(node.id, `Timer reglament:excludeIssueDay '${issue}' is not true or false`);
    }
    if (!timer.timeDuration) {
      reporter.report(node.id, 'Deadline timer has no timeDuration (a limit of the act is a duration)');
    } else {
      const problem = durationProblem(timer.timeDuration.body, calendar);
      if (problem) reporter.report(node.id, problem);
    }
    if (is(node, 'bpmn:BoundaryEvent') && node.attachedToRef) {
      const own = props['reglament:step'];
      const host = propertiesOf(node.attachedToRef)['reglament:step'];
      if (own && host && own !== host) {
        reporter.report(node.id, `Timer belongs to step «${own}» but watches ${node.attachedToRef.id} of step «${host}»`);
      }
    }
  }
  return { check };
};

module.exports.durationProblem = durationProblem;
