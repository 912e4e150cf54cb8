// Computes the diagram layout of a route model: one lane row per СФЕ, one column per node in model
// order, boundary events on the task's bottom edge with their escalation branch below.
import type { Limit, RouteModel, RouteNode } from './route-model.js';

export interface Box { x: number; y: number; width: number; height: number }
export interface Point { x: number; y: number }

export interface PlacedNode extends Box { id: string; column: number; row: number }

/** Generated elements that hang off a node: deadline timer, escalation task and end, error boundaries. */
export interface PlacedDeadline {
  timer: Box;
  escalateTask: Box;
  escalatedEnd: Box;
}

export interface Layout {
  pool: Box;
  lanes: Map<string, Box>;
  nodes: Map<string, PlacedNode>;
  deadlines: Map<string, PlacedDeadline>;
  /** key `${nodeId}:${code}` */
  errorBoundaries: Map<string, Box>;
}

export const POOL_HEADER = 30;
export const LANE_HEADER = 30;
export const COLUMN_WIDTH = 240;
const ROW_HEIGHT = 190;
const ROW_HEIGHT_WITH_BRANCH = 350;
const TASK = { width: 160, height: 110 };
const GATEWAY = { width: 50, height: 50 };
const EVENT = { width: 36, height: 36 };
/** Distance from the lane's top to the centre line of its main row. */
const ROW_CENTRE = 95;

export function sizeOf(node: RouteNode): { width: number; height: number } {
  switch (node.kind) {
    case 'userTask':
    case 'externalTask':
      return TASK;
    case 'exclusiveGateway':
      return GATEWAY;
    default:
      return EVENT;
  }
}

export function limitOf(node: RouteNode): Limit | undefined {
  return node.kind === 'userTask' || node.kind === 'externalTask' ? node.limit : undefined;
}

function hasBranchBelow(node: RouteNode): boolean {
  return limitOf(node) !== undefined || (node.kind === 'externalTask' && (node.errors?.length ?? 0) > 0);
}

export function computeLayout(model: RouteModel, origin: Point = { x: 160, y: 80 }): Layout {
  const rowOfLane = new Map(model.lanes.map((lane, index) => [lane.id, index]));
  const laneNeedsBranch = new Set(model.nodes.filter(hasBranchBelow).map((node) => node.lane));

  const lanes = new Map<string, Box>();
  let y = origin.y;
  const laneX = origin.x + POOL_HEADER;
  const firstColumnX = laneX + LANE_HEADER + 50;
  const width = firstColumnX - origin.x + model.nodes.length * COLUMN_WIDTH + 40;
  for (const lane of model.lanes) {
    const height = laneNeedsBranch.has(lane.id) ? ROW_HEIGHT_WITH_BRANCH : ROW_HEIGHT;
    lanes.set(lane.id, { x: laneX, y, width: width - POOL_HEADER, height });
    y += height;
  }
  const pool: Box = { x: origin.x, y: origin.y, width, height: y - origin.y };

  const nodes = new Map<string, PlacedNode>();
  const deadlines = new Map<string, PlacedDeadline>();
  const errorBoundaries = new Map<string, Box>();
  model.nodes.forEach((node, column) => {
    const lane = lanes.get(node.lane);
    const row = rowOfLane.get(node.lane);
    if (!lane || row === undefined) throw new Error(`Node '${node.id}' of '${model.id}' is in unknown lane '${node.lane}'`);
    const size = sizeOf(node);
    const centreX = firstColumnX + column * COLUMN_WIDTH + TASK.width / 2;
    const centreY = lane.y + ROW_CENTRE;
    const placed: PlacedNode = {
      id: node.id, column, row,
      x: centreX - size.width / 2, y: centreY - size.height / 2, width: size.width, height: size.height,
    };
    nodes.set(node.id, placed);

    if (limitOf(node)) {
      const timerCentreX = placed.x + 110;
      const bottom = placed.y + placed.height;
      const escalateTask = { x: timerCentreX - TASK.width / 2, y: bottom + 70, ...TASK };
      deadlines.set(node.id, {
        timer: { x: timerCentreX - EVENT.width / 2, y: bottom - EVENT.height / 2, ...EVENT },
        escalateTask,
        escalatedEnd: {
          x: escalateTask.x + TASK.width + 30, y: escalateTask.y + TASK.height / 2 - EVENT.height / 2, ...EVENT,
        },
      });
    }
    if (node.kind === 'externalTask') {
      (node.errors ?? []).forEach((error, index) => {
        const centreX = placed.x + 30 + index * 40;
        errorBoundaries.set(`${node.id}:${error.code}`, {
          x: centreX - EVENT.width / 2, y: placed.y + placed.height - EVENT.height / 2, ...EVENT,
        });
      });
    }
  });
  return { pool, lanes, nodes, deadlines, errorBoundaries };
}

