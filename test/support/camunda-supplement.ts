// Operations of Camunda 7's REST reference that its 7.15 OpenAPI document does not describe yet (the document grew
// resource by resource from 7.13 on): the historic external task log and authorizations. Their paths, statuses and
// DTOs are written here from the reference pages (docs.camunda.org, "History > External Task Log", "Authorization"),
// in the document's own OpenAPI form, so the same ajv validation covers them.
type Json = Record<string, any>;

const str = { type: 'string' };
const nstr = { type: 'string', nullable: true };
const json = (schema: Json) => ({ content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const error = (description: string) => ({ description, ...json(ref('ExceptionDto')) });
const list = (name: string) => ({ description: 'Request successful.', ...json({ type: 'array', items: ref(name) }) });
const count = { description: 'Request successful.', ...json(ref('CountResultDto')) };

export const SUPPLEMENT_SCHEMAS: Json = {
  HistoricExternalTaskLogDto: {
    type: 'object',
    properties: {
      id: str, timestamp: { type: 'string', format: 'date-time' }, removalTime: nstr, externalTaskId: str, topicName: str, workerId: nstr,
      priority: { type: 'integer', format: 'int64' }, retries: { type: 'integer', nullable: true }, errorMessage: nstr, activityId: str,
      activityInstanceId: str, executionId: str, processInstanceId: str, processDefinitionId: str, processDefinitionKey: str, tenantId: nstr,
      rootProcessInstanceId: nstr, creationLog: { type: 'boolean' }, failureLog: { type: 'boolean' }, successLog: { type: 'boolean' }, deletionLog: { type: 'boolean' },
    },
  },
  AuthorizationDto: {
    type: 'object',
    properties: {
      id: str, type: { type: 'integer' }, permissions: { type: 'array', items: str }, userId: nstr, groupId: nstr, resourceType: { type: 'integer' },
      resourceId: nstr, removalTime: nstr, rootProcessInstanceId: nstr,
    },
  },
  AuthorizationCheckResultDto: {
    type: 'object', properties: { permissionName: str, resourceName: str, resourceId: nstr, authorized: { type: 'boolean' }, isAuthorized: { type: 'boolean' } },
  },
};

export const SUPPLEMENT_PATHS: Json = {
  '/history/external-task-log': {
    get: { responses: { 200: list('HistoricExternalTaskLogDto'), 400: error('Bad parameter or sorting.') } },
    post: { responses: { 200: list('HistoricExternalTaskLogDto'), 400: error('Bad parameter or sorting.') } },
  },
  '/history/external-task-log/count': {
    get: { responses: { 200: count, 400: error('Bad parameter.') } },
    post: { responses: { 200: count, 400: error('Bad parameter.') } },
  },
  '/history/external-task-log/{id}': { get: { responses: { 200: { description: 'Request successful.', ...json(ref('HistoricExternalTaskLogDto')) }, 404: error('No log with the id.') } } },
  '/history/external-task-log/{id}/error-details': { get: { responses: { 200: { description: 'The error details as text/plain.', content: { 'text/plain': { schema: str } } }, 404: error('No log with the id.') } } },
  '/authorization': {
    get: { responses: { 200: list('AuthorizationDto'), 400: error('Bad parameter or sorting.') } },
    options: { responses: { 200: { description: 'Request successful.', ...json(ref('ResourceOptionsDto')) } } },
  },
  '/authorization/count': { get: { responses: { 200: count, 400: error('Bad parameter.') } } },
  '/authorization/check': { get: { responses: { 200: { description: 'Request successful.', ...json(ref('AuthorizationCheckResultDto')) }, 400: error('Bad parameter.'), 404: error('No such user.') } } },
  '/authorization/create': { post: { responses: { 200: { description: 'Request successful.', ...json(ref('AuthorizationDto')) }, 400: error('Bad request.'), 403: error('Not authorized.') } } },
  '/authorization/{id}': {
    get: { responses: { 200: { description: 'Request successful.', ...json(ref('AuthorizationDto')) }, 404: error('No authorization with the id.') } },
    options: { responses: { 200: { description: 'Request successful.', ...json(ref('ResourceOptionsDto')) }, 404: error('No authorization with the id.') } },
    put: { responses: { 204: { description: 'Request successful.' }, 400: error('Bad request.'), 403: error('Not authorized.'), 404: error('No authorization with the id.') } },
    delete: { responses: { 204: { description: 'Request successful.' }, 400: error('Bad request.'), 403: error('Not authorized.'), 404: error('No authorization with the id.') } },
  },
};
