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

export function createModeler(container, panel) {
  return new BpmnModeler({
    container,
    propertiesPanel: { parent: panel },
    additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, CamundaPlatformPropertiesProviderModule, CamundaBehaviors],
    moddleExtensions: { camunda: camundaModdle },
  });
}

export function createViewer(container) {
  return new NavigatedViewer({ container, moddleExtensions: { camunda: camundaModdle } });
}
