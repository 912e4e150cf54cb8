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

/** A camunda: attribute, whether the moddle knows the camunda extension (Camunda Modeler) or keeps it in
 *  $attrs (the plain bpmnlint CLI). */
function camundaAttr(element, name) {
  const typed = element[name];
  if (typeof typed === 'string') return typed;
  const raw = element.$attrs && element.$attrs[`camunda:${name}`];
  return typeof raw === 'string' ? raw : undefined;
}

/** camunda:properties of an element as a name → value map (typed or generic extension elements). */
function propertiesOf(element) {
  const out = {};
  const values = (element.extensionElements && element.extensionElements.values) || [];
  for (const ext of values) {
    if (ext.$type !== 'camunda:Properties' && ext.$type !== 'camunda:properties') continue;
    for (const p of ext.values || ext.$children || []) {
      const name = p.name !== undefined ? p.name : p.$attrs && p.$attrs.name;
      const value = p.value !== undefined ? p.value : p.$attrs && p.$attrs.value;
      if (name) out[name] = value === undefined ? '' : String(value);
    }
  }
  return out;
}

function isExternalTask(element) {
  return is(element, 'bpmn:ServiceTask') && camundaAttr(element, 'type') === 'external';
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

module.exports = { CONVENTION_TOPICS, is, camundaAttr, propertiesOf, isExternalTask, isStepElement, timerDefinitionOf, listOption };
