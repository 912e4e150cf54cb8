// The project's error catalogue: domain code throws these; src/api renders them once as Camunda's ExceptionDto.
// Each class carries the Camunda exception `type`, an HTTP status and an optional numeric code.
// Every class is listed in docs/errors.md (a test checks it); a retired code is never reused.

export interface Problem {
  message: string;
  line?: number;
  column?: number;
  mainElementId?: string;
  elementIds?: string[];
}

export abstract class ReglamentError extends Error {
  abstract readonly type: string;
  abstract readonly status: number;
  readonly code?: number;
  constructor(message: string, code?: number) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** 400: the request itself is wrong (bad argument, bad variable, lock held by another worker). */
export class InvalidRequestError extends ReglamentError {
  readonly type = 'InvalidRequestException';
  readonly status = 400;
}

/** 404: no such thing, or it belongs to another tenant (no existence leak). */
export class NotFoundError extends ReglamentError {
  readonly type = 'InvalidRequestException';
  readonly status = 404;
}

/** 401: no or wrong credentials. */
export class AuthenticationError extends ReglamentError {
  readonly type = 'AuthenticationException';
  readonly status = 401;
}

/** 429: too many failed sign-ins from this address for this account; `retryAfterMs` says when to try again. */
export class TooManyAttemptsError extends ReglamentError {
  readonly type = 'TooManyRequestsException';
  readonly status = 429;
  constructor(message: string, readonly retryAfterMs: number) { super(message); }
}

/** 403: authenticated, but the role does not allow it. */
export class AuthorizationError extends ReglamentError {
  readonly type = 'AuthorizationException';
  readonly status = 403;
}

/** 409: someone else changed the same thing first (revision check). */
export class OptimisticLockingError extends ReglamentError {
  readonly type = 'OptimisticLockingException';
  readonly status = 409;
}

/** 400 with details per resource: a deployment that does not parse or cannot run. */
export class BpmnParseError extends ReglamentError {
  readonly type = 'ParseException';
  readonly status = 400;
  constructor(message: string, readonly details: Record<string, { errors: Problem[]; warnings: Problem[] }>) {
    super(message);
  }
}

/** 500: the engine could not continue an instance (Camunda's ProcessEngineException). */
export class ProcessEngineError extends ReglamentError {
  readonly type = 'ProcessEngineException';
  readonly status = 500;
}

/** 400: a start outside every validity window of the регламент; names the repealing act. */
export class NotInForceError extends ReglamentError {
  readonly type = 'NotInForceException';
  readonly status = 400;
}

/** 500: claiming a task another user holds, as Camunda's TaskService.claim answers it. */
export class TaskAlreadyClaimedError extends ReglamentError {
  readonly type = 'TaskAlreadyClaimedException';
  readonly status = 500;
}

/**
 * 500: an engine-rest operation Camunda wraps in its RestException (e.g. completing a task that has already been
 * completed: «Cannot complete task …: Cannot find task with id …: task is null»).
 */
export class RestError extends ReglamentError {
  readonly type = 'RestException';
  readonly status = 500;
}

/**
 * 400: a message correlates with nothing, or (without `all`) with more than one execution or definition. Camunda's
 * engine-rest wraps its MismatchingMessageCorrelationException in a RestException: that type, the cause's class
 * name at the head of the message.
 */
export class MismatchingMessageCorrelationError extends ReglamentError {
  readonly type = 'RestException';
  readonly status = 400;
  constructor(message: string) { super(`org.camunda.bpm.engine.MismatchingMessageCorrelationException: ${message}`); }
}
