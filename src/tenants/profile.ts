// The tenant profile: what an akimat is, as data — its names, the providers and ЦОН departments the acts' annexes
// list, who signs, the organization on signatures, and who receives status events. Documents, the portal («where to
// apply»), signatures and notifications read it; `reglament tenant apply <tenant.json>` and REST write it.
// This file holds the shape and the look-ups only; storage lives beside it (src/tenants/store.ts).

export interface Bilingual { ru: string; kk: string }

/** One place where an applicant is received: a provider's office or a ЦОН department. */
export interface Office {
  id: string;
  name: Bilingual;
  address: Bilingual;
  phone?: string;
  email?: string;
  /** «с 9.00 до 18.30, перерыв с 13.00 до 14.30, кроме выходных». */
  hours?: Bilingual;
  /** Service keys (manifest `service`) this office receives for; absent = every service of the tenant. */
  services?: string[];
}

/** A услугодатель: the organization that provides one or more services, with its offices. */
export interface Provider {
  id: string;
  /** Service keys it provides; absent = every service of the tenant. */
  services?: string[];
  /** Full name: «Государственное учреждение «Отдел образования города Семей»». */
  name: Bilingual;
  /** Used inside sentences: «Отдел образования города Семей направляет …». */
  shortName: Bilingual;
  offices: Office[];
}

/** Who signs a service's output documents. */
export interface Signer {
  id: string;
  /** `head` signs the result («Начальник отдела»); `specialist` prepares it. */
  role: 'head' | 'specialist';
  services?: string[];
  title: Bilingual;
  /** The person's name as printed under the title, when the act or the akimat gives one. */
  name?: Bilingual;
  /** The staff user who signs with ЭЦП, when signatures are personal. */
  userId?: string;
}

/** A system that receives status events of the tenant's routes (ИС ЦОН, ИС услугодателя, the cabinet, e-mail, any endpoint). */
export interface StatusSubscriber {
  name: string;
  system: 'con' | 'provider' | 'cabinet' | 'external' | 'email';
  url?: string | null;
  /** Routes (`provider`, `con`, `portal`) whose events it receives; absent = all. */
  routes?: string[];
  services?: string[];
  eventTypes?: string[];
}

export interface TenantProfile {
  /** The tenant id: lower-case letters, digits and hyphens. */
  id: string;
  /** «Акимат города Семей». */
  name: Bilingual;
  /** The organization named on signatures and on the public verification page. */
  organization: Bilingual;
  providers: Provider[];
  /** ЦОН departments as the acts' annexes list them. */
  conDepartments: Office[];
  signers: Signer[];
  subscribers: StatusSubscriber[];
  /** Prefix of the akimat's request numbers (`SEM-2026-000001`); by default the id's first three letters. */
  requestPrefix?: string;
}

const serves = (entry: { services?: string[] }, service: string) => !entry.services?.length || entry.services.includes(service);

/** The provider of a service, or null when the profile names none. */
export function providerOf(profile: TenantProfile, service: string): Provider | null {
  return profile.providers.find((p) => serves(p, service)) ?? null;
}

/** The signer of a role for a service, or null when the profile names none. */
export function signerOf(profile: TenantProfile, service: string, role: Signer['role']): Signer | null {
  return profile.signers.find((s) => s.role === role && serves(s, service)) ?? null;
}

/** The ЦОН departments that receive a service. */
export function conDepartmentsOf(profile: TenantProfile, service: string): Office[] {
  return profile.conDepartments.filter((o) => serves(o, service));
}
