// The analyst's view: deployed регламенты per akimat with versions and validity, each route's diagram with a heatmap
// of active and overdue instances and the share finished within the limit, the editor with live lint, drafts,
// comparison with the deployed version, and deployment (also of a whole bundle by upload).
import { h, t, frame, session, engine, api, loginForm, showError, showInfo, fmtDate, hashRoute } from './common.js';

const nav = () => [[t('analyst'), '#/'], [t('uploadBundle'), '#/upload']];

async function route() {
  const main = frame(t('analyst'), session.token ? nav() : []);
  const [page, id] = hashRoute();
  try {
    if (!session.token || page === 'login') return loginForm(main, { onSuccess: () => go('#/') });
    if (page === 'definition' && id) return await definition(main, decodeURIComponent(id));
    if (page === 'edit' && id) return await edit(main, decodeURIComponent(id));
    if (page === 'upload') return upload(main);
    return await list(main);
  } catch (err) { showError(err); }
}

async function list(main) {
  const defs = await api('/api/analyst/definitions');
  const byTenant = new Map();
  for (const d of defs) byTenant.set(d.tenantId ?? '—', [...(byTenant.get(d.tenantId ?? '—') ?? []), d]);
  main.replaceChildren(...[...byTenant.entries()].map(([tenant, items]) => h('section', { class: 'card' },
    h('h2', {}, `${t('tenant')}: ${tenant}`),
    h('table', { class: 'tasks' },
      h('thead', {}, h('tr', {}, ...['key', t('versions'), t('validity'), t('active'), ''].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...items.map((d) => h('tr', {},
        h('td', {}, h('a', { href: `#/definition/${encodeURIComponent(d.id)}` }, d.name ?? d.key), h('div', { class: 'muted' }, d.key)),
        h('td', {}, `v${d.version}${d.versionTag ? ` (${d.versionTag})` : ''}`),
        h('td', {}, `${d.validFrom ?? '…'} — ${d.validTo ?? '…'}`, d.repealedBy ? h('div', { class: 'muted' }, d.repealedBy) : null),
        h('td', {}, String(d.activeInstances ?? 0)),
        h('td', {}, h('a', { href: `#/edit/${encodeURIComponent(d.id)}` }, t('edit'))))))))));
}

function infoPanel() {
  return h('aside', { class: 'card element-info', id: 'element-info', 'aria-live': 'polite' }, h('p', { class: 'muted' }, t('elementInfo')));
}

function describe(element, heat) {
  const bo = element.businessObject;
  const props = {};
  const collect = (node) => (node?.extensionElements?.values ?? []).forEach((v) => (v.values ?? []).forEach((p) => { if (p.name) props[p.name] = p.value; }));
  collect(bo);
  const deadline = (element.attachers ?? []).find((a) => a.id === `${element.id}-deadline`);
  if (deadline) collect(deadline.businessObject);
  const timer = deadline?.businessObject?.eventDefinitions?.[0];
  const doc = (bo.documentation ?? []).map((d) => d.text).join('\n');
  const stat = heat?.get(element.id);
  return [
    h('h3', {}, bo.name ?? element.id),
    h('p', {}, `${t('elementInfo')}: ${props['reglament:step'] ?? '—'}`, props['reglament:action'] ? ` · ${props['reglament:action']}` : ''),
    h('p', {}, `${t('limit')}: ${props['reglament:limitText'] ?? timer?.timeDuration?.body ?? '—'}${props['reglament:calendar'] === 'kz-working-days' ? ' (рабочие дни / жұмыс күндері)' : ''}`),
    stat ? h('p', {}, `${t('active')}: ${stat.active} · ${t('overdue')}: ${stat.overdue} · ${t('share')}: ${stat.withinLimitShare === null ? '—' : `${Math.round(stat.withinLimitShare * 100)}%`}`) : null,
    doc ? h('blockquote', {}, doc) : null,
  ];
}

async function definition(main, id) {
  const [xml, heatRows] = await Promise.all([
    engine(`/process-definition/${encodeURIComponent(id)}/xml`),
    api(`/api/analyst/definitions/${encodeURIComponent(id)}/heat`).catch(() => []),
  ]);
  const heat = new Map(heatRows.map((r) => [r.activityId, r]));
  const canvas = h('div', { class: 'canvas', id: 'canvas' });
  const info = infoPanel();
  main.replaceChildren(h('div', { class: 'split' }, canvas, info),
    h('p', {}, h('a', { href: `#/edit/${encodeURIComponent(id)}` }, t('edit'))));
  const { createViewer } = await import('/web/vendor/modeler.js');
  const viewer = createViewer(canvas);
  await viewer.importXML(xml.bpmn20Xml);
  viewer.get('canvas').zoom('fit-viewport');
  const overlays = viewer.get('overlays');
  const max = Math.max(1, ...heatRows.map((r) => r.active));
  for (const r of heatRows) {
    if (!r.active && !r.overdue) continue;
    const alpha = 0.25 + 0.6 * (r.active / max);
    overlays.add(r.activityId, { position: { bottom: 0, right: 0 }, html: `<div class="heat" style="background:rgba(220,60,30,${alpha.toFixed(2)})" title="active ${r.active}, overdue ${r.overdue}">${r.active}${r.overdue ? ` ⚠${r.overdue}` : ''}</div>` });
  }
  viewer.on('element.click', (e) => info.replaceChildren(...describe(e.element, heat).filter(Boolean)));
}

async function edit(main, id) {
  const [def, xml] = await Promise.all([engine(`/process-definition/${encodeURIComponent(id)}`), engine(`/process-definition/${encodeURIComponent(id)}/xml`)]);
  const canvas = h('div', { class: 'canvas', id: 'canvas' });
  const panel = h('div', { class: 'properties', id: 'properties' });
  const findings = h('ul', { class: 'findings', id: 'findings', 'aria-live': 'polite' });
  const diffBox = h('div', { id: 'diff' });
  const { createModeler } = await import('/web/vendor/modeler.js');
  const modeler = createModeler(canvas, panel);
  await modeler.importXML(xml.bpmn20Xml);
  modeler.get('canvas').zoom('fit-viewport');
  const overlays = modeler.get('overlays');
  const current = async () => (await modeler.saveXML({ format: true })).xml;

  let lintTimer = null;
  async function lint() {
    const result = await api('/api/analyst/lint', { method: 'POST', body: { xml: await current() } }).catch((err) => ({ findings: [{ message: err.message, category: 'error' }] }));
    overlays.remove({ type: 'lint' });
    findings.replaceChildren(...result.findings.map((f) => h('li', { class: f.category }, `${f.id ?? ''} ${f.rule ?? ''}: ${f.message}`)));
    for (const f of result.findings) {
      if (!f.id) continue;
      try { overlays.add(f.id, 'lint', { position: { top: -8, left: -8 }, html: `<div class="lint ${f.category}" title="${f.message.replace(/"/g, '&quot;')}">!</div>` }); } catch { /* element not on canvas */ }
    }
  }
  modeler.on('commandStack.changed', () => { clearTimeout(lintTimer); lintTimer = setTimeout(lint, 600); });
  lint();

  const actions = h('div', { class: 'actions' },
    h('button', { type: 'button', onclick: async () => {
      try {
        const draft = await api('/api/analyst/drafts', { method: 'POST', body: { definitionId: id, xml: await current() } });
        showInfo(`${t('draft')} #${draft.version}`);
      } catch (err) { showError(err); }
    } }, `${t('save')} (${t('draft')})`),
    h('button', { type: 'button', onclick: async () => {
      try {
        const diff = await api('/api/analyst/diff', { method: 'POST', body: { definitionId: id, xml: await current() } });
        diffBox.replaceChildren(h('h3', {}, t('compare')),
          ...[['added', '+'], ['removed', '−'], ['changed', '~'], ['limitsChanged', '⏱']].map(([k, mark]) =>
            h('ul', {}, ...(diff[k] ?? []).map((e) => h('li', {}, `${mark} ${e.id} ${e.name ?? ''} ${e.detail ?? ''}`)))));
      } catch (err) { showError(err); }
    } }, t('compare')),
    h('button', { type: 'button', onclick: async () => {
      try {
        const form = new FormData();
        form.append('deployment-name', def.key);
        form.append('deployment-source', 'reglament-analyst');
        if (def.tenantId) form.append('tenant-id', def.tenantId);
        form.append('enable-duplicate-filtering', 'true');
        form.append('data', new Blob([await current()], { type: 'application/xml' }), `${def.key}.bpmn`);
        const res = await engine('/deployment/create', { method: 'POST', body: form });
        showInfo(`${t('deploy')}: ${Object.values(res.deployedProcessDefinitions ?? {}).map((d) => `${d.key} v${d.version}`).join(', ') || '—'}`);
      } catch (err) { showError(err); }
    } }, t('deploy')));
  main.replaceChildren(h('div', { class: 'split' }, canvas, panel), actions, h('section', { class: 'card' }, h('h3', {}, t('lint')), findings), diffBox);
}

function upload(main) {
  const files = h('input', { type: 'file', id: 'bundle-files', multiple: true, accept: '.bpmn,.form,.json' });
  const tenant = h('input', { id: 'tenant', name: 'tenant' });
  const form = h('form', { class: 'card narrow', onsubmit: async (e) => {
    e.preventDefault();
    const body = new FormData();
    body.append('deployment-name', files.files[0]?.name ?? 'bundle');
    body.append('deployment-source', 'reglament-analyst-upload');
    if (tenant.value) body.append('tenant-id', tenant.value);
    for (const f of files.files) body.append(f.name, f, f.name);
    try {
      const res = await engine('/deployment/create', { method: 'POST', body });
      showInfo(`${t('deploy')}: ${Object.values(res.deployedProcessDefinitions ?? {}).map((d) => `${d.key} v${d.version}`).join(', ')}`);
    } catch (err) {
      const details = err.body?.details ? Object.entries(err.body.details).flatMap(([res, d]) => d.errors.map((p) => `${res}: ${p.message}`)) : [];
      showError(new Error([err.message, ...details].join('\n')));
    }
  } },
  h('h2', {}, t('uploadBundle')),
  h('label', { for: 'bundle-files' }, 'manifest.json, *.bpmn, *.form'), files,
  h('label', { for: 'tenant' }, t('tenant')), tenant,
  h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('deploy'))));
  main.replaceChildren(form);
}

/** Navigates; a hash that does not change fires no hashchange, so render directly then. */
function go(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

window.addEventListener('hashchange', route);
route();
