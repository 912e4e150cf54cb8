// User tasks: query (GET and POST), count, lookup, claim/unclaim/assignee, complete, submit-form, bpmnError,
// form variables and the deployed form-js schema of camunda:formRef. Operators see the tasks of their groups only.
import { callerOf } from '../caller.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TaskFilter, TypedValue, UserTask, VariableMap } from '../../engine/api.js';
import { AuthorizationError, NotFoundError, RestError } from '../../errors.js';
import { seesTask } from '../permissions.js';
import { checkVariables } from '../variables.js';
import { withSignerIin } from '../signer-iin.js';
import { camundaDate, countSchema, idParam, list, pagingProps, parseCamundaDate, variableMapSchema } from '../dto.js';

const taskSchema = {
  $id: 'TaskDto',
  type: 'object',
  properties: {
    id: { type: 'string' }, name: { type: ['string', 'null'] }, assignee: { type: ['string', 'null'] }, owner: { type: ['string', 'null'] },
    created: { type: 'string' }, lastUpdated: { type: ['string', 'null'] }, due: { type: ['string', 'null'] }, followUp: { type: ['string', 'null'] },
    delegationState: { type: ['string', 'null'] }, description: { type: ['string', 'null'] }, executionId: { type: 'string' },
    parentTaskId: { type: ['string', 'null'] }, priority: { type: 'integer' }, processDefinitionId: { type: 'string' },
    processInstanceId: { type: 'string' }, caseExecutionId: { type: 'null' }, caseDefinitionId: { type: 'null' }, caseInstanceId: { type: 'null' },
    taskDefinitionKey: { type: 'string' }, suspended: { type: 'boolean' }, formKey: { type: ['string', 'null'] },
    camundaFormRef: { type: ['object', 'null'], properties: { key: { type: 'string' }, binding: { type: 'string' }, version: { type: ['integer', 'null'] } } },
    tenantId: { type: ['string', 'null'] }, taskState: { type: ['string', 'null'] },
  },
} as const;

/** Camunda's FormDto: the form key or camunda:formRef of a task or start event. */
export const formSchema = {
  type: 'object',
  properties: {
    key: { type: ['string', 'null'] }, contextPath: { type: ['string', 'null'] },
    camundaFormRef: { type: ['object', 'null'], properties: { key: { type: 'string' }, binding: { type: 'string' }, version: { type: ['integer', 'null'] } } },
  },
} as const;

function taskDto(t: UserTask) {
  return {
    id: t.id, name: t.name, assignee: t.assignee, owner: t.owner, created: camundaDate(t.created), lastUpdated: camundaDate(t.lastUpdated),
    due: camundaDate(t.due), followUp: camundaDate(t.followUp), delegationState: null, description: t.description, executionId: t.executionId,
    parentTaskId: null, priority: t.priority, processDefinitionId: t.processDefinitionId, processInstanceId: t.processInstanceId,
    caseExecutionId: null, caseDefinitionId: null, caseInstanceId: null, taskDefinitionKey: t.taskDefinitionKey, suspended: t.suspended,
    formKey: t.formKey, camundaFormRef: t.camundaFormRef, tenantId: t.tenantId, taskState: t.assignee ? 'Assigned' : 'Created',
  };
}

type Sorting = { sortBy: string; sortOrder: 'asc' | 'desc' }[];
interface TaskQuery {
  taskId?: string; taskIdIn?: string | string[]; assignee?: string; assigneeIn?: string | string[]; assigneeLike?: string;
  candidateGroup?: string; candidateGroups?: string | string[]; candidateUser?: string; includeAssignedTasks?: boolean;
  unassigned?: boolean; assigned?: boolean; processInstanceId?: string; processInstanceBusinessKey?: string; processDefinitionId?: string;
  processDefinitionKey?: string; taskDefinitionKey?: string; taskDefinitionKeyIn?: string | string[]; tenantIdIn?: string | string[];
  withoutTenantId?: boolean; dueBefore?: string; dueAfter?: string; followUpBefore?: string; followUpAfter?: string;
  followUpBeforeOrNotExistent?: string; name?: string; nameLike?: string; sortBy?: string; sortOrder?: 'asc' | 'desc'; sorting?: Sorting;
  firstResult?: number; maxResults?: number;
}

