// Task-local variables, as Camunda's TaskLocalVariableRestService: the variables of a task's own scope, read by whoever
// sees the task and written by whoever may work it (they change nothing of the instance's variables), gone with the task.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { TypedValue, UserTask, VariableMap } from '../../engine/api.js';
import { InvalidRequestError, NotFoundError } from '../../errors.js';
import { callerOf } from '../caller.js';
import { idParam, variableMapSchema } from '../dto.js';
import { seesTask } from '../permissions.js';
import { checkVariables, fileBytes } from '../variables.js';

const varParams = { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 200 }, varName: { type: 'string', minLength: 1, maxLength: 255 } }, required: ['id', 'varName'] } as const;

/** One task the caller may see, else 404 (as task.ts: no existence leak across groups and tenants). */
export async function seenTask(app: FastifyInstance, request: FastifyRequest, id: string): Promise<UserTask> {
  const task = await app.host.getTask(id, request.access);
  if (!seesTask(callerOf(request), task)) throw new NotFoundError(`Cannot find task with id ${id}`);
  return task;
}

export default async function taskLocalVariableRoutes(app: FastifyInstance): Promise<void> {
  const tags = ['Task Local Variable'];
  const read = { permission: 'tasks:read' as const };
  const work = { permission: 'tasks:work' as const };

  async function localVariable(request: FastifyRequest<{ Params: { id: string; varName: string } }>, raw = false): Promise<TypedValue> {
    await seenTask(app, request, request.params.id);
    const v = (await app.host.getTaskLocalVariables(request.params.id, request.access, { raw }))[request.params.varName];
    if (!v) throw new NotFoundError(`task variable with name ${request.params.varName} does not exist`);
    return v;
  }

  app.get<{ Params: { id: string } }>('/task/:id/localVariables', {
    config: read,
    schema: { tags, params: idParam, querystring: { type: 'object', properties: { deserializeValues: { type: 'boolean' } } }, response: { 200: variableMapSchema } },
  }, async (request) => {
    await seenTask(app, request, request.params.id);
    return app.host.getTaskLocalVariables(request.params.id, request.access);
  });

  app.get<{ Params: { id: string; varName: string } }>('/task/:id/localVariables/:varName', {
    config: read,
    schema: { tags, params: varParams, querystring: { type: 'object', properties: { deserializeValue: { type: 'boolean' } } }, response: { 200: { $ref: 'VariableValueDto#' } } },
  }, (request) => localVariable(request));

  app.get<{ Params: { id: string; varName: string } }>('/task/:id/localVariables/:varName/data', {
    config: read, schema: { tags, params: varParams },
  }, async (request, reply) => {
    const file = fileBytes(request.params.varName, await localVariable(request, true));
    return reply.type(file.mimeType).send(file.content);
  });

  // a task's view of a File: its own variable of the name, else its instance's (as GET /task/{id}/variables/{varName})
  app.get<{ Params: { id: string; varName: string } }>('/task/:id/variables/:varName/data', {
    config: read, schema: { tags: ['Task Variable'], params: varParams },
  }, async (request, reply) => {
    const task = await seenTask(app, request, request.params.id);
    const { varName } = request.params;
    const v = (await app.host.getTaskLocalVariables(task.id, request.access, { raw: true }))[varName]
      ?? (await app.host.getVariables(task.processInstanceId, request.access).then(async (vars) => (varName in vars ? app.host.getVariable(task.processInstanceId, varName, request.access) : undefined)));
    if (!v) throw new NotFoundError(`task variable with name ${varName} does not exist`);
    const file = fileBytes(varName, v);
    return reply.type(file.mimeType).send(file.content);
  });

  app.put<{ Params: { id: string; varName: string }; Body: TypedValue }>('/task/:id/localVariables/:varName', {
    config: work, schema: { tags, params: varParams, body: { $ref: 'VariableValueDto#' } },
  }, async (request, reply) => {
    await seenTask(app, request, request.params.id);
    const vars = { [request.params.varName]: request.body };
    checkVariables(vars, app.apiConfig.maxFileVariableSize);
    await app.host.modifyTaskLocalVariables(request.params.id, { modifications: vars }, request.access);
    return reply.code(204).send();
  });

  // Camunda's binary upload: a multipart `data` part (the file) and an optional `valueType` (File, or Bytes, which this
  // host keeps as File as it does everywhere); the part's file name and media type become the File's valueInfo.
  await app.register(multipart, { limits: { fileSize: app.apiConfig.maxFileVariableSize, files: 1, fields: 2, parts: 3 }, throwFileSizeLimit: true });
  app.post<{ Params: { id: string; varName: string } }>('/task/:id/localVariables/:varName/data', {
    config: work, schema: { tags, params: varParams, consumes: ['multipart/form-data'] },
  }, async (request, reply) => {
    const where = `POST /task/${request.params.id}/localVariables/${request.params.varName}/data`;
    if (!request.isMultipart()) throw new InvalidRequestError(`${where} needs a multipart/form-data body with a 'data' part`);
    await seenTask(app, request, request.params.id);
    let file: { content: Buffer; filename: string; mimeType: string } | null = null;
    let valueType = 'File';
    for await (const part of request.parts()) {
      if (part.type === 'file' && part.fieldname === 'data') file = { content: await part.toBuffer(), filename: part.filename || 'file', mimeType: part.mimetype || 'application/octet-stream' };
      else if (part.type === 'field' && part.fieldname === 'valueType') valueType = String(part.value ?? 'File');
      else throw new InvalidRequestError(`${where}: part '${part.fieldname}' is not read; send 'data' (the file) and optionally 'valueType'`);
    }
    if (!file) throw new InvalidRequestError(`${where} has no 'data' part`);
    if (!/^(file|bytes)$/i.test(valueType)) throw new InvalidRequestError(`${where}: valueType must be File or Bytes, not '${valueType}'`);
    const value: TypedValue = { type: 'File', value: file.content.toString('base64'), valueInfo: { filename: file.filename, mimeType: file.mimeType } };
    await app.host.modifyTaskLocalVariables(request.params.id, { modifications: { [request.params.varName]: value } }, request.access);
    return reply.code(204).send();
  });

  app.delete<{ Params: { id: string; varName: string } }>('/task/:id/localVariables/:varName', {
    config: work, schema: { tags, params: varParams },
  }, async (request, reply) => {
    await seenTask(app, request, request.params.id);
    await app.host.modifyTaskLocalVariables(request.params.id, { deletions: [request.params.varName] }, request.access);
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string }; Body: { modifications?: VariableMap | null; deletions?: string[] | null } | null }>('/task/:id/localVariables', {
    config: work,
    schema: {
      tags, params: idParam,
      body: { type: ['object', 'null'], properties: { modifications: { type: ['object', 'null'], additionalProperties: { $ref: 'VariableValueDto#' } }, deletions: { type: ['array', 'null'], items: { type: 'string' } } } },
    },
  }, async (request, reply) => {
    await seenTask(app, request, request.params.id);
    const body = request.body ?? {};
    checkVariables(body.modifications, app.apiConfig.maxFileVariableSize);
    await app.host.modifyTaskLocalVariables(request.params.id, { modifications: body.modifications ?? undefined, deletions: body.deletions ?? undefined }, request.access);
    return reply.code(204).send();
  });
}
