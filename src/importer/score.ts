// How much of a hand-made bundle a draft reproduces: the share of the hand route's steps (reglament:step) and of its
// limits (step, duration, calendar of each deadline timer) that the draft route also has.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flowElementsOf, parseBpmn, processesOf, propertiesOf, type ModdleElement } from '../reglament/moddle.js';

export interface RouteFacts {
  steps: Set<string>;
  limits: Set<string>;
}

export interface RouteScore {
  route: string;
  steps: { hand: number; matched: number; missing: string[] };
  limits: { hand: number; matched: number; missing: string[] };
}

/** Steps and limits of one route diagram. */
export async function routeFacts(xml: string): Promise<RouteFacts> {
  const { definitions } = await parseBpmn(xml);
  const steps = new Set<string>();
  const limits = new Set<string>();
  for (const p of processesOf(definitions)) {
    for (const el of flowElementsOf(p) as ModdleElement[]) {
      const props = propertiesOf(el);
      const step = props['reglament:step'];
      if (!step) continue;
      steps.add(step);
      const timer = (el.eventDefinitions ?? []).find((d: ModdleElement) => d.$type === 'bpmn:TimerEventDefinition');
      const duration = timer?.timeDuration?.body?.trim();
      if (duration) limits.add(`${step} | ${duration} | ${props['reglament:calendar'] ?? 'calendar'}`);
    }
  }
  return { steps, limits };
}

export function compare(route: string, hand: RouteFacts, draft: RouteFacts | null): RouteScore {
  const miss = (h: Set<string>, d: Set<string> | undefined): string[] => [...h].filter((x) => !d?.has(x));
  const ms = miss(hand.steps, draft?.steps);
  const ml = miss(hand.limits, draft?.limits);
  return {
    route,
    steps: { hand: hand.steps.size, matched: hand.steps.size - ms.length, missing: ms },
    limits: { hand: hand.limits.size, matched: hand.limits.size - ml.length, missing: ml },
  };
}

export interface HandBundle {
  dir: string;
  tenant: string;
  service: string;
  manifest: any;
}

/** Hand bundles under processes/ whose act has this number and date (the act identity the manifests carry). */
export function handBundlesOf(processesDir: string, act: { number?: string; date?: string }): HandBundle[] {
  const out: HandBundle[] = [];
  for (const tenant of readdirSync(processesDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const service of readdirSync(join(processesDir, tenant.name), { withFileTypes: true }).filter((d) => d.isDirectory())) {
      const path = join(processesDir, tenant.name, service.name, 'manifest.json');
      if (!existsSync(path)) continue;
      const manifest = JSON.parse(readFileSync(path, 'utf8'));
      if (manifest.act?.number === act.number && manifest.act?.date === act.date) out.push({ dir: join(processesDir, tenant.name, service.name), tenant: tenant.name, service: service.name, manifest });
    }
  }
  return out;
}

const words = (s: string): Set<string> => new Set(s.toLowerCase().split(/[^\p{L}\d]+/u).filter((w) => w.length > 3).map((w) => w.slice(0, 6)));

/** The hand bundle whose title shares most words with the draft's title. */
export function closestByTitle(title: string, hands: HandBundle[]): HandBundle | undefined {
  const t = words(title);
  let best: { h: HandBundle; score: number } | undefined;
  for (const h of hands) {
    const ht = words(`${h.manifest.title?.ru ?? ''} ${h.manifest.title?.kk ?? ''}`);
    const score = [...t].filter((w) => ht.has(w)).length / Math.max(1, t.size);
    if (!best || score > best.score) best = { h, score };
  }
  return best && best.score > 0.3 ? best.h : undefined;
}
