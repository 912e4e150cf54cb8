// The bundles' forms are bilingual: labels «русский / қазақша», and texts with a Russian paragraph and a Kazakh one.
// Before a form is shown it keeps only the page's language, so a Kazakh page reads Kazakh and a Russian page Russian.

const KAZAKH = /[әғқңөұүһіӘҒҚҢӨҰҮҺІ]/;
const CYRILLIC = /[а-яёА-ЯЁәғқңөұүһіӘҒҚҢӨҰҮҺІ]/;

/** «Телефон / Телефон», «## Заявление / Өтініш»: the part in `language`; a line that is not such a pair stays. */
function pickLine(line, language) {
  const parts = line.split(' / ');
  if (parts.length !== 2 || !parts.every((p) => CYRILLIC.test(p))) return line;
  const [ru, kk] = parts;
  // A heading keeps its marks («## »): they are on the first part only.
  const mark = /^(#+\s+|\*\*)/.exec(ru)?.[1] ?? '';
  return language === 'kk' ? `${mark}${kk.trim()}` : ru;
}

/** A text: each pair line picked; of lines written once in each language (a Russian paragraph, then a Kazakh one), those
 *  in `language`. Headings and lines without Cyrillic (numbers, codes) stay. */
export function pickText(text, language) {
  if (typeof text !== 'string' || !text) return text;
  const lines = text.split('\n').map((line) => pickLine(line, language));
  const prose = (line) => CYRILLIC.test(line) && !/^#+\s/.test(line);
  const both = lines.some((l) => prose(l) && KAZAKH.test(l)) && lines.some((l) => prose(l) && !KAZAKH.test(l));
  const kept = both ? lines.filter((l) => !prose(l) || KAZAKH.test(l) === (language === 'kk')) : lines;
  return kept.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

const TEXT_PROPS = ['label', 'description', 'dateLabel', 'timeLabel', 'text', 'placeholder'];

/** The form's schema with every label, description and text in `language` (a copy; the schema itself is untouched). */
export function formInLanguage(schema, language) {
  if (!schema) return schema;
  const component = (c) => {
    const out = { ...c };
    for (const prop of TEXT_PROPS) if (typeof out[prop] === 'string') out[prop] = pickText(out[prop], language);
    if (Array.isArray(out.values)) out.values = out.values.map((v) => (typeof v?.label === 'string' ? { ...v, label: pickText(v.label, language) } : v));
    if (Array.isArray(out.components)) out.components = out.components.map(component);
    return out;
  };
  return component(schema);
}