const strOrList = { type: ['string', 'array'], items: { type: 'string' } } as const;
const queryProps = {
  taskId: { type: 'string' }, taskIdIn: strOrList, assignee: { type: 'string' }, assigneeIn: strOrList, assigneeLike: { type: 'string' },
  candidateGroup: { type: 'string' }, candidateGroups: strOrList, candidateUser: { type: 'string' }, includeAssignedTasks: { type: 'boolean' },
  unassigned: { type: 'boolean' }, assigned: { type: 'boolean' }, processInstanceId: { type: 'string' }, processInstanceBusinessKey: { type: 'string' },
  processDefinitionId: { type: 'string' }, processDefinitionKey: { type: 'string' }, taskDefinitionKey: { type: 'string' }, taskDefinitionKeyIn: strOrList,
  tenantIdIn: strOrList, withoutTenantId: { type: 'boolean' }, dueBefore: { type: 'string' }, dueAfter: { type: 'string' },
  followUpBefore: { type: 'string' }, followUpAfter: { type: 'string' }, followUpBeforeOrNotExistent: { type: 'string' },
  name: { type: 'string' }, nameLike: { type: 'string' }, sortBy: { type: 'string' }, sortOrder: { type: 'string', enum: ['asc', 'desc'] },
  ...pagingProps,
} as const;

function filterOf(q: TaskQuery): TaskFilter {
  const sorting = q.sorting ?? (q.sortBy ? [{ sortBy: q.sortBy, sortOrder: q.sortOrder ?? 'asc' }] : undefined);
  const f: TaskFilter = {
    taskId: q.taskId, taskIdIn: list(q.taskIdIn), assignee: q.assignee, assigneeIn: list(q.assigneeIn), assigneeLike: q.assigneeLike,
    candidateGroup: q.candidateGroup, candidateGroups: list(q.candidateGroups), candidateUser: q.candidateUser,
    includeAssignedTasks: q.includeAssignedTasks, unassigned: q.unassigned, assigned: q.assigned, processInstanceId: q.processInstanceId,
    processInstanceBusinessKey: q.processInstanceBusinessKey, processDefinitionId: q.processDefinitionId, processDefinitionKey: q.processDefinitionKey,
    taskDefinitionKey: q.taskDefinitionKey, taskDefinitionKeyIn: list(q.taskDefinitionKeyIn), tenantIdIn: list(q.tenantIdIn),
    withoutTenantId: q.withoutTenantId, dueBefore: parseCamundaDate(q.dueBefore), dueAfter: parseCamundaDate(q.dueAfter),
    followUpBefore: parseCamundaDate(q.followUpBefore), followUpAfter: parseCamundaDate(q.followUpAfter),
    followUpBeforeOrNotExistent: parseCamundaDate(q.followUpBeforeOrNotExistent), name: q.name, nameLike: q.nameLike,
    sorting: sorting as TaskFilter['sorting'], firstResult: q.firstResult, maxResults: q.maxResults,
  };
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as TaskFilter;
}

