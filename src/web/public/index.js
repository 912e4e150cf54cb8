// The landing page: the three web apps, with the language switch.
import { h, t, frame } from './common.js';

const main = frame('reglament');
main.replaceChildren(h('section', { class: 'card narrow' },
  h('h2', {}, t('appName')),
  h('ul', { class: 'services' },
    h('li', {}, h('a', { href: '/web/portal.html' }, t('portal'))),
    h('li', {}, h('a', { href: '/web/operator.html' }, t('operator'))),
    h('li', {}, h('a', { href: '/web/analyst.html' }, t('analyst'))))));
