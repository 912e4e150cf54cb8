// Demo data for a fresh database: the four akimats as tenants, their staff and applicants, the embedded registries'
// synthetic persons, and every регламент bundle of processes/ deployed into its akimat's tenant. Idempotent.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Knex } from 'knex';
import type { Access, Host } from '../engine/api.js';
import { IdentityStore } from '../store/identity.js';
import { seedDemoPersons, syntheticIin, DEMO_TENANTS } from './registry-seed.js';
import { findBundles } from '../reglament/bundle.js';
import { prepareDeployment } from '../reglament/deploy.js';
import { applyTenant } from '../tenants/apply.js';

export const DEMO_PASSWORD = 'demo12345';
export const WORKER_USER = 'worker';

const TENANT_NAMES: Record<string, string> = {
  'zhambyl-sko': 'Акимат Жамбылского района Северо-Казахстанской области',
  'aktobe-oblast': 'Акимат Актюбинской области',
  'kyzylzhar': 'Қызылжар ауданының әкімдігі',
  'semey': 'Акимат города Семей',
};

/** Candidate groups of the bundles (docs/conventions.md). */
const TASK_GROUPS = [
  ['provider-specialist', 'Специалист услугодателя'],
  ['con-operator', 'Оператор ЦОН'],
  ['supervisor', 'Руководитель услугодателя'],
  ['applicant', 'Получатель услуги (портал)'],
] as const;

export interface DemoLogin { user: string; password: string; tenant: string | null; role: string; iin?: string }

export interface SeedResult {
  logins: DemoLogin[];
  deployed: { bundle: string; definitions: string[] }[];
  skipped: { bundle: string; reason: string }[];
}

export interface SeedOptions {
  db: Knex;
  host: Host;
  processesDir?: string;
  workerPassword?: string;
  /** Only these bundles (paths under processes/, e.g. `zhambyl-sko/preschool-queue`); default all. */
  bundles?: string[];
  log?: (event: string, fields?: Record<string, unknown>) => void;
}

const admin: Access = { tenantIds: null, userId: 'demo-seed' };

async function ensureUser(identity: IdentityStore, user: { id: string; firstName: string; lastName: string; iin?: string; kind: 'staff' | 'applicant' | 'service'; password: string }, groups: string[], tenants: string[]): Promise<void> {
  if (!(await identity.getUser(user.id))) {
    await identity.createUser({ id: user.id, firstName: user.firstName, lastName: user.lastName, iin: user.iin ?? null, kind: user.kind, password: user.password });
  }
  for (const g of groups) await identity.addGroupMember(g, user.id).catch(() => undefined);
  for (const t of tenants) await identity.addTenantUser(t, user.id).catch(() => undefined);
}

export async function seedDemo(options: SeedOptions): Promise<SeedResult> {
  const { db, host } = options;
  const log = options.log ?? (() => {});
  const identity = new IdentityStore(db);
  await identity.ensureRoleGroups();
  const tenants = Object.keys(DEMO_TENANTS);
  for (const id of tenants) if (!(await identity.getTenant(id))) await identity.createTenant({ id, name: TENANT_NAMES[id] ?? id });
  for (const [id, name] of TASK_GROUPS) if (!(await identity.getGroup(id))) await identity.createGroup({ id, name, type: 'task' });
  const processesDir = options.processesDir ?? join(process.cwd(), 'processes');
  // Each akimat's profile is its processes/<tenant>/tenant.json, stored as `reglament tenant apply` stores it.
  for (const id of tenants) {
    const file = join(processesDir, id, 'tenant.json');
    if (existsSync(file)) await applyTenant(db, JSON.parse(readFileSync(file, 'utf8')), { userId: null, file: relative(processesDir, file) });
  }

  const registries = await seedDemoPersons(db, { tenants });
  const logins: DemoLogin[] = [];
  for (const [i, tenant] of tenants.entries()) {
    // Staff IINs are synthetic too; each gets a demo ЭЦП certificate on first signature.
    const staff = [
      { id: `specialist.${tenant}`, firstName: 'Специалист', lastName: 'Демо', groups: ['operator', 'provider-specialist'], role: 'operator (provider-specialist)', serial: 10 },
      { id: `operator.${tenant}`, firstName: 'Оператор', lastName: 'ЦОН', groups: ['operator', 'con-operator'], role: 'operator (con-operator)', serial: 30 },
      { id: `supervisor.${tenant}`, firstName: 'Руководитель', lastName: 'Демо', groups: ['operator', 'supervisor', 'provider-specialist'], role: 'operator (supervisor)', serial: 50 },
    ];
    for (const s of staff) {
      const iin = syntheticIin('1980-06-1' + String(i), 'male', 7000 + s.serial);
      await ensureUser(identity, { ...s, iin, kind: 'staff', password: DEMO_PASSWORD }, s.groups, [tenant]);
      logins.push({ user: s.id, password: DEMO_PASSWORD, tenant, role: s.role, iin });
    }
    const family = registries.find((r) => r.tenantId === tenant)?.families[0];
    if (family) {
      const [lastName = 'Демо', firstName = 'Заявитель'] = family.parent.name.split(' ');
      const id = `applicant.${tenant}`;
      await ensureUser(identity, { id, firstName, lastName, iin: family.parent.iin, kind: 'applicant', password: DEMO_PASSWORD }, ['applicant'], [tenant]);
      logins.push({ user: id, password: DEMO_PASSWORD, tenant, role: 'applicant (sign in by IIN)', iin: family.parent.iin });
    }
    // The регламенты of the seeds lost force in 2013: the demo runs them as an archive/training tenant (audited).
    await host.setTenantSetting(tenant, 'archiveMode', true, admin);
  }
  if (options.workerPassword) {
    // Created once with a password nobody keeps: each node's workers sign in with a bearer token of their own
    // (src/app/compose.ts), so a second node on the same database never changes what the first one uses.
    await ensureUser(identity, { id: WORKER_USER, firstName: 'Workers', lastName: 'reglament', kind: 'service', password: options.workerPassword }, ['worker'], tenants);
  }

  const deployed: SeedResult['deployed'] = [];
  const skipped: SeedResult['skipped'] = [];
  for (const dir of existsSync(processesDir) ? findBundles(processesDir) : []) {
    const label = relative(processesDir, dir);
    if (options.bundles && !options.bundles.includes(label)) continue;
    try {
      const bundle = await prepareDeployment(dir);
      const result = await host.deploy({
        name: bundle.name, source: 'reglament-demo', tenantId: bundle.tenantId,
        resources: bundle.resources.map((r) => ({ name: r.name, content: r.content })),
        // A bundle deploys whole: a changed diagram's deployment also holds the forms and templates it runs with.
        enableDuplicateFiltering: true,
      }, admin);
      deployed.push({ bundle: label, definitions: result.processDefinitions.map((d) => `${d.key} v${d.version}`) });
    } catch (err) {
      skipped.push({ bundle: label, reason: (err as Error).message });
      log('demo.bundle-skipped', { bundle: label, reason: (err as Error).message });
    }
  }
  return { logins, deployed, skipped };
}