export default async function taskRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(taskSchema);
  const tags = ['Task'];
  const read = { permission: 'tasks:read' as const };
  const work = { permission: 'tasks:work' as const };

  /** Tasks visible to the caller; paging is applied after the visibility filter for callers who need one. */
  async function visibleTasks(request: FastifyRequest, filter: TaskFilter): Promise<UserTask[]> {
    const p = callerOf(request);
    if (p.roles.includes('admin') || p.roles.includes('auditor')) return app.host.listTasks(filter, request.access);
    const { firstResult = 0, maxResults, ...rest } = filter;
    const all = (await app.host.listTasks(rest, request.access)).filter((t) => seesTask(p, t));
    return all.slice(firstResult, maxResults === undefined ? undefined : firstResult + maxResults);
  }

  async function countVisible(request: FastifyRequest, filter: TaskFilter): Promise<number> {
    const p = callerOf(request);
    if (p.roles.includes('admin') || p.roles.includes('auditor')) return app.host.countTasks(filter, request.access);
    return (await visibleTasks(request, { ...filter, firstResult: undefined, maxResults: undefined })).length;
  }

  /** One task the caller may see, else 404 (no existence leak). */
  async function visibleTask(request: FastifyRequest, id: string): Promise<UserTask> {
    const task = await app.host.getTask(id, request.access);
    if (!seesTask(callerOf(request), task)) throw new NotFoundError(`Cannot find task with id ${id}`);
    return task;
  }

  const listResponse = { 200: { type: 'array', items: { $ref: 'TaskDto#' } } };

  app.get<{ Querystring: TaskQuery }>('/task', {
    config: read,
    schema: { tags, querystring: { type: 'object', properties: queryProps }, response: listResponse },
  }, async (request) => (await visibleTasks(request, filterOf(request.query))).map(taskDto));

  app.post<{ Body: TaskQuery | null; Querystring: { firstResult?: number; maxResults?: number } }>('/task', {
    config: read,
    schema: {
      tags, querystring: { type: 'object', properties: pagingProps },
      body: { type: ['object', 'null'], properties: { ...queryProps, sorting: { type: 'array', items: { type: 'object', properties: { sortBy: { type: 'string' }, sortOrder: { type: 'string', enum: ['asc', 'desc'] } } } } } },
      response: listResponse,
    },
  }, async (request) => (await visibleTasks(request, filterOf({ ...(request.body ?? {}), ...request.query }))).map(taskDto));

  app.get<{ Querystring: TaskQuery }>('/task/count', {
    config: read,
    schema: { tags, querystring: { type: 'object', properties: queryProps }, response: { 200: countSchema } },
  }, async (request) => ({ count: await countVisible(request, filterOf(request.query)) }));

  app.post<{ Body: TaskQuery | null }>('/task/count', {
    config: read,
    schema: { tags, body: { type: ['object', 'null'], properties: queryProps }, response: { 200: countSchema } },
  }, async (request) => ({ count: await countVisible(request, filterOf(request.body ?? {})) }));

  app.get<{ Params: { id: string } }>('/task/:id', {
    config: read,
    schema: { tags, params: idParam, response: { 200: { $ref: 'TaskDto#' } } },
  }, async (request) => taskDto(await visibleTask(request, request.params.id)));

  app.get<{ Params: { id: string } }>('/task/:id/identity-links', {
    config: read,
    schema: { tags, params: idParam, response: { 200: { type: 'array', items: { type: 'object', properties: { userId: { type: ['string', 'null'] }, groupId: { type: ['string', 'null'] }, type: { type: 'string' } } } } } },
  }, async (request) => {
    const t = await visibleTask(request, request.params.id);
    return [
      ...(t.assignee ? [{ userId: t.assignee, groupId: null, type: 'assignee' }] : []),
      ...t.candidateUsers.map((u) => ({ userId: u, groupId: null, type: 'candidate' })),
      ...t.candidateGroups.map((g) => ({ userId: null, groupId: g, type: 'candidate' })),
    ];
  });

  /** Non-administrators claim and assign for themselves only. */
  function selfOnly(request: FastifyRequest, userId: string | null): void {
    const p = callerOf(request);
    if (userId !== null && userId !== p.user.id && !p.roles.includes('admin')) {
      throw new AuthorizationError(`User '${p.user.id}' may not assign tasks to another user`);
    }
  }

  const userIdBody = { type: 'object', required: ['userId'], properties: { userId: { type: ['string', 'null'], maxLength: 128 } } } as const;

  app.post<{ Params: { id: string }; Body: { userId: string } }>('/task/:id/claim', {
    config: work,
    schema: { tags, params: idParam, body: userIdBody },
  }, async (request, reply) => {
    await visibleTask(request, request.params.id);
    selfOnly(request, request.body.userId);
    await app.host.claimTask(request.params.id, request.body.userId, request.access);
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string } }>('/task/:id/unclaim', {
    config: work,
    schema: { tags, params: idParam },
  }, async (request, reply) => {
    const task = await visibleTask(request, request.params.id);
    if (task.assignee) selfOnly(request, task.assignee);
    await app.host.unclaimTask(request.params.id, request.access);
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string }; Body: { userId: string | null } }>('/task/:id/assignee', {
    config: work,
    schema: { tags, params: idParam, body: userIdBody },
  }, async (request, reply) => {
    await visibleTask(request, request.params.id);
    selfOnly(request, request.body.userId);
    await app.host.setAssignee(request.params.id, request.body.userId, request.access);
    return reply.code(204).send();
  });

  const completeBody = {
    type: ['object', 'null'],
    properties: { variables: { type: ['object', 'null'], additionalProperties: { $ref: 'VariableValueDto#' } }, withVariablesInReturn: { type: 'boolean' } },
  } as const;

  /**
   * Camunda answers a completion of a task that is gone with 500 RestException («Cannot complete task …: Cannot find
   * task with id …: task is null»). Here that holds for a task the caller can still find in history, completed; an id
   * never seen, or of another tenant, keeps its 404 so that tenants cannot tell each other's ids from unknown ones.
   */
  async function completableTask(request: FastifyRequest, id: string, verb: string): Promise<UserTask> {
    try {
      return await visibleTask(request, id);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      const done = await app.host.historyTask(id, request.access).catch(() => null);
      if (done?.endTime) throw new RestError(`Cannot ${verb} ${id}: Cannot find task with id ${id}: task is null`);
      throw err;
    }
  }

  for (const action of ['complete', 'submit-form']) {
    app.post<{ Params: { id: string }; Body: { variables?: VariableMap; withVariablesInReturn?: boolean } | null }>(`/task/:id/${action}`, {
      config: work,
      schema: { tags, params: idParam, body: completeBody, response: { 200: variableMapSchema } },
    }, async (request, reply) => {
      const task = await completableTask(request, request.params.id, action === 'complete' ? 'complete task' : 'submit task form');
      const body = request.body ?? {};
      checkVariables(body.variables, app.apiConfig.maxFileVariableSize);
      const result = await app.host.completeTask(request.params.id, {
        variables: withSignerIin(body.variables ?? undefined, callerOf(request)), withVariablesInReturn: body.withVariablesInReturn ?? false, expectedRevision: task.revision,
      }, request.access);
      if (body.withVariablesInReturn) return reply.code(200).send(result ?? {});
      return reply.code(204).send();
    });
  }

  app.post<{ Params: { id: string }; Body: { errorCode: string; errorMessage?: string; variables?: VariableMap } }>('/task/:id/bpmnError', {
    config: work,
    schema: {
      tags, params: idParam,
      body: { type: 'object', required: ['errorCode'], properties: { errorCode: { type: 'string', minLength: 1, maxLength: 255 }, errorMessage: { type: ['string', 'null'], maxLength: 4000 }, variables: { type: ['object', 'null'], additionalProperties: { $ref: 'VariableValueDto#' } } } },
    },
  }, async (request, reply) => {
    await visibleTask(request, request.params.id);
    const { errorCode, errorMessage, variables } = request.body;
    checkVariables(variables, app.apiConfig.maxFileVariableSize);
    await app.host.taskBpmnError(request.params.id, { errorCode, errorMessage: errorMessage ?? undefined, variables: variables ?? undefined }, request.access);
    return reply.code(204).send();
  });

  app.get<{ Params: { id: string }; Querystring: { variableNames?: string; deserializeValues?: boolean } }>('/task/:id/form-variables', {
    config: read,
    schema: { tags, params: idParam, querystring: { type: 'object', properties: { variableNames: { type: 'string' }, deserializeValues: { type: 'boolean' } } }, response: { 200: variableMapSchema } },
  }, async (request) => {
    await visibleTask(request, request.params.id);
    const vars = await app.host.getTaskFormVariables(request.params.id, request.access);
    const names = list(request.query.variableNames);
    return names ? Object.fromEntries(Object.entries(vars).filter(([n]) => names.includes(n))) : vars;
  });

  // ---- variables: a task sees its instance's variables under its own task-local ones (task-local-variables.ts) ----
  // Writing them is instances:write, as on /process-instance/{id}/variables: the task's own users change variables by
  // completing or submitting its form, never by overwriting what the server and the workers set (initiator, checks).
  const writeVars = { permission: 'instances:write' as const };

  const varParams = { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 200 }, varName: { type: 'string', minLength: 1, maxLength: 255 } }, required: ['id', 'varName'] } as const;
  const deserialize = { type: 'object', properties: { deserializeValues: { type: 'boolean' } } } as const;

  app.get<{ Params: { id: string } }>('/task/:id/variables', {
    config: read,
    schema: { tags, params: idParam, querystring: deserialize, response: { 200: variableMapSchema } },
  }, async (request) => {
    const task = await visibleTask(request, request.params.id);
    return { ...(await app.host.getVariables(task.processInstanceId, request.access)), ...(await app.host.getTaskLocalVariables(task.id, request.access)) };
  });

  app.get<{ Params: { id: string; varName: string } }>('/task/:id/variables/:varName', {
    config: read,
    schema: { tags, params: varParams, querystring: { type: 'object', properties: { deserializeValue: { type: 'boolean' } } }, response: { 200: { $ref: 'VariableValueDto#' } } },
  }, async (request) => {
    const task = await visibleTask(request, request.params.id);
    const local = await app.host.getTaskLocalVariables(task.id, request.access);
    const v = local[request.params.varName] ?? (await app.host.getVariables(task.processInstanceId, request.access))[request.params.varName];
    if (!v) throw new NotFoundError(`task variable with name ${request.params.varName} does not exist`);
    return v;
  });

  app.put<{ Params: { id: string; varName: string }; Body: TypedValue }>('/task/:id/variables/:varName', {
    config: writeVars,
    schema: { tags, params: varParams, body: { $ref: 'VariableValueDto#' } },
  }, async (request, reply) => {
    const task = await visibleTask(request, request.params.id);
    const vars = { [request.params.varName]: request.body };
    checkVariables(vars, app.apiConfig.maxFileVariableSize);
    // as Camunda: a task-local variable of the name is the one set, else the instance's
    if (request.params.varName in (await app.host.getTaskLocalVariables(task.id, request.access))) await app.host.modifyTaskLocalVariables(task.id, { modifications: vars }, request.access);
    else await app.host.setVariables(task.processInstanceId, vars, request.access);
    return reply.code(204).send();
  });

  app.delete<{ Params: { id: string; varName: string } }>('/task/:id/variables/:varName', {
    config: writeVars,
    schema: { tags, params: varParams },
  }, async (request, reply) => {
    const task = await visibleTask(request, request.params.id);
    if (request.params.varName in (await app.host.getTaskLocalVariables(task.id, request.access))) await app.host.modifyTaskLocalVariables(task.id, { deletions: [request.params.varName] }, request.access);
    else await app.host.modifyVariables(task.processInstanceId, { deletions: [request.params.varName] }, request.access);
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string }; Body: { modifications?: VariableMap | null; deletions?: string[] | null } | null }>('/task/:id/variables', {
    config: writeVars,
    schema: {
      tags, params: idParam,
      body: { type: ['object', 'null'], properties: { modifications: { type: ['object', 'null'], additionalProperties: { $ref: 'VariableValueDto#' } }, deletions: { type: ['array', 'null'], items: { type: 'string' } } } },
    },
  }, async (request, reply) => {
    const task = await visibleTask(request, request.params.id);
    const body = request.body ?? {};
    checkVariables(body.modifications, app.apiConfig.maxFileVariableSize);
    // each name goes where Camunda's task scope puts it: to the task-local variable of that name, else to the instance
    const local = await app.host.getTaskLocalVariables(task.id, request.access);
    const isLocal = (name: string) => Object.hasOwn(local, name);
    const mods = Object.entries(body.modifications ?? {});
    const localMod = { modifications: Object.fromEntries(mods.filter(([n]) => isLocal(n))), deletions: (body.deletions ?? []).filter(isLocal) };
    if (Object.keys(localMod.modifications).length || localMod.deletions.length) await app.host.modifyTaskLocalVariables(task.id, localMod, request.access);
    await app.host.modifyVariables(task.processInstanceId, { modifications: Object.fromEntries(mods.filter(([n]) => !isLocal(n))), deletions: (body.deletions ?? []).filter((n) => !isLocal(n)) }, request.access);
    return reply.code(204).send();
  });

  app.get<{ Params: { id: string } }>('/task/:id/form', {
    config: read,
    schema: { tags, params: idParam, response: { 200: formSchema } },
  }, async (request) => {
    const task = await visibleTask(request, request.params.id);
    return { key: task.formKey, contextPath: null, camundaFormRef: task.camundaFormRef };
  });

  app.get<{ Params: { id: string } }>('/task/:id/deployed-form', {
    config: read,
    schema: { tags, params: idParam },
  }, async (request, reply) => {
    await visibleTask(request, request.params.id);
    const form = await app.host.getDeployedForm(request.params.id, request.access);
    return reply.type('application/json').send(form.content);
  });
}
