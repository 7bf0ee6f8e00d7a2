/**
 * The rule form in place: "Add a condition" and "Remove" change the rows without a round
 * trip, "Preview" fetches the count and the held titles, and "Deliver by" shows the topic
 * field only for a new ntfy topic. Without the script each button posts the form back.
 */
import { post } from './http.ts';

const form = document.querySelector<HTMLFormElement>('form.rule-form');

/** The highest number a condition row's inputs carry (rows keep theirs when others go). */
function lastIndex(rows: HTMLElement[]): number {
  return Math.max(
    ...rows.map((row) => Number(row.querySelector('select')?.name.replace(/\D/g, '') || 0)),
  );
}

/** Shows the Remove buttons only while there is more than one row. */
function syncRemovable(container: HTMLElement): void {
  const rows = [...container.querySelectorAll<HTMLElement>('[data-condition]')];
  for (const button of container.querySelectorAll<HTMLElement>('[data-remove-condition]'))
    (button.parentElement as HTMLElement).hidden = rows.length < 2;
}

/** A copy of the first row, renumbered `n`, empty, with "and" and a Remove button. */
function newRow(first: HTMLElement, n: number, template: HTMLElement | null): HTMLElement {
  const row = first.cloneNode(true) as HTMLElement;
  for (const el of row.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[name]')) {
    const base = el.name.replace(/\d+$/, '');
    el.name = `${base}${n}`;
    el.id = `${base}${n}`;
    if (el instanceof HTMLInputElement) el.value = '';
  }
  for (const label of row.querySelectorAll('label'))
    label.htmlFor = label.htmlFor.replace(/\d+$/, String(n));
  if (!row.querySelector('.and') && template) row.prepend(template.cloneNode(true));
  return row;
}

function addCondition(container: HTMLElement, and: HTMLElement | null): void {
  const rows = [...container.querySelectorAll<HTMLElement>('[data-condition]')];
  const row = newRow(rows[0]!, lastIndex(rows) + 1, and);
  const remove = row.querySelector<HTMLButtonElement>('[data-remove-condition]');
  if (remove) remove.value = `remove:${lastIndex(rows) + 1}`;
  container.append(row);
  syncRemovable(container);
  row.querySelector<HTMLInputElement>('input[type=text]')?.focus();
}

async function showPreview(target: HTMLFormElement): Promise<void> {
  const out = document.querySelector<HTMLElement>('#rule-preview-result');
  const response = await post(
    '/rules/preview',
    new URLSearchParams(new FormData(target) as unknown as Record<string, string>),
  );
  const result = (await response.json()) as {
    text?: string;
    heldHtml?: string;
    error?: { message: string };
  };
  if (out) out.textContent = result.text ?? result.error?.message ?? '';
  const held = document.querySelector<HTMLElement>('#rule-preview-held');
  // The fragment is the server's own rendering (escaped there), as the page itself is.
  if (held) held.outerHTML = result.heldHtml ?? '<div id="rule-preview-held"></div>';
}

if (form) {
  const container = form.querySelector<HTMLElement>('#conditions')!;
  const and = document.createElement('p');
  and.className = 'and';
  and.textContent = container.dataset.and ?? '';
  form.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button');
    if (!button || button.form !== form) return;
    if (button.id === 'add-condition') {
      event.preventDefault();
      addCondition(container, and);
    } else if (button.dataset.removeCondition !== undefined) {
      event.preventDefault();
      button.closest('[data-condition]')?.remove();
      // The first row left starts the list: it has no "and" before it.
      container.querySelector('[data-condition]')?.querySelector(':scope > .and')?.remove();
      syncRemovable(container);
    } else if (button.id === 'rule-preview') {
      event.preventDefault();
      void showPreview(form);
    }
  });
  syncRemovable(container);

  const deliver = form.querySelector<HTMLSelectElement>('select#deliver');
  const syncDeliver = () => {
    for (const el of form.querySelectorAll<HTMLElement>('[data-show-for-deliver]'))
      el.hidden = deliver?.value !== el.dataset.showForDeliver;
  };
  deliver?.addEventListener('change', syncDeliver);
  syncDeliver();
}
