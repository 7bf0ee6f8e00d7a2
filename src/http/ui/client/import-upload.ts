/**
 * Importing an export with one progress bar: the upload (XHR `upload.onprogress`) is its first
 * half, the server's reading and storing (the import's job, polled) the second.
 */
import { csrf } from './http.ts';

const importForm = document.querySelector<HTMLFormElement>('#import-form');
importForm?.addEventListener('submit', (event) => {
  event.preventDefault();
  const submit = importForm.querySelector<HTMLButtonElement>('button[type="submit"]');
  const bar = document.querySelector<HTMLProgressElement>('#import-progress');
  const text = document.querySelector<HTMLElement>('#import-status');
  if (!bar || !text) return;
  if (submit) submit.disabled = true;
  // One bar over three steps: the upload is its first half, the server's work the second.
  bar.max = 2000;
  bar.value = 0;
  bar.hidden = false;
  text.className = 'small muted';
  const show = (value: number, message: string) => {
    bar.value = Math.max(bar.value, Math.min(bar.max, value));
    text.textContent = message;
  };
  const fail = (message: string) => {
    text.textContent = message;
    text.className = 'small status-bad';
    if (submit) submit.disabled = false;
  };
  const xhr = new XMLHttpRequest();
  xhr.open('POST', importForm.action);
  xhr.setRequestHeader('x-csrf-token', csrf);
  xhr.setRequestHeader('accept', 'application/json');
  xhr.upload.onprogress = (e) => {
    if (!e.lengthComputable) return;
    const percent = Math.round((100 * e.loaded) / Math.max(1, e.total));
    show(10 * percent, (text.dataset.uploading ?? '').replace('{percent}', String(percent)));
  };
  xhr.onerror = () => fail(xhr.statusText || 'upload failed');
  xhr.onload = async () => {
    let answer: { job?: string; error?: { message?: string } } = {};
    try {
      answer = JSON.parse(xhr.responseText) as typeof answer;
    } catch {
      // not JSON: an error page
    }
    if (xhr.status !== 200 || !answer.job) {
      fail(answer.error?.message ?? (xhr.statusText || String(xhr.status)));
      return;
    }
    for (;;) {
      const state = (await (
        await fetch(`${importForm.action}/${answer.job}`, {
          headers: { accept: 'application/json' },
        })
      ).json()) as {
        done: number;
        total: number;
        finished: boolean;
        failed?: boolean;
        message: string;
      };
      show(1000 + (1000 * state.done) / Math.max(1, state.total), state.message);
      if (state.finished) {
        if (state.failed) {
          fail(state.message);
          return;
        }
        show(bar.max, state.message);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    // The page again, with the finished import's summary and the archive in the list.
    setTimeout(() => window.location.assign(`${importForm.action}?job=${answer.job}`), 1500);
  };
  xhr.send(new FormData(importForm));
});
