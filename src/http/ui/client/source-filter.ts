/**
 * The filter box of the Sources list: shown only when this script runs (without it every
 * source is listed), it hides the lines whose name, site, category or kind does not contain
 * every typed word, opens the groups that match and hides the ones that don't.
 */
const box = document.querySelector<HTMLElement>('[data-source-filter-box]');
const input = box?.querySelector<HTMLInputElement>('input[type="search"]');

function applyFilter(query: string): void {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  let shown = 0;
  for (const line of document.querySelectorAll<HTMLElement>('[data-source-filter]')) {
    const text = line.dataset.sourceFilter ?? '';
    const match = words.every((word) => text.includes(word));
    line.hidden = !match;
    if (match) shown++;
  }
  for (const group of document.querySelectorAll<HTMLElement>(
    '[data-source-group], [data-source-section]',
  )) {
    const any = group.querySelector('[data-source-filter]:not([hidden])') !== null;
    group.hidden = !any;
    if (any && words.length && group instanceof HTMLDetailsElement) group.open = true;
  }
  const none = box?.querySelector<HTMLElement>('[data-source-no-match]');
  if (none) {
    none.hidden = shown > 0;
    none.textContent = shown > 0 ? '' : (none.dataset.sourceNoMatch ?? '').replace('{q}', query);
  }
}

if (box && input) {
  box.hidden = false;
  input.addEventListener('input', () => applyFilter(input.value.trim()));
  // A value the browser restored (back button) filters at once.
  if (input.value) applyFilter(input.value.trim());
}
