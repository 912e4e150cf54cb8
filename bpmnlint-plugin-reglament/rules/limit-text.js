// Rule: a timer's reglament:limitText (the act's words) and its timeDuration / reglament:calendar say the same thing:
// «30 секунд» is PT30S, not PT1M; «3 рабочих дня» is P3D on kz-working-days; a range counts by its upper bound; «день
// приема … не входит» sets reglament:excludeReceiptDay. One reading per text: the parser is the importer's
// (src/importer/limit-text.ts), passed in as option `parse` by src/reglament/lint, so import and lint cannot disagree.
'use strict';
const { is, propertiesOf, timerDefinitionOf } = require('./helper.js');

const ISO = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** [days, seconds] of an ISO duration (years, months as 365 and 30 days), or null. */
function measure(text) {
  const m = ISO.exec((text || '').trim());
  if (!m) return null;
  const n = (i) => Number(String(m[i] || 0).replace(',', '.'));
  return [n(1) * 365 + n(2) * 30 + n(3) * 7 + n(4), n(5) * 3600 + n(6) * 60 + n(7)];
}

module.exports = function limitText(options) {
  const parse = options && options.parse;
  function check(node, reporter) {
    if (typeof parse !== 'function' || !is(node, 'bpmn:CatchEvent')) return;
    const timer = timerDefinitionOf(node);
    const props = propertiesOf(node);
    const text = props['reglament:limitText'];
    if (!timer || !timer.timeDuration || !text) return;
    const read = parse(text);
    if (!read) {
      reporter.report(node.id, `reglament:limitText «${text}» names no duration this product can read; write the act's limit (e.g. «Не более 10 минут»)`);
      return;
    }
    const have = measure(timer.timeDuration.body);
    const want = measure(read.duration);
    if (have && want && (have[0] !== want[0] || have[1] !== want[1])) {
      reporter.report(node.id, `Timer duration ${timer.timeDuration.body.trim()} does not match its limit text «${text}» (${read.duration})`);
    }
    const calendar = props['reglament:calendar'];
    if (calendar && calendar !== read.calendar) {
      reporter.report(node.id, `Timer counts in ${calendar}, its limit text «${text}» counts in ${read.calendar}`);
    }
    if (read.excludeReceiptDay && props['reglament:excludeReceiptDay'] !== 'true') {
      reporter.report(node.id, `Limit text «${text}» excludes the day of receipt; set reglament:excludeReceiptDay="true"`);
    }
  }
  return { check };
};
