// What a document says about who issues it, built from data only: the act's identity from the bundle's manifest
// and the provider, signers and organisation from the tenant's profile (src/tenants). No akimat is named in code.
import { InvalidRequestError } from '../errors.js';
import { providerOf, signerOf, type TenantProfile } from '../tenants/profile.js';
import type { Bilingual } from './types.js';

/** The part of a bundle manifest a document reads. */
export interface ManifestIdentity {
  tenant: string;
  service: string;
  title: Bilingual;
  act: { number: string; date: string; approval: Bilingual };
}

export interface DocumentScope {
  tenant: string;
  service: string;
  serviceTitle: Bilingual;
  /** «Утвержден постановлением акимата … от … № …», printed under the provider. */
  approval: Bilingual;
  actNumber: string;
  actDate: string;
  provider: { name: Bilingual; shortName: Bilingual };
  signers: { head: Bilingual | null; specialist: Bilingual | null };
  tenantName: Bilingual;
  organization: Bilingual;
}

export function documentScope(manifest: ManifestIdentity, profile: TenantProfile | null, formId: string): DocumentScope {
  const where = `Cannot render document '${formId}' of ${manifest.tenant}/${manifest.service}`;
  if (!profile) throw new InvalidRequestError(`${where}: tenant '${manifest.tenant}' has no profile (reglament tenant apply <tenant.json>)`);
  const provider = providerOf(profile, manifest.service);
  if (!provider) throw new InvalidRequestError(`${where}: the tenant profile names no provider for service '${manifest.service}'`);
  if (!manifest.act?.approval) throw new InvalidRequestError(`${where}: the manifest has no act.approval (the line printed under the provider)`);
  return {
    tenant: manifest.tenant,
    service: manifest.service,
    serviceTitle: manifest.title,
    approval: manifest.act.approval,
    actNumber: manifest.act.number,
    actDate: manifest.act.date,
    provider: { name: provider.name, shortName: provider.shortName },
    signers: {
      head: signerOf(profile, manifest.service, 'head')?.title ?? null,
      specialist: signerOf(profile, manifest.service, 'specialist')?.title ?? null,
    },
    tenantName: profile.name,
    organization: profile.organization,
  };
}
