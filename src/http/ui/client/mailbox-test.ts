/**
 * The mailbox form's "Test connection" in place: the result shows without leaving the form.
 * A refused certificate comes with "Trust this certificate", which puts its fingerprint in
 * the form's fingerprint field and tests again.
 */
import { post } from './http.ts';

interface Certificate {
  fingerprint: string;
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
}

interface Outcome {
  ok?: boolean;
  text?: string;
  detail?: string | null;
  certificate?: Certificate | null;
  /** The certificate described in the reader's language. */
  certificateText?: string;
  error?: { message: string };
}

const imapTest = document.querySelector<HTMLButtonElement>('#imap-test');

function span(className: string, text: string): HTMLSpanElement {
  const element = document.createElement('span');
  element.className = className;
  element.textContent = text;
  return element;
}

/** The certificate line with its fingerprint and the trust button (its words from the page). */
function certificateNote(cert: Certificate, text: string, trustLabel: string): HTMLElement {
  const note = span('small detail certificate', `${text} `);
  const code = document.createElement('code');
  code.className = 'fingerprint';
  code.textContent = cert.fingerprint;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'trust-certificate';
  button.name = 'trustFingerprint';
  button.value = cert.fingerprint;
  button.textContent = trustLabel;
  note.append(code, ' ', button);
  return note;
}

function render(out: HTMLElement, result: Outcome, trustLabel: string): void {
  const strong = document.createElement('strong');
  strong.textContent = result.text ?? result.error?.message ?? '';
  const parts: Node[] = [strong];
  if (result.detail) parts.push(span('small detail', result.detail));
  if (result.certificate) {
    const text = result.certificateText ?? `${result.certificate.subject}:`;
    parts.push(certificateNote(result.certificate, text, trustLabel));
  }
  out.replaceChildren(...parts);
  out.className = result.ok ? 'notice' : 'notice error';
}

async function runTest(button: HTMLButtonElement, form: HTMLFormElement, out: HTMLElement) {
  const trustLabel = button.dataset.trustLabel ?? 'Trust this certificate';
  button.disabled = true;
  out.className = 'notice';
  out.setAttribute('aria-busy', 'true');
  try {
    const response = await post(
      button.formAction,
      new URLSearchParams(new FormData(form) as unknown as Record<string, string>),
    );
    render(out, (await response.json()) as Outcome, trustLabel);
  } finally {
    out.removeAttribute('aria-busy');
    button.disabled = false;
  }
}

imapTest?.addEventListener('click', async (event) => {
  const form = imapTest.form;
  const out = document.querySelector<HTMLElement>('#imap-test-result');
  if (!form || !out || !form.reportValidity()) return;
  event.preventDefault();
  await runTest(imapTest, form, out);
});

// "Trust this certificate" (rendered by the page or by a test above): fill in and test again.
imapTest?.form?.addEventListener('click', (event) => {
  const button = (event.target as Element | null)?.closest<HTMLButtonElement>('.trust-certificate');
  const field = document.querySelector<HTMLInputElement>('#imap-tlsFingerprint');
  if (!button || !field) return;
  event.preventDefault();
  field.value = button.value;
  imapTest.click();
});
