// BPMN fixtures for the engine tests: small processes built from a few parts, valid by default.
export const NS = 'xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="http://reglament.test"';

export function bpmn(processId: string, body: string, extra = '', processAttrs = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions id="defs_${processId}" ${NS}>
  <process id="${processId}" name="Процесс ${processId}" isExecutable="true" ${processAttrs}>
${body}
  </process>
${extra}
</definitions>`;
}

/** start → external task (with error boundary) → user task (with deadline timer) → gateway → end */
export function reviewProcess(id = 'review', opts: { deadline?: string; calendarProps?: string; interrupting?: boolean } = {}): string {
  const deadline = opts.deadline ?? 'PT1H';
  return bpmn(id, `
    <startEvent id="start" camunda:initiator="initiator" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="check" />
    <serviceTask id="check" name="условие 1 — проверка" camunda:type="external" camunda:topic="check-topic" camunda:taskPriority="\${prio}">
      <extensionElements><camunda:properties><camunda:property name="system" value="ПЭП" /></camunda:properties></extensionElements>
    </serviceTask>
    <boundaryEvent id="check-error" attachedToRef="check"><errorEventDefinition errorRef="err-refused" /></boundaryEvent>
    <sequenceFlow id="f-err" sourceRef="check-error" targetRef="end-refused" />
    <endEvent id="end-refused" />
    <sequenceFlow id="f2" sourceRef="check" targetRef="decide" />
    <userTask id="decide" name="процесс 7 — решение" camunda:candidateGroups="provider-specialist" camunda:formRef="decision-form" camunda:formRefBinding="deployment">
      <documentation>Текст шага</documentation>
      <extensionElements><camunda:properties><camunda:property name="reglament:step" value="процесс 7" /></camunda:properties></extensionElements>
    </userTask>
    <boundaryEvent id="decide-deadline" attachedToRef="decide" cancelActivity="${opts.interrupting ? 'true' : 'false'}">
      ${opts.calendarProps ?? ''}
      <timerEventDefinition><timeDuration>${deadline}</timeDuration></timerEventDefinition>
    </boundaryEvent>
    <sequenceFlow id="f-late" sourceRef="decide-deadline" targetRef="escalate" />
    <serviceTask id="escalate" camunda:type="external" camunda:topic="escalate-overdue" />
    <sequenceFlow id="f-late2" sourceRef="escalate" targetRef="end-escalated" />
    <endEvent id="end-escalated" />
    <sequenceFlow id="f3" sourceRef="decide" targetRef="gw" />
    <exclusiveGateway id="gw" />
    <sequenceFlow id="f-yes" sourceRef="gw" targetRef="end-ok"><conditionExpression>\${decision == 'issued'}</conditionExpression></sequenceFlow>
    <sequenceFlow id="f-no" sourceRef="gw" targetRef="end-no"><conditionExpression>\${decision != 'issued'}</conditionExpression></sequenceFlow>
    <endEvent id="end-ok" />
    <endEvent id="end-no" />`, '<error id="err-refused" errorCode="REFUSED" />');
}

export const decisionForm = JSON.stringify({ id: 'decision-form', type: 'default', components: [{ key: 'decision', type: 'textfield', label: 'Решение' }] });

export function timerProcess(id: string, timer: string, kind = 'timeDuration'): string {
  return bpmn(id, `
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <intermediateCatchEvent id="wait"><timerEventDefinition><${kind}>${timer}</${kind}></timerEventDefinition></intermediateCatchEvent>
    <sequenceFlow id="f2" sourceRef="wait" targetRef="after" />
    <serviceTask id="after" camunda:type="external" camunda:topic="after-timer" />
    <sequenceFlow id="f3" sourceRef="after" targetRef="end" />
    <endEvent id="end" />`);
}

export function cycleProcess(id: string): string {
  return bpmn(id, `
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <userTask id="task" camunda:candidateGroups="g" />
    <boundaryEvent id="remind" attachedToRef="task" cancelActivity="false"><timerEventDefinition><timeCycle>R3/PT10M</timeCycle></timerEventDefinition></boundaryEvent>
    <sequenceFlow id="f-r" sourceRef="remind" targetRef="notify" />
    <serviceTask id="notify" camunda:type="external" camunda:topic="remind" />
    <sequenceFlow id="f-r2" sourceRef="notify" targetRef="end-r" />
    <endEvent id="end-r" />
    <sequenceFlow id="f2" sourceRef="task" targetRef="end" />
    <endEvent id="end" />`);
}

export function messageProcess(id: string): string {
  return bpmn(id, `
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="await-payment" />
    <receiveTask id="await-payment" messageRef="msg-paid" />
    <sequenceFlow id="f2" sourceRef="await-payment" targetRef="await-doc" />
    <intermediateCatchEvent id="await-doc"><messageEventDefinition messageRef="msg-doc" /></intermediateCatchEvent>
    <sequenceFlow id="f3" sourceRef="await-doc" targetRef="end" />
    <endEvent id="end" />`, '<message id="msg-paid" name="payment-received" /><message id="msg-doc" name="document-ready" />');
}

export function parallelProcess(id: string): string {
  return bpmn(id, `
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="split" />
    <parallelGateway id="split" />
    <sequenceFlow id="f2" sourceRef="split" targetRef="a" />
    <sequenceFlow id="f3" sourceRef="split" targetRef="b" />
    <serviceTask id="a" camunda:type="external" camunda:topic="par" />
    <serviceTask id="b" camunda:type="external" camunda:topic="par" />
    <sequenceFlow id="f4" sourceRef="a" targetRef="join" />
    <sequenceFlow id="f5" sourceRef="b" targetRef="join" />
    <parallelGateway id="join" />
    <sequenceFlow id="f6" sourceRef="join" targetRef="end" />
    <endEvent id="end" />`);
}