const centre = (box: Box): Point => ({ x: box.x + box.width / 2, y: box.y + box.height / 2 });

/**
 * Orthogonal waypoints of a sequence flow between two placed nodes. A gateway leaves by its top or
 * bottom towards another row; other nodes turn in whichever row has no node in between; when both
 * rows are taken the flow runs in the channel above the target's row (boundary events and escalation
 * branches are below it) and enters it from the top.
 */
export function routeFlow(layout: Layout, source: PlacedNode, target: PlacedNode, fromGateway: boolean): Point[] {
  const s = centre(source);
  const t = centre(target);
  const low = Math.min(source.column, target.column);
  const high = Math.max(source.column, target.column);
  const rowFree = (row: number): boolean =>
    ![...layout.nodes.values()].some((node) => node.row === row && node.column > low && node.column < high);
  // Flows to neighbouring targets get different heights so they do not run on top of each other.
  const channelY = t.y - TASK.height / 2 - 12 - (target.column % 3) * 8;
  const viaChannel = (start: Point[]): Point[] => [
    ...start,
    { x: start[start.length - 1]!.x, y: channelY },
    { x: t.x, y: channelY },
    { x: t.x, y: target.y },
  ];
  if (s.y === t.y) {
    if (rowFree(source.row)) return [{ x: source.x + source.width, y: s.y }, { x: target.x, y: t.y }];
    return viaChannel([{ x: s.x, y: source.y }]);
  }
  if (fromGateway) {
    const exitY = t.y > s.y ? source.y + source.height : source.y;
    if (rowFree(target.row)) return [{ x: s.x, y: exitY }, { x: s.x, y: t.y }, { x: target.x, y: t.y }];
    return viaChannel([{ x: s.x, y: exitY }]);
  }
  const exit = { x: source.x + source.width, y: s.y };
  if (rowFree(source.row)) {
    const turnX = target.x - 30;
    return [exit, { x: turnX, y: s.y }, { x: turnX, y: t.y }, { x: target.x, y: t.y }];
  }
  const turnX = source.x + source.width + 30;
  if (rowFree(target.row)) return [exit, { x: turnX, y: s.y }, { x: turnX, y: t.y }, { x: target.x, y: t.y }];
  return viaChannel([exit, { x: turnX, y: s.y }]);
}

/** Waypoints from a boundary event (bottom edge) to a node. */
export function routeFromBoundary(boundary: Box, target: Box): Point[] {
  const b = centre(boundary);
  const t = centre(target);
  const bottom = boundary.y + boundary.height;
  if (Math.abs(b.x - t.x) < 1) return [{ x: b.x, y: bottom }, { x: t.x, y: target.y }];
  if (t.y > bottom) return [{ x: b.x, y: bottom }, { x: b.x, y: t.y }, { x: t.x < b.x ? target.x + target.width : target.x, y: t.y }];
  const below = bottom + 20;
  return [{ x: b.x, y: bottom }, { x: b.x, y: below }, { x: t.x, y: below }, { x: t.x, y: target.y + target.height }];
}

/** Label box under an event; above-left of a gateway, clear of flows leaving by its top. */
export function labelBox(kind: 'event' | 'gateway', box: Box): Box {
  const c = centre(box);
  return kind === 'gateway'
    ? { x: box.x - 112, y: box.y - 44, width: 108, height: 40 }
    : { x: c.x - 50, y: box.y + box.height + 6, width: 100, height: 40 };
}
