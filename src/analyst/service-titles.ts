// The service titles of deployed routes in Russian and Kazakh, from the manifest.json deployed with them, so pages in
// either language can name a service (a route's BPMN name is Russian only). Deployments never change: cached by id.
import type { Access, Host } from '../engine/api.js';

/** `actLanguage`: the language the act is written in (manifest `act.language`): the route's BPMN names are in it. */
export interface ServiceTitle { definitionId: string; key: string; tenantId: string | null; route: string | null; title: { ru?: string; kk?: string } | null; actLanguage: 'ru' | 'kk' | null }

interface Manifest { title?: { ru?: string; kk?: string }; routes?: Record<string, string>; act?: { language?: string } }

const actLanguageOf = (manifest: Manifest | null): 'ru' | 'kk' | null => (manifest?.act?.language === 'kk' ? 'kk' : manifest?.act?.language === 'ru' ? 'ru' : null);

export function serviceTitles(host: Host) {
  const manifests = new Map<string, Promise<Manifest | null>>();
  const manifestOf = (deploymentId: string, access: Access) => {
    let found = manifests.get(deploymentId);
    if (!found) {
      found = (async () => {
        const resources = await host.getResources(deploymentId, access);
        const res = resources.find((r) => /(^|\/)manifest\.json$/.test(r.name));
        if (!res) return null;
        const { content } = await host.getResource(deploymentId, res.id, access);
        try { return JSON.parse(content.toString('utf8')) as Manifest; } catch { return null; }
      })().catch(() => null);
      // A failed read is not cached: the next caller may have access.
      found.then((m) => { if (!m) manifests.delete(deploymentId); });
      manifests.set(deploymentId, found);
    }
    return found;
  };

  /**
   * Latest version of each route the caller may see, with its service title and route name (provider, con, portal).
   * A version deployed from the editor carries no manifest: the title comes from the newest version that has one.
   */
  return async function titles(access: Access): Promise<ServiceTitle[]> {
    const defs = await host.listDefinitions({ sortBy: 'version', sortOrder: 'desc', maxResults: 5000 }, access);
    const byRoute = new Map<string, ServiceTitle>();
    for (const d of defs) {
      const id = `${d.key}@${d.tenantId ?? ''}`;
      const known = byRoute.get(id);
      if (known?.title) continue;
      const manifest = await manifestOf(d.deploymentId, access);
      const route = Object.keys(manifest?.routes ?? {}).find((r) => d.key.endsWith(`-${r}`)) ?? null;
      if (!known) byRoute.set(id, { definitionId: d.id, key: d.key, tenantId: d.tenantId, route, title: manifest?.title ?? null, actLanguage: actLanguageOf(manifest) });
      else if (manifest?.title) Object.assign(known, { route, title: manifest.title, actLanguage: actLanguageOf(manifest) });
    }
    return [...byRoute.values()];
  };
}
