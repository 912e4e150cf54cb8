// The benchmark's process model: start → external task → user task with a boundary timer → end.
export const benchModel = `<?xml version="1.0" encoding="UTF-8"?>
<definitions id="bench-defs" xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="bench">
  <process id="bench" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="ext" />
    <serviceTask id="ext" camunda:type="external" camunda:topic="bench-work" />
    <sequenceFlow id="f2" sourceRef="ext" targetRef="review" />
    <userTask id="review" camunda:candidateGroups="g" />
    <boundaryEvent id="review-deadline" attachedToRef="review" cancelActivity="false"><timerEventDefinition><timeDuration>P3D</timeDuration></timerEventDefinition></boundaryEvent>
    <sequenceFlow id="f-d" sourceRef="review-deadline" targetRef="end-d" />
    <endEvent id="end-d" />
    <sequenceFlow id="f3" sourceRef="review" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;
