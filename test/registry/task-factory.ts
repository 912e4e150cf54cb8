// A TaskInput as the runner hands it to a handler: valid by default, one override per test.
import type { TaskInput } from '../../workers/types.js';

let n = 0;
export function aTask(overrides: Partial<TaskInput> = {}): TaskInput {
  n++;
  return {
    id: `task-${n}`, topicName: 'test', processInstanceId: `pi-${n}`, processDefinitionKey: 'housing-queue-portal',
    activityId: 'step', businessKey: null, tenantId: 'semey', retries: null, variables: {}, properties: {}, ...overrides,
  };
}
