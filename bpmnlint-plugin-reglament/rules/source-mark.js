// Rule: borrowed law is marked. Where what an element says does not come from the act that governs the route, the
// element carries reglament:source naming where it does come from (docs/conventions.md, «Tracing law ↔ diagram»):
//   act:<tenant>/<service>, <part>   another act of processes/ («act:aktobe-oblast/preschool-registration, Таблица 3»)
//   convention:<name>                a convention of this product (CONVENTIONS)
// The mark is required where the element's reglament:step is no basis for it: on the escalation branch of a deadline
// (an escalate-overdue task, an end event with reglament:outcome escalated), which no act describes, and on a timer
// whose reglament:limitText carries an editor's note in [square brackets], whose words are then not all the act's.
// Any other form of reglament:source is refused. Option `bundles` (the CLI passes the <tenant>/<service> folders of
// processes/) also refuses an act: that names no bundle.
'use strict';
const { camundaAttr, is, isExternalTask, listOption, propertiesOf, timerDefinitionOf } = require('./helper.js');

/** Conventions of this product that stand in for the act (docs/conventions.md). */
const CONVENTIONS = ['escalation'];

const ACT = /^act:([a-z0-9][a-z0-9-]*)\/([a-z0-9][a-z0-9-]*),\s*(\S.*)$/;
const CONVENTION = /^convention:([a-z0-9-]+)$/;

/** { kind: 'act', bundle, part } | { kind: 'convention', name } | { problem } for a reglament:source value. */
function parseSource(value) {
  const text = (value || '').trim();
  const act = ACT.exec(text);
  if (act) return { kind: 'act', bundle: `${act[1]}/${act[2]}`, part: act[3].trim() };
  const convention = CONVENTION.exec(text);
  if (convention) {
    if (CONVENTIONS.includes(convention[1])) return { kind: 'convention', name: convention[1] };
    return { problem: `names an unknown convention '${convention[1]}' (known: ${CONVENTIONS.join(', ')})` };
  }
  return { problem: 'is neither act:<tenant>/<service>, <part of that act> nor convention:<name>' };
}

function isEscalationBranch(node) {
  if (isExternalTask(node)) return camundaAttr(node, 'topic') === 'escalate-overdue';
  return is(node, 'bpmn:EndEvent') && propertiesOf(node)['reglament:outcome'] === 'escalated';
}

/** An editor's note in the limit text: «Не более 1 минуты [восстановлено по …]». */
function hasEditorsNote(node) {
  if (!timerDefinitionOf(node)) return false;
  return /\[[^\]]*\]/.test(propertiesOf(node)['reglament:limitText'] || '');
}

module.exports = function sourceMark(options) {
  const bundles = listOption(options, 'bundles', null);
  function check(node, reporter) {
    if (!node.id || !node.$type || !node.$type.startsWith('bpmn:')) return;
    const value = propertiesOf(node)['reglament:source'];
    const present = typeof value === 'string' && value.trim() !== '';
    if (present) {
      const source = parseSource(value);
      if (source.problem) {
        reporter.report(node.id, `reglament:source «${value}» ${source.problem}`);
        return;
      }
      if (source.kind === 'act' && bundles && !bundles.includes(source.bundle)) {
        reporter.report(node.id, `reglament:source names act:${source.bundle}, which is no bundle of processes/`);
      }
      if (isEscalationBranch(node) && !(source.kind === 'convention' && source.name === 'escalation')) {
        reporter.report(node.id, `An escalation branch is this product's convention: reglament:source must be convention:escalation, not «${value}»`);
      }
      return;
    }
    if (isEscalationBranch(node)) {
      reporter.report(node.id, 'An escalation branch is not in the act: mark it reglament:source="convention:escalation"');
    } else if (hasEditorsNote(node)) {
      reporter.report(node.id, 'Limit text carries an editor\'s note in [brackets], so its words are not all the act\'s: name where it comes from in reglament:source (act:<tenant>/<service>, <part>)');
    }
  }
  return { check };
};

module.exports.parseSource = parseSource;
module.exports.CONVENTIONS = CONVENTIONS;
