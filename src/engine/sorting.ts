// The column a Camunda `sortBy` names. An unknown name is refused: sorting silently by something else lets a client
// page through a list in an order it did not ask for, and miss or repeat rows.
import { InvalidRequestError } from '../errors.js';

export function sortColumn(columns: Readonly<Record<string, string>>, sortBy: string | undefined, fallback: string, what: string): string {
  if (sortBy === undefined || sortBy === null || sortBy === '') return fallback;
  const column = Object.hasOwn(columns, sortBy) ? columns[sortBy] : undefined;
  if (!column) throw new InvalidRequestError(`Cannot sort ${what} by '${sortBy}': sortBy must be one of ${Object.keys(columns).join(', ')}`);
  return column;
}
