// The analyst's view: deployed регламенты per akimat with versions and validity, each route's diagram with a heatmap
// of active and overdue instances and the share finished within the limit, the editor with live lint, drafts,
// comparison with the deployed version, and deployment (also of a whole bundle by upload).
import { editorStrings } from './i18n.js';
import { humanDuration } from './durations.js';
import { h, t, lang, frame, focusScreen, session, engine, api, loginForm, showError, showInfo, errorParts, fmtDate, fmtDay, hashRoute, serviceTitles, serviceName, vendorUrl, tenantName as nameOfTenant, actLanguage, actText, checkFields, languageOf } from './common.js';

const nav = () => [[t('analyst'), '#/'], [t('uploadBundle'), '#/upload'], [t('importAct'), '#/import']];

async function route() {
  const main = frame(t('analyst'), session.token ? nav() : []);
  const [page, id] = hashRoute();
  try {
    if (!session.token || page === 'login') return loginForm(main, { onSuccess: () => go('#/') });
    if (page === 'definition' && id) return await definition(main, decodeURIComponent(id));
    if (page === 'edit' && id) return await edit(main, decodeURIComponent(id));
    if (page === 'upload') return await upload(main);
    if (page === 'import') return await importActPage(main);
    return await list(main);
  } catch (err) { showError(err); }
}

