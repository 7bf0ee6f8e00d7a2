/**
 * Importing an export with one progress bar: the upload (XHR `upload.onprogress`) is its first
 * half, the server's reading and storing (the import's job, polled) the second.
 */
import { csrf } from './http.ts';

/** The form's progress bar and status line, and the ways they change. */
interface Progress {
  /** The upload reached `percent`: the first half of the bar. */
  uploading(percent: number): void;
  /** The server's work: the second half of the bar. */
  show(value: number, message: string): void;
  /** The bar full. */
  finish(message: string): void;
  /** The message as an error; the form can be sent again. */
  fail(message: string): void;
}

/** The import's job as its URL answers while polled. */
interface JobState {
  done: number;
  total: number;
  finished: boolean;
  failed?: boolean;
  message: string;
}

/** Shows the empty bar and disables the button; null when the page has no bar. */
function startProgress(form: HTMLFormElement): Progress | null {
  const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  const bar = document.querySelector<HTMLProgressElement>('#import-progress');
  const text = document.querySelector<HTMLElement>('#import-status');
  if (!bar || !text) return null;
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
  return {
    uploading: (percent) =>
      show(10 * percent, (text.dataset.uploading ?? '').replace('{percent}', String(percent))),
    show,
    finish: (message) => show(bar.max, message),
    fail(message) {
      text.textContent = message;
      text.className = 'small status-bad';
      if (submit) submit.disabled = false;
    },
  };
}

/** Polls the import's job until it has finished; false when it failed. */
async function followJob(form: HTMLFormElement, job: string, progress: Progress): Promise<boolean> {
  for (;;) {
    const state = (await (
      await fetch(`${form.action}/${job}`, {
        headers: { accept: 'application/json' },
      })
    ).json()) as JobState;
    progress.show(1000 + (1000 * state.done) / Math.max(1, state.total), state.message);
    if (state.finished) {
      if (state.failed) {
        progress.fail(state.message);
        return false;
      }
      progress.finish(state.message);
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** What the upload's answer says, checked field by field: its job, or its error's message. */
function uploadAnswer(text: string): { job?: string; error?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {}; // not JSON: an error page
  }
  if (!value || typeof value !== 'object') return {};
  const { job, error } = value as Record<string, unknown>;
  const message =
    error && typeof error === 'object' ? (error as Record<string, unknown>).message : undefined;
  return {
    ...(typeof job === 'string' ? { job } : {}),
    ...(typeof message === 'string' ? { error: message } : {}),
  };
}

/** The server's answer to the upload: the import's job to follow, or why it was refused. */
async function uploaded(form: HTMLFormElement, xhr: XMLHttpRequest, progress: Progress) {
  const answer = uploadAnswer(xhr.responseText);
  const job = answer.job;
  if (xhr.status !== 200 || !job) {
    progress.fail(answer.error ?? (xhr.statusText || String(xhr.status)));
    return;
  }
  if (!(await followJob(form, job, progress))) return;
  // The page again, with the finished import's summary and the archive in the list.
  setTimeout(() => window.location.assign(`${form.action}?job=${job}`), 1500);
}

/** Sends the form by XHR, which (unlike fetch) reports the upload's progress. */
function upload(form: HTMLFormElement, progress: Progress): void {
  const xhr = new XMLHttpRequest();
  xhr.open('POST', form.action);
  xhr.setRequestHeader('x-csrf-token', csrf);
  xhr.setRequestHeader('accept', 'application/json');
  xhr.upload.onprogress = (e) => {
    if (!e.lengthComputable) return;
    progress.uploading(Math.round((100 * e.loaded) / Math.max(1, e.total)));
  };
  xhr.onerror = () => progress.fail(xhr.statusText || 'upload failed');
  xhr.onload = () => uploaded(form, xhr, progress);
  xhr.send(new FormData(form));
}

const importForm = document.querySelector<HTMLFormElement>('#import-form');
importForm?.addEventListener('submit', (event) => {
  event.preventDefault();
  const progress = startProgress(importForm);
  if (progress) upload(importForm, progress);
});
