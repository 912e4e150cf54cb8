// Shim for bpmn-moddle 10: its exports map carries no types condition (engine-notes §1).
declare module 'bpmn-moddle' {
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string | Record<string, unknown>, options?: Record<string, unknown>): Promise<any>;
    toXML(element: unknown, options?: Record<string, unknown>): Promise<{ xml: string }>;
  }
  export default BpmnModdle;
}
