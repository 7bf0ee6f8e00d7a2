/**
 * The one client script of the web app (no inline scripts anywhere). Everything works
 * without it; it adds keyboard navigation, in-place actions, Web Push subscription,
 * OPML and export import progress, rule previews, copy buttons, the mailbox "Test connection"
 * in place and following the Mastodon authorisation link.
 */
import { post } from './http.ts';
import './mailbox-test.ts';
import './import-upload.ts';
import './rule-form.ts';
import './source-filter.ts';
import './channel-test.ts';

// --- Keyboard: j/k next/previous, o open, s star, d dismiss, x done, / search, ? help ---------
const items = (): HTMLElement[] => [...document.querySelectorAll<HTMLElement>('[data-item]')];
let current = -1;

function select(index: number): void {
  const list = items();
  if (list.length === 0) return;
  current = Math.max(0, Math.min(list.length - 1, index));
  for (const [i, el] of list.entries()) el.classList.toggle('current', i === current);
  const el = list[current]!;
  el.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  el.querySelector<HTMLElement>('.item-title')?.focus({ preventScroll: true });
}

function currentItem(): HTMLElement | undefined {
  return items()[current] ?? items()[0];
}

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

document.addEventListener('keydown', (event) => {
  if (event.metaKey || event.ctrlKey || event.altKey || typing(event.target)) return;
  const help = document.querySelector<HTMLDialogElement>('#help');
  switch (event.key) {
    case 'j':
      select(current + 1);
      break;
    case 'k':
      select(current - 1);
      break;
    case 'o':
    case 'Enter': {
      if (event.key === 'Enter' && current < 0) return;
      const link = currentItem()?.querySelector<HTMLAnchorElement>('.item-title');
      if (link) window.location.href = link.href;
      break;
    }
    case 's':
      currentItem()?.querySelector<HTMLButtonElement>('[data-action="star"]')?.click();
      break;
    case 'd':
      currentItem()?.querySelector<HTMLButtonElement>('[data-action="dismiss"]')?.click();
      break;
    case 'x':
      document.querySelector<HTMLFormElement>('#done-form')?.requestSubmit();
      break;
    case '/': {
      const search = document.querySelector<HTMLInputElement>('input[type="search"]');
      if (search) search.focus();
      else window.location.href = '/search';
      break;
    }
    case '?':
      if (help?.open) help.close();
      else help?.showModal();
      break;
    default:
      return;
  }
  event.preventDefault();
});

document
  .querySelector('#help-close')
  ?.addEventListener('click', () => document.querySelector<HTMLDialogElement>('#help')?.close());

// --- Item actions in place (star, dismiss, read) ------------------------------------------
/** The state field each action button toggles (the JSON answer uses the state names). */
const STATE_OF: Record<string, 'starred' | 'dismissed' | 'read'> = {
  star: 'starred',
  dismiss: 'dismissed',
  read: 'read',
};

document.addEventListener('submit', async (event) => {
  const form = event.target as HTMLFormElement;
  if (!form.matches('form[data-async]')) return;
  event.preventDefault();
  const button = form.querySelector<HTMLButtonElement>('button');
  const response = await post(
    form.action,
    new URLSearchParams(new FormData(form) as unknown as Record<string, string>),
  );
  if (!response.ok) {
    form.submit();
    return;
  }
  const state = (await response.json()) as { starred: boolean; dismissed: boolean; read: boolean };
  const item = form.closest<HTMLElement>('[data-item]');
  const key = STATE_OF[button?.dataset.action ?? ''];
  if (button && key) {
    const on = state[key];
    button.setAttribute('aria-pressed', String(on));
    const label = on ? button.dataset.on : button.dataset.off;
    if (label) button.textContent = label;
    const value = form.querySelector<HTMLInputElement>('input[name="value"]');
    if (value) value.value = on ? '0' : '1';
    if (key === 'dismissed') item?.classList.toggle('dismissed', on);
  }
});

// --- Copy buttons (a field's value, or a code block's text) -----------------------------------
document.addEventListener('click', async (event) => {
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>('[data-copy]');
  if (!button) return;
  const source = document.getElementById(button.dataset.copy ?? '');
  if (!source) return;
  const text = source instanceof HTMLInputElement ? source.value : (source.textContent ?? '');
  try {
    await navigator.clipboard?.writeText(text);
  } catch {
    return; // no clipboard permission: the text stays selectable
  }
  const label = button.textContent;
  if (!button.dataset.done || !label) return;
  button.textContent = button.dataset.done;
  setTimeout(() => {
    button.textContent = label;
  }, 1500);
});

// --- Web Push subscription ----------------------------------------------------------------------
function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const padded = `${value}${'='.repeat((4 - (value.length % 4)) % 4)}`
    .replace(/-/g, '+')
    .replace(/_/g, '/');
  return new Uint8Array([...atob(padded)].map((c) => c.charCodeAt(0)));
}

