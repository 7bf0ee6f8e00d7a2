/** The mailbox form's "Test connection" in place: the result shows without leaving the form. */
import { post } from './http.ts';

const imapTest = document.querySelector<HTMLButtonElement>('#imap-test');
imapTest?.addEventListener('click', async (event) => {
  const form = imapTest.form;
  const out = document.querySelector<HTMLElement>('#imap-test-result');
  if (!form || !out || !form.reportValidity()) return;
  event.preventDefault();
  imapTest.disabled = true;
  out.className = 'notice';
  out.setAttribute('aria-busy', 'true');
  try {
    const response = await post(
      imapTest.formAction,
      new URLSearchParams(new FormData(form) as unknown as Record<string, string>),
    );
    const result = (await response.json()) as {
      ok?: boolean;
      text?: string;
      detail?: string | null;
      error?: { message: string };
    };
    const strong = document.createElement('strong');
    strong.textContent = result.text ?? result.error?.message ?? '';
    const parts: Node[] = [strong];
    if (result.detail) {
      const detail = document.createElement('span');
      detail.className = 'small detail';
      detail.textContent = result.detail;
      parts.push(detail);
    }
    out.replaceChildren(...parts);
    out.className = result.ok ? 'notice' : 'notice error';
  } finally {
    out.removeAttribute('aria-busy');
    imapTest.disabled = false;
  }
});
