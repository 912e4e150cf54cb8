// The format of the engine state saved in engine_instance.engine_state: the version this host writes, and the
// upgrades that bring a state saved in an older format to it. Instances live for years, across releases.
import { ProcessEngineError } from '../errors.js';

/** Written with every save, in engine_instance.engine_state_version. */
export const ENGINE_STATE_VERSION = 1;

/** Turns a parsed state of version n into one of version n + 1. */
export type StateUpgrade = (state: unknown) => unknown;

/** upgrades[n] upgrades version n. None yet: version 1 (bpmn-engine 25's getState, without sources) is the first. */
export const STATE_UPGRADES: Readonly<Record<number, StateUpgrade>> = {};

export interface StateFormat { current: number; upgrades: Readonly<Record<number, StateUpgrade>> }
const thisHost: StateFormat = { current: ENGINE_STATE_VERSION, upgrades: STATE_UPGRADES };

/**
 * Parses a stored state of `version` and upgrades it to the current format; refuses, before anything is built
 * from it, a version this host does not know (newer, or not a version at all) or cannot upgrade.
 */
export function readEngineState<T>(instanceId: string, text: string, version: unknown, format: StateFormat = thisHost): T {
  const v = Number(version);
  const refuse = (why: string) => new ProcessEngineError(`Process instance '${instanceId}' cannot be loaded: its engine state has format version ${String(version)}, ${why}`);
  if (!Number.isInteger(v) || v < 1) throw refuse('which is not a format version (a whole number from 1)');
  if (v > format.current) throw refuse(`newer than version ${format.current} that this host reads; run a release of reglament that reads version ${v}`);
  let state: unknown = JSON.parse(text);
  for (let n = v; n < format.current; n++) {
    const upgrade = format.upgrades[n];
    if (!upgrade) throw refuse(`and this host, at version ${format.current}, has no upgrade from version ${n}`);
    state = upgrade(state);
  }
  return state as T;
}
