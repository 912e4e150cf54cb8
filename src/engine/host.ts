// Placeholder for the durable host; the implementation lands in the next commits.
import type { Host, HostOptions } from './api.js';
import { ProcessEngineError } from '../errors.js';

export async function createHost(_options: HostOptions): Promise<Host> {
  throw new ProcessEngineError('The durable host is not implemented yet');
}