async function list(main) {
  const [defs, titles, tenants] = await Promise.all([api('/api/analyst/definitions'), serviceTitles(), api('/api/auth/tenants').catch(() => [])]);
  const tenantName = new Map(tenants.map((tn) => [tn.id, nameOfTenant(tn)]));
  const byTenant = new Map();
  for (const d of defs) byTenant.set(d.tenantId ?? '—', [...(byTenant.get(d.tenantId ?? '—') ?? []), d]);
  main.replaceChildren(...[...byTenant.entries()].map(([tenant, items]) => h('section', { class: 'card' },
    h('h2', {}, `${t('tenant')}: ${tenantName.has(tenant) ? `${tenantName.get(tenant)} (${tenant})` : tenant}`),
    h('table', { class: 'tasks' },
      h('thead', {}, h('tr', {}, ...[t('route'), t('versions'), t('validity'), t('active'), ''].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...items.map((d) => h('tr', { 'data-definition-id': d.id },
        h('td', {}, h('a', { href: `#/definition/${encodeURIComponent(d.id)}` }, serviceName(d, titles)), h('div', { class: 'muted' }, h('code', { translate: 'no' }, d.key))),
        h('td', {}, `v${d.version}${d.versionTag ? ` (${d.versionTag})` : ''}`),
        h('td', { class: 'validity' }, `${d.validFrom ? fmtDay(d.validFrom) : '…'} — ${d.validTo ? fmtDay(d.validTo) : '…'}`,
          d.repealedBy ? h('div', { class: 'muted' }, `${t('repealedBy')}: `, actText(d.repealedBy, actLanguage(d.key, d.tenantId, titles))) : null,
          d.validToBasis === 'unknown' ? h('div', { class: 'validity-unknown' }, t('validityUnknown')) : null),
        h('td', {}, String(d.activeInstances ?? 0)),
        h('td', {}, h('a', { href: `#/edit/${encodeURIComponent(d.id)}`, 'aria-label': `${t('edit')}: ${d.key} v${d.version}` }, t('edit'))))))))));
  if (!defs.length) main.replaceChildren(h('p', { class: 'card' }, '—'));
}

function infoPanel() {
  return h('aside', { class: 'card element-info', id: 'element-info', 'aria-live': 'polite' }, h('p', { class: 'muted' }, t('elementHint')));
}

function describe(element, heat, actLang) {
  const act = (text) => actText(text, actLang);
  const bo = element.businessObject;
  const props = {};
  const collect = (node, into = props) => (node?.extensionElements?.values ?? []).forEach((v) => (v.values ?? []).forEach((p) => { if (p.name) into[p.name] = p.value; }));
  collect(bo);
  const own = { ...props };
  const deadline = (element.attachers ?? []).find((a) => a.id === `${element.id}-deadline`);
  const deadlineProps = {};
  if (deadline) { collect(deadline.businessObject); collect(deadline.businessObject, deadlineProps); }
  const timer = deadline?.businessObject?.eventDefinitions?.[0];
  const doc = (bo.documentation ?? []).map((d) => d.text).join('\n');
  const stat = heat?.get(element.id);
  return [
    bo.name ? actText(bo.name, actLang, 'h3') : h('h3', {}, h('code', { translate: 'no' }, element.id)),
    h('p', {}, `${t('elementInfo')}: `, props['reglament:step'] ? act(props['reglament:step']) : '—', props['reglament:action'] ? [' · ', act(props['reglament:action'])] : ''),
    limitLine(props, timer?.timeDuration?.body, act),
    basisLine(own, ''),
    deadline ? basisLine(deadlineProps, `${t('limit')}: `) : null,
    stat ? h('p', { class: 'heat-stat' }, `${t('active')}: ${stat.active} · `, h('span', { class: stat.overdue ? 'overdue-text' : '' }, `${t('overdue')}: ${stat.overdue}`),
      ` · ${t('share')}: ${stat.withinLimitShare === null ? '—' : `${Math.round(stat.withinLimitShare * 100)}%`}`) : null,
    doc ? actText(doc, actLang, 'blockquote') : null,
  ];
}

/** «Срок: 30 минут — «Не более 30 минут» (PT30M)»: the timer as people say it, the act's words, the ISO value. */
function limitLine(props, iso, act) {
  const human = iso ? humanDuration(iso, props['reglament:calendar'], lang()) : null;
  const text = props['reglament:limitText'];
  return h('p', { class: 'limit' }, `${t('limit')}: `, human ?? (text ? act(text) : '—'),
    human && text ? [' — «', act(text), '»'] : '', iso ? h('span', { class: 'muted' }, ` (${iso})`) : '');
}

/** What does not come from the governing act, set apart (docs/conventions.md, «Tracing law ↔ diagram»). */
function basisLine(props, prefix) {
  const source = props['reglament:source'];
  if (source) {
    const convention = source.startsWith('convention:');
    return h('p', { class: `basis ${convention ? 'convention' : 'borrowed'}` }, `${prefix}${t(convention ? 'basisConvention' : 'basisBorrowed')}: ${source.replace(/^(act|convention):/, '')}`);
  }
  if (props['reglament:notInAct']) return h('p', { class: 'basis not-in-act' }, `${prefix}${t('basisNotInAct')}: ${props['reglament:notInAct']}`);
  return null;
}

async function definition(main, id) {
  const [def, xml, heatRows, titles] = await Promise.all([
    engine(`/process-definition/${encodeURIComponent(id)}`),
    engine(`/process-definition/${encodeURIComponent(id)}/xml`),
    api(`/api/analyst/definitions/${encodeURIComponent(id)}/heat`).catch(() => []),
    serviceTitles(),
  ]);
  const actLang = actLanguage(def.key, def.tenantId, titles);
  const heat = new Map(heatRows.map((r) => [r.activityId, r]));
  const canvas = h('div', { class: 'canvas', id: 'canvas' });
  const info = infoPanel();
  const totals = heatRows.reduce((acc, r) => ({ active: acc.active + r.active, overdue: acc.overdue + r.overdue }), { active: 0, overdue: 0 });
  main.replaceChildren(
    h('h2', {}, `${serviceName(def, titles)} · v${def.version}${def.tenantId ? ` · ${def.tenantId}` : ''}`),
    actWordingNote(actLang),
    // One colour, one meaning: blue waits within its limit, red is past it now, grey is the history (share in time).
    h('p', { class: 'muted legend' }, `${t('activeSteps')}: ${totals.active} · ${t('overdueSteps')}: ${totals.overdue} · `,
      h('span', { class: 'heat sample' }, '1'), ` ${t('inWork')} · `, h('span', { class: 'heat sample has-overdue' }, '⚠1'), ` ${t('overdueNow')} · `,
      h('span', { class: 'share sample' }, '%'), ` ${t('finishedInTime')}`),
    h('div', { class: 'split' }, canvas, info),
    h('p', {}, h('a', { class: 'button', href: `#/edit/${encodeURIComponent(id)}` }, t('edit'))));
  const { createViewer } = await import(vendorUrl('modeler.js'));
  const viewer = createViewer(canvas);
  window.reglamentViewer = viewer;
  await viewer.importXML(xml.bpmn20Xml);
  markActLanguage(viewer, actLang);
  readableZoom(viewer, heatRows.filter((r) => r.active).map((r) => r.activityId));
  const overlays = viewer.get('overlays');
  const esc = (text) => String(text).replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  for (const r of heatRows) {
    const limit = r.limit ? humanDuration(r.limit.duration, r.limit.calendar, lang()) ?? r.limit.duration : t('noLimit');
    if (r.active || r.overdue) {
      viewer.get('canvas').addMarker(r.activityId, r.overdue ? 'heat-overdue' : 'heat-active');
      overlays.add(r.activityId, 'heat', { position: { bottom: 4, right: 14 }, scale: { min: 1 }, html: `<div class="heat${r.overdue ? ' has-overdue' : ''}" data-activity="${esc(r.activityId)}" title="${esc(`${t('active')} ${r.active}, ${t('overdue')} ${r.overdue} · ${t('limit')}: ${limit}`)}">${r.active}${r.overdue ? ` ⚠${r.overdue}` : ''}</div>` });
    }
    if (r.withinLimitShare !== null && r.withinLimitShare !== undefined) {
      overlays.add(r.activityId, 'share', { position: { top: -12, right: 14 }, scale: { min: 1 }, html: `<div class="share" data-activity="${esc(r.activityId)}" title="${esc(`${t('finishedInTime')} · ${t('limit')}: ${limit}`)}">${Math.round(r.withinLimitShare * 100)}%</div>` });
    }
  }
  viewer.on('element.click', (e) => {
    if (e.element.type === 'bpmn:Process') return;
    info.replaceChildren(...describe(e.element, heat, actLang).filter(Boolean));
    revealElement(viewer, e.element);
  });
}

async function edit(main, id) {
  const [def, xml, titles] = await Promise.all([engine(`/process-definition/${encodeURIComponent(id)}`), engine(`/process-definition/${encodeURIComponent(id)}/xml`), serviceTitles()]);
  const actLang = actLanguage(def.key, def.tenantId, titles);
  const canvas = h('div', { class: 'canvas', id: 'canvas' });
  const panel = h('div', { class: 'properties', id: 'properties' });
  const findings = h('ul', { class: 'findings', id: 'findings', 'aria-live': 'polite' });
  const findingsTitle = h('h3', {}, t('lint'));
  const diffBox = h('div', { id: 'diff' });
  const actionsBox = h('div', { class: 'actions' });
  const draftsBox = h('section', { class: 'card', id: 'drafts' });
  const confirmBox = h('div', { id: 'deploy-confirm' });
  // On the page before the import: the Modeler measures its container to fit the diagram. The buttons and the lint
  // findings come first, so both are in view with the diagram at 1366×768.
  main.replaceChildren(h('h2', {}, `${t('edit')}: ${serviceName(def, titles)} · v${def.version}${def.tenantId ? ` · ${def.tenantId}` : ''}`),
    actWordingNote(actLang), actionsBox, confirmBox, h('section', { class: 'card lint-box' }, findingsTitle, findings), h('div', { class: 'split' }, canvas, panel), diffBox, draftsBox);
  const { createModeler } = await import(vendorUrl('modeler.js'));
  const modeler = createModeler(canvas, panel, { translations: editorStrings[lang()] });
  // Tests and the browser console reach the editor through this handle.
  window.reglamentModeler = modeler;
  await modeler.importXML(xml.bpmn20Xml);
  markActLanguage(modeler, actLang, panel);
  readableZoom(modeler, []);
  const overlays = modeler.get('overlays');
  const current = async () => (await modeler.saveXML({ format: true })).xml;

  /** The saved drafts of this route, newest first; opening one loads it into the editor. */
  async function listDrafts() {
    const drafts = await api(`/api/analyst/drafts?definitionId=${encodeURIComponent(id)}`).catch(() => []);
    draftsBox.replaceChildren(h('h3', {}, t('drafts')), drafts.length
      ? h('ul', {}, ...drafts.map((d) => h('li', {}, `${t('draft')} #${d.version} — ${fmtDate(d.createdAt)}${d.createdBy ? ` (${d.createdBy})` : ''} `,
        h('button', { type: 'button', class: 'secondary', 'aria-label': `${t('open')}: ${t('draft')} #${d.version}`, onclick: async () => {
          try {
            const res = await api(`/api/analyst/drafts/${encodeURIComponent(d.id)}/xml`, { raw: true });
            await modeler.importXML(await res.text());
            readableZoom(modeler, []);
            showInfo(`${t('draft')} #${d.version}`);
            lint();
          } catch (err) { showError(err); }
        } }, t('open')), ' ',
        h('button', { type: 'button', class: 'secondary', 'aria-label': `${t('deployDraft')}: #${d.version}`, onclick: async () => {
          try {
            const res = await api(`/api/analyst/drafts/${encodeURIComponent(d.id)}/xml`, { raw: true });
            await modeler.importXML(await res.text());
            readableZoom(modeler, []);
            lint();
            await confirmDeploy();
          } catch (err) { showError(err); }
        } }, t('deployDraft')))))
      : h('p', { class: 'muted' }, '—'));
  }
  listDrafts();

  let lintTimer = null;
  async function lint() {
    const result = await api('/api/analyst/lint', { method: 'POST', body: { xml: await current() } }).catch((err) => ({ findings: [{ message: err.message, category: 'error' }] }));
    overlays.remove({ type: 'lint' });
    findingsTitle.textContent = `${t('lint')}: ${result.findings.length ? `${t('findings')} ${result.findings.length}` : t('noFindings')}`;
    // Each finding takes the analyst to its element (selected, so the properties panel shows what to fix).
    findings.replaceChildren(...result.findings.map((f) => h('li', { class: f.category, 'data-element': f.id ?? '' },
      f.id ? h('button', { type: 'button', class: 'link', onclick: () => showElement(modeler, f.id) }, f.id) : '', ` ${f.rule ?? ''}: ${f.message}`)));
    for (const f of result.findings) {
      if (!f.id) continue;
      try { overlays.add(f.id, 'lint', { position: { top: -8, left: -8 }, scale: { min: 1 }, html: `<div class="lint ${f.category}" data-element="${f.id}" title="${f.rule ?? ''}: ${f.message.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`)}">!</div>` }); } catch { /* element not on canvas */ }
    }
  }
  modeler.on('commandStack.changed', () => { clearTimeout(lintTimer); lintTimer = setTimeout(lint, 600); confirmBox.replaceChildren(); });
  lint();
  // An element chosen anywhere (a finding, the canvas, the keyboard) comes into view.
  modeler.on('selection.changed', (e) => { if (e.newSelection?.length === 1) revealElement(modeler, e.newSelection[0]); });

  /** Before deploying: the version it becomes, its validity window (from the replaced deployment's manifest) and the
   *  lint verdict; errors refuse it here and on the server, unless the system administrator states a reason. */
  async function confirmDeploy() {
    const xmlNow = await current();
    const preview = await api('/api/analyst/deploy/preview', { method: 'POST', body: { definitionId: id, xml: xmlNow } });
    const v = preview.validity;
    const day = (value, basis) => (value ? `${fmtDay(value)}${basis === 'assumed' ? ` (${t('assumedDay')})` : ''}` : '…');
    const reason = h('textarea', { id: 'override-reason', rows: 2, minlength: 10 });
    // A refusal is shown beside the buttons that asked, not at the top of the page.
    const deployError = h('p', { class: 'error', id: 'deploy-error', role: 'alert' });
    const deployNow = async (overrideReason) => {
      deployError.replaceChildren();
      try {
        const res = await api('/api/analyst/deploy', { method: 'POST', body: { definitionId: id, xml: xmlNow, ...(overrideReason ? { overrideReason } : {}) } });
        confirmBox.replaceChildren();
        showInfo(`${t('deployed')}: ${res.deployed.map((d) => `${d.key} v${d.version}`).join(', ') || '—'}`);
      } catch (err) { deployError.replaceChildren(...errorParts(err)); }
    };
    const heading = h('h3', { tabindex: '-1' }, `${t('deployConfirmTitle')}: ${preview.key} v${preview.nextVersion}`);
    confirmBox.replaceChildren(h('section', { class: `card deploy-confirm${preview.errors ? ' refused' : ''}`, role: 'region', 'aria-label': t('deployConfirmTitle') },
      heading,
      h('p', { class: 'validity' }, `${t('validity')}: `, preview.fromDeploymentId
        ? [`${day(v.from, v.fromBasis)} — ${v.toBasis === 'unknown' ? t('validityUnknown') : day(v.to, v.toBasis)} `, h('span', { class: 'muted' }, `(${t('validityFromManifest')})`)]
        : t('noManifest'),
      v.repealedBy ? h('span', { class: 'muted' }, ` · ${t('repealedBy')}: `, actText(v.repealedBy, actLang)) : ''),
      preview.errors
        ? [h('p', { class: 'error refusal', role: 'alert' }, `${t('deployRefused')}: ${preview.errors}. ${t('fixOrOverride')}`),
          h('label', { for: 'override-reason' }, t('overrideReason')), reason,
          h('div', { class: 'actions' },
            h('button', { type: 'button', class: 'danger', onclick: () => deployNow(reason.value) }, t('deployAnyway')),
            h('button', { type: 'button', class: 'secondary', onclick: () => confirmBox.replaceChildren() }, t('cancel'))), deployError]
        : [h('p', {}, t('lintClean')),
          h('div', { class: 'actions' },
            h('button', { type: 'button', onclick: () => deployNow() }, t('confirmDeploy')),
            h('button', { type: 'button', class: 'secondary', onclick: () => confirmBox.replaceChildren() }, t('cancel'))), deployError]));
    heading.focus();
  }

  actionsBox.append(
    h('button', { type: 'button', onclick: async () => {
      try {
        const draft = await api('/api/analyst/drafts', { method: 'POST', body: { definitionId: id, xml: await current() } });
        showInfo(`${t('save')}: ${t('draft')} #${draft.version}`);
        await listDrafts();
      } catch (err) { showError(err); }
    } }, `${t('save')} (${t('draft')})`),
    h('button', { type: 'button', onclick: async () => {
      try {
        const diff = await api('/api/analyst/diff', { method: 'POST', body: { definitionId: id, xml: await current() } });
        const groups = [['added', '+'], ['removed', '−'], ['changed', '~'], ['limitsChanged', 'Δt']].filter(([k]) => diff[k]?.length);
        diffBox.replaceChildren(h('section', { class: 'card' }, h('h3', {}, `${t('compare')} (v${def.version})`),
          ...(groups.length ? groups.map(([k, mark]) => h('div', { class: `diff-${k}` }, h('h4', {}, `${mark} ${t(k)}: ${diff[k].length}`),
            h('ul', {}, ...diff[k].map((e) => h('li', {}, h('code', {}, e.id), ` ${e.name ?? ''} — ${e.detail ?? ''}`)))))
            : [h('p', {}, t('noChanges'))])));
      } catch (err) { showError(err); }
    } }, t('compare')),
    h('button', { type: 'button', onclick: async () => { try { await confirmDeploy(); } catch (err) { showError(err); } } }, t('deploy')));

}

/** Under the heading when the act is not in the page's language: the diagram's names are the act's wording, quoted. */
function actWordingNote(actLang) {
  return actLang === lang() ? null : h('p', { class: 'muted act-wording' }, `${t('actWording')}: ${t(`actOnly_${actLang}`)}`);
}

/**
 * The diagram's labels are the act's wording: the drawing (its SVG) is marked with the act's language, and so is the
 * properties panel's element name; the palette, the context pad and the panel's own texts are the page's.
 */
function markActLanguage(diagram, actLang, panel = null) {
  diagram.get('canvas').getContainer().querySelector('svg')?.setAttribute('lang', actLang);
  if (!panel) return;
  const mark = () => panel.querySelectorAll('.bio-properties-panel-header-label:not([lang])').forEach((el) => el.setAttribute('lang', actLang));
  mark();
  new MutationObserver(mark).observe(panel, { childList: true, subtree: true });
}

/**
 * The routes are wide (one lane per system): fitted whole they are too small to read. Fit when that stays readable,
 * else zoom to a readable scale and scroll to the first busy element (or the start).
 */
function readableZoom(diagram, hotIds) {
  const canvas = diagram.get('canvas');
  canvas.zoom('fit-viewport');
  if (canvas.zoom() >= 0.6) return;
  canvas.zoom(0.6);
  const registry = diagram.get('elementRegistry');
  const target = hotIds.map((id) => registry.get(id)).find(Boolean) ?? registry.filter((e) => e.type === 'bpmn:StartEvent')[0];
  if (target) canvas.scrollToElement(target, { top: 120, left: 160, right: 160, bottom: 120 });
}

/** Scrolls the diagram to an element unless it is already in view, and the diagram itself into the window. */
function revealElement(diagram, element) {
  const canvas = diagram.get('canvas');
  const box = canvas.viewbox();
  const inside = element.x >= box.x && element.y >= box.y && element.x + (element.width ?? 0) <= box.x + box.width && element.y + (element.height ?? 0) <= box.y + box.height;
  if (!inside) canvas.scrollToElement(element, { top: 120, left: 160, right: 160, bottom: 120 });
  const container = canvas.getContainer();
  const rect = container.getBoundingClientRect();
  if (rect.bottom < 0 || rect.top > window.innerHeight) container.scrollIntoView({ block: 'nearest' });
}

function showElement(modeler, id) {
  const element = modeler.get('elementRegistry').get(id);
  if (!element) return;
  modeler.get('selection').select(element);
  revealElement(modeler, element);
}

/** A bundle's resource names keep its folders (forms/x.form, documents/x.json): from the chosen folder's relative
 *  paths, or — files picked one by one — from the kind of file, as the bundle layout has them. */
function resourceName(file) {
  const relative = file.webkitRelativePath ? file.webkitRelativePath.split('/').slice(1).join('/') : '';
  if (relative) return relative;
  if (/\.form$/i.test(file.name)) return `forms/${file.name}`;
  if (/\.json$/i.test(file.name) && file.name !== 'manifest.json') return `documents/${file.name}`;
  return file.name;
}

async function upload(main) {
  const tenants = await api('/api/auth/tenants').catch(() => []);
  const files = h('input', { type: 'file', id: 'bundle-files', class: 'visually-hidden', multiple: true, accept: '.bpmn,.form,.json', required: true });
  const chosen = h('ul', { class: 'files', id: 'bundle-chosen' });
  files.addEventListener('change', () => chosen.replaceChildren(...[...files.files].map((f) => h('li', {}, `${resourceName(f)} (${Math.ceil(f.size / 1024)} KB)`))));
  const tenant = h('select', { id: 'tenant', name: 'tenant' },
    h('option', { value: '' }, '—'), ...tenants.map((tn) => h('option', { value: tn.id }, `${nameOfTenant(tn)} (${tn.id})`)));
  const report = h('div', { id: 'upload-report' });
  const form = h('form', { class: 'card narrow', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    report.replaceChildren();
    if (!checkFields(form)) return;
    const body = new FormData();
    body.append('deployment-name', files.files[0]?.name ?? 'bundle');
    body.append('deployment-source', 'reglament-analyst-upload');
    if (tenant.value) body.append('tenant-id', tenant.value);
    for (const f of files.files) { const name = resourceName(f); body.append(name, f, name); }
    try {
      const res = await engine('/deployment/create', { method: 'POST', body });
      showInfo(`${t('deployed')}: ${Object.values(res.deployedProcessDefinitions ?? {}).map((d) => `${d.key} v${d.version}`).join(', ')}`);
      // Lint findings do not stop a deployment; the analyst still sees them per file.
      const warnings = Object.entries(res.warnings ?? {}).flatMap(([file, list]) => list.map((p) => `${file}: ${p.message}`));
      if (warnings.length) report.replaceChildren(h('h3', {}, `${t('lint')}: ${t('findings')} ${warnings.length}`), h('ul', { class: 'findings' }, ...warnings.map((w) => h('li', { class: 'warn' }, w))));
    } catch (err) {
      const details = err.body?.details ? Object.entries(err.body.details).flatMap(([res, d]) => (d.errors ?? []).map((p) => `${res}: ${p.message}`)) : [];
      showError(Object.assign(err, { body: { ...err.body, message: [err.body?.message ?? err.message, ...details].join('\n') } }));
    }
  } },
  h('h2', {}, t('uploadBundle')),
  h('label', { for: 'bundle-files' }, `${t('files')}: manifest.json, *.bpmn, forms/*.form, documents/*.json`),
  h('div', { class: 'file-picker' }, files, h('label', { for: 'bundle-files', class: 'button secondary' }, t('chooseFiles'))),
  chosen,
  h('label', { for: 'tenant' }, t('tenant')), tenant,
  h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('deploy'))),
  report);
  main.replaceChildren(form);
}

