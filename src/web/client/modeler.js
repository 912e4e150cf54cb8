// Browser bundle for the analyst's editor: bpmn-js Modeler with the Camunda 7 properties panel.
// Plain JS: it runs only in the browser, bundled by esbuild at server start (src/web/bundle.ts), since the panel ships no browser build.
import BpmnModeler from 'bpmn-js/lib/Modeler';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  CamundaPlatformPropertiesProviderModule,
} from 'bpmn-js-properties-panel';
import CamundaBehaviors from 'camunda-bpmn-js-behaviors/lib/camunda-platform';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';

/** bpmn-js's translate service with the page's dictionary (English originals → Russian or Kazakh); unknown texts stay. */
function translateModule(dictionary = {}) {
  const translate = (template, replacements = {}) =>
    (dictionary[template] ?? template).replace(/{([^}]+)}/g, (_, key) => replacements[key] ?? `{${key}}`);
  return { translate: ['value', translate] };
}

/**
 * The properties panel's own chrome (a section's toggle, «contains edits», a list's count) translates only through a
 * `translate` prop on each group, which bpmn-js-properties-panel does not pass: the last provider adds it.
 */
function TranslatedGroups(propertiesPanel, translate) {
  propertiesPanel.registerProvider(1, { getGroups: () => (groups) => groups.map((group) => ({ ...group, translate })) });
}
TranslatedGroups.$inject = ['propertiesPanel', 'translate'];
const translatedGroupsModule = { __init__: ['reglamentTranslatedGroups'], reglamentTranslatedGroups: ['type', TranslatedGroups] };

export function createModeler(container, panel, { translations } = {}) {
  return new BpmnModeler({
    container,
    propertiesPanel: { parent: panel },
    additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, CamundaPlatformPropertiesProviderModule, CamundaBehaviors, translateModule(translations), translatedGroupsModule],
    moddleExtensions: { camunda: camundaModdle },
  });
}

export function createViewer(container) {
  return new NavigatedViewer({ container, moddleExtensions: { camunda: camundaModdle } });
}
