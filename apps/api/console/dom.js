// A few DOM helpers: every text from the service goes in as text, never as markup.

/** h('td', { class: 'num' }, 'text', child): an element with attributes and children. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** A notice inside a view: kind info | denied | error. */
export function notice(kind, text, ...extra) {
  return h(
    'p',
    { class: `notice ${kind}`, role: kind === 'info' ? 'status' : 'alert', dataset: { notice: kind } },
    text,
    ...extra,
  );
}

/** A table with a caption, header cells and rows of cells (strings or { text, class, value, node }). */
export function table(caption, headers, rows, attributes = {}) {
  return h(
    'table',
    attributes,
    h('caption', {}, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headers.map((header) => h('th', { scope: 'col', class: header.class }, header.text ?? header)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((row) =>
        h(
          'tr',
          row.attributes ?? {},
          row.cells.map((cell, index) => {
            const spec =
              typeof cell === 'object' && cell !== null && !(cell instanceof Node) ? cell : { text: cell };
            const tag = index === 0 && row.header !== false ? 'th' : 'td';
            return h(
              tag,
              {
                ...(tag === 'th' && { scope: 'row' }),
                class: spec.class,
                dataset: {
                  field: headers[index].field ?? '',
                  ...(spec.value !== undefined && { value: String(spec.value) }),
                },
              },
              spec.node ?? spec.text ?? '',
            );
          }),
        ),
      ),
    ),
  );
}

/** The two date fields of a query form: the period [from, to) in UTC days. */
export function periodFields(chosen) {
  return [
    h(
      'label',
      {},
      'From (UTC day)',
      h('input', { type: 'date', name: 'from', value: chosen.from, required: true }),
    ),
    h(
      'label',
      {},
      'To (UTC day, exclusive)',
      h('input', { type: 'date', name: 'to', value: chosen.to, required: true }),
    ),
  ];
}