const pushButton = document.querySelector<HTMLButtonElement>('#push-subscribe');
if (pushButton) {
  const status = document.querySelector<HTMLElement>('#push-status');
  if (!('serviceWorker' in navigator) || !('PushManager' in window)) {
    pushButton.disabled = true;
    if (status) status.textContent = pushButton.dataset.unsupported ?? '';
  } else {
    // Every step can fail: the user or the browser refuses notifications, the vendor's push
    // service is out of reach, our server says no. Each ends with a sentence, not silence.
    const say = (text: string | undefined, failed: boolean) => {
      if (!status) return;
      status.textContent = text ?? '';
      status.classList.toggle('status-bad', failed);
    };
    pushButton.addEventListener('click', async () => {
      pushButton.disabled = true;
      try {
        const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
        await navigator.serviceWorker.ready;
        const subscription = await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: base64UrlToBytes(pushButton.dataset.key ?? ''),
        });
        const response = await post('/push/subscribe', JSON.stringify(subscription.toJSON()), true);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        say(pushButton.dataset.done, false);
        const checkbox = document.querySelector<HTMLInputElement>('input[name="webpush"]');
        if (checkbox) checkbox.checked = true;
      } catch (error) {
        const denied =
          (error as DOMException).name === 'NotAllowedError' ||
          (typeof Notification !== 'undefined' && Notification.permission === 'denied');
        say(
          denied
            ? pushButton.dataset.denied
            : (pushButton.dataset.failed ?? '').replace('{reason}', (error as Error).message),
          true,
        );
      } finally {
        pushButton.disabled = false;
      }
    });
  }
}

// --- OPML import with a live progress bar -----------------------------------------------------
const opml = document.querySelector<HTMLFormElement>('#opml-form');
opml?.addEventListener('submit', async (event) => {
  event.preventDefault();
  const submit = opml.querySelector<HTMLButtonElement>('button[type="submit"]');
  if (submit) submit.disabled = true;
  const bar = document.querySelector<HTMLProgressElement>('#opml-progress');
  const text = document.querySelector<HTMLElement>('#opml-status');
  const response = await post(opml.action, new FormData(opml));
  if (!response.ok) {
    if (text)
      text.textContent =
        ((await response.json()) as { error?: { message?: string } }).error?.message ?? 'error';
    if (submit) submit.disabled = false;
    return;
  }
  const { job } = (await response.json()) as { job: string };
  if (bar) bar.hidden = false;
  for (;;) {
    const state = (await (
      await fetch(`/sources/opml/${job}`, { headers: { accept: 'application/json' } })
    ).json()) as {
      done: number;
      total: number;
      finished: boolean;
      message: string;
    };
    if (bar) {
      bar.max = Math.max(1, state.total);
      bar.value = state.done;
    }
    if (text) text.textContent = state.message;
    if (state.finished) break;
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
  // The page again with the new sources listed and the summary kept (`?opml=`) until the user
  // dismisses it: a reload of the bare page would drop the summary a second after it appeared.
  setTimeout(
    () => window.location.assign(`/sources?opml=${encodeURIComponent(job)}#opml-status`),
    1200,
  );
});

// --- Preselect the browser's time zone on setup and invite -------------------------------------
for (const select of document.querySelectorAll<HTMLSelectElement>('select[data-detect-tz]')) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (select.value === 'UTC' && [...select.options].some((o) => o.value === zone))
    select.value = zone;
}

// --- Rule form: only the fields the chosen action uses ------------------------------------------
const ruleAction = document.querySelector<HTMLSelectElement>('select#action');
if (ruleAction) {
  const sync = () => {
    for (const el of document.querySelectorAll<HTMLElement>('[data-show-for]')) {
      el.hidden = !(el.dataset.showFor ?? '').split(' ').includes(ruleAction.value);
    }
  };
  ruleAction.addEventListener('change', sync);
  sync();
}

// --- On a narrow screen the navigation scrolls sideways: keep the current page in view -----------
function centreActiveNav(): void {
  const active = document.querySelector<HTMLElement>('.nav [aria-current="page"]');
  const nav = active?.parentElement;
  if (!active || !nav || nav.scrollWidth <= nav.clientWidth) return;
  nav.scrollLeft = active.offsetLeft - nav.offsetLeft - (nav.clientWidth - active.offsetWidth) / 2;
}
centreActiveNav();
window.addEventListener('resize', centreActiveNav);

// --- Mastodon: go on to the instance's authorisation page (a link without the script) ------------
const follow = document.querySelector<HTMLAnchorElement>('a[data-follow]');
if (follow) window.location.assign(follow.href);