/**
 * «Импорт акта»: the analyst uploads an act's text (docs/importer.md); each service comes back as draft routes with
 * the importer's notes (DRAFT.md) beside them, and each route opens in the modeler with its lint findings.
 */
async function importActPage(main) {
  const tenants = await api('/api/auth/tenants').catch(() => []);
  const file = h('input', { type: 'file', id: 'act-file', class: 'visually-hidden', accept: '.txt,text/plain', required: true });
  const chosen = h('p', { class: 'muted', id: 'act-chosen' });
  file.addEventListener('change', () => { chosen.textContent = file.files[0] ? `${file.files[0].name} (${Math.ceil(file.files[0].size / 1024)} KB)` : ''; });
  const tenant = h('select', { id: 'import-tenant', name: 'tenant', required: true },
    h('option', { value: '' }, '—'), ...tenants.map((tn) => h('option', { value: tn.id }, `${nameOfTenant(tn)} (${tn.id})`)));
  const results = h('div', { id: 'import-results' });
  const form = h('form', { class: 'card narrow', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    results.replaceChildren();
    if (!checkFields(form)) return;
    try {
      const text = await file.files[0].text();
      const res = await api('/api/analyst/import-act', { method: 'POST', body: { text, tenant: tenant.value } });
      results.replaceChildren(...res.services.map((svc) => h('section', { class: 'card import-service', 'data-service': svc.service },
        // The service's name is the act's wording; its key a code; the importer's notes a file shown as it is (English).
        h('h3', {}, actText(svc.title, languageOf(svc.title)), ' (', h('code', { translate: 'no' }, svc.service), ')'),
        h('div', { class: 'split' },
          h('div', {}, h('h4', {}, t('routes')), h('ul', {}, ...svc.routes.map((r) => h('li', {},
            `${r.route} — ${t('lint')}: ${r.findings.length ? `${t('findings')} ${r.findings.length}` : t('noFindings')} `,
            h('button', { type: 'button', class: 'secondary', 'data-route': r.route, onclick: () => openDraft(main, svc, r) }, t('openInModeler')))))),
          h('div', {}, h('h4', {}, 'DRAFT.md'), h('pre', { class: 'draft-notes', lang: 'en' }, svc.draft))))),
      ...(res.skipped.length ? [h('p', { class: 'muted' }, `${t('skippedLostForce')}: ${res.skipped.map((x) => `«${x.title}»`).join(', ')}`)] : []));
      showInfo(`${t('importAct')}: ${res.services.length}`);
    } catch (err) { showError(err); }
  } },
  h('h2', {}, t('importAct')),
  h('label', { for: 'act-file' }, t('actText')),
  h('div', { class: 'file-picker' }, file, h('label', { for: 'act-file', class: 'button secondary' }, t('chooseFiles'))),
  chosen,
  h('label', { for: 'import-tenant' }, t('tenant')), tenant,
  h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('importAct'))));
  main.replaceChildren(form, results);
}

