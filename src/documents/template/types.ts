// The shape of an output document template: bundle data (processes/<tenant>/<service>/documents/<id>.json) that the
// renderer turns into pdfmake content. Nothing in a template runs: text, placeholders, named helpers and conditions.
import type { Bilingual, FieldSpec } from '../types.js';

/** A text: the same in both languages (a plain string), one per language, or the label of a declared field. */
export type Text = string | Bilingual | { label: string };

export type Margin = [number, number, number, number];

interface Placed { margin?: Margin }
interface Styled extends Placed { bold?: boolean; italics?: boolean; fontSize?: number; align?: 'left' | 'center' | 'right' | 'justify' }

/** A field is present when it has a non-empty value; `equals`/`in` compare its value. */
export interface Condition { field: string; equals?: string | number | boolean; in?: Array<string | number | boolean> }

export type Block =
  | ({ title: Text } & Placed)
  | ({ subtitle: Text } & Placed)
  | ({ paragraph: Text } & Styled)
  | ({ text: Text } & Styled)
  | ({ row: string | { label: Text; value: Text } } & Placed)
  | ({ signature: { role: Text; name?: string } } & Placed)
  | ({ table: { rows: string; widths?: Array<number | '*' | 'auto'>; columns: Array<{ header: Text; value: Text }> } } & Placed)
  | ({ list: { items: string; item: Text } | Text[] } & Placed)
  | { if: Condition; then: Block[]; else?: Block[] };

/** Fields required only when another field has a value, e.g. per variant of a certificate. */
export interface RequiredWhen { field: string; equals: string | number | boolean; require: string[] }

export interface DocumentTemplate {
  $schema?: string;
  id: string;
  title: Bilingual;
  /** Where the template comes from: the act's section (and, for text the act does not give, that it does not). */
  source: string;
  /** Wording not from the bundle's own act: `act:<tenant>/<service>, <part>`, as the BPMN mark `reglament:source`. */
  borrowedFrom?: string;
  fields: FieldSpec[];
  requiredWhen?: RequiredWhen[];
  /** Data a preview and the parity test render. */
  sample: Record<string, unknown>;
  body: Block[];
}
