// Shared readers for the reglament rules: camunda:properties, step elements, timers, the known topics.
'use strict';

/** Topics of docs/conventions.md: the default when the linter runs without the file system (Camunda Modeler). */
const CONVENTION_TOPICS = [
  'authorize',
  'eds-verify-signature',
  'gbd-fl-lookup',
  'enis-power-of-attorney',
  'guardianship-register-lookup',
  'register-request',
  'queue-assign',
  'shep-send',
  'status-notify',
  'document-generate',
  'document-deliver',
  'escalate-overdue',
];

function is(element, type) {
  return typeof element.$instanceOf === 'function' ? element.$instanceOf(type) : element.$type === type;
}

/** camunda:properties of an element as a name → value map. */
function propertiesOf(element) {
  const out = {};
  const values = (element.extensionElements && element.extensionElements.values) || [];
  for (const ext of values) {
    if (ext.$type !== 'camunda:Properties') continue;
    for (const p of ext.values || []) if (p.name) out[p.name] = p.value === undefined ? '' : String(p.value);
  }
  return out;
}

function isExternalTask(element) {
  return is(element, 'bpmn:ServiceTask') && element.type === 'external';
}

function outgoingCount(element) {
  return (element.outgoing || []).length;
}

/** Elements that stand for a step of the act (docs/conventions.md, «Tracing law ↔ diagram»). */
function isStepElement(element) {
  if (is(element, 'bpmn:UserTask') || isExternalTask(element)) return true;
  if (is(element, 'bpmn:ExclusiveGateway')) return outgoingCount(element) > 1;
  if (is(element, 'bpmn:EndEvent')) {
    const outcome = propertiesOf(element)['reglament:outcome'];
    return outcome === 'refusal' || outcome === 'result';
  }
  return false;
}

function timerDefinitionOf(element) {
  return (element.eventDefinitions || []).find((d) => is(d, 'bpmn:TimerEventDefinition'));
}

/** The rule's option list, or the fallback. */
function listOption(options, name, fallback) {
  return options && Array.isArray(options[name]) ? options[name] : fallback;
}

module.exports = { CONVENTION_TOPICS, is, propertiesOf, isExternalTask, isStepElement, timerDefinitionOf, listOption };