/** One draft route in the modeler, its lint findings live, the importer's notes beside it, and a download. */
async function openDraft(main, svc, draft) {
  const canvas = h('div', { class: 'canvas', id: 'canvas' });
  const panel = h('div', { class: 'properties', id: 'properties' });
  const findings = h('ul', { class: 'findings', id: 'findings', 'aria-live': 'polite' });
  const findingsTitle = h('h3', {}, t('lint'));
  const download = h('button', { type: 'button', class: 'secondary' }, `${t('downloadFile')} ${draft.route}.bpmn`);
  // As in the editor: the buttons and the lint findings above the diagram, in view without scrolling.
  main.replaceChildren(h('h2', {}, `${svc.title} — ${draft.route}`),
    h('div', { class: 'actions' }, download, h('button', { type: 'button', class: 'secondary', onclick: () => importActPage(main) }, t('back'))),
    h('section', { class: 'card lint-box' }, findingsTitle, findings), h('div', { class: 'split' }, canvas, panel),
    h('section', { class: 'card' }, h('h3', {}, 'DRAFT.md'), h('pre', { class: 'draft-notes', lang: 'en' }, svc.draft)));
  const { createModeler } = await import(vendorUrl('modeler.js'));
  const modeler = createModeler(canvas, panel, { translations: editorStrings[lang()] });
  window.reglamentModeler = modeler;
  await modeler.importXML(draft.xml);
  readableZoom(modeler, []);
  const current = async () => (await modeler.saveXML({ format: true })).xml;
  const show = (list) => {
    findingsTitle.textContent = `${t('lint')}: ${list.length ? `${t('findings')} ${list.length}` : t('noFindings')}`;
    findings.replaceChildren(...list.map((f) => h('li', { class: f.category, 'data-element': f.id ?? '' },
      f.id ? h('button', { type: 'button', class: 'link', onclick: () => showElement(modeler, f.id) }, f.id) : '', ` ${f.rule ?? ''}: ${f.message}`)));
  };
  show(draft.findings);
  let timer = null;
  modeler.on('commandStack.changed', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => show((await api('/api/analyst/lint', { method: 'POST', body: { xml: await current() } }).catch((err) => ({ findings: [{ message: err.message, category: 'error' }] }))).findings), 600);
  });
  download.onclick = async () => {
    const a = h('a', { href: URL.createObjectURL(new Blob([await current()], { type: 'application/xml' })), download: `${draft.route}.bpmn` });
    document.body.append(a);
    a.click();
    a.remove();
  };
}

/** Navigates; a hash that does not change fires no hashchange, so render directly then. */
function go(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

// Each change of screen puts the focus on its heading (the tasklist's own refresh does not).
const show = async () => { await route(); focusScreen(document.getElementById('main')); };
window.addEventListener('hashchange', show);
show();
