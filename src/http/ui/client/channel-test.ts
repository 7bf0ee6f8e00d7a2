/**
 * "Send a test" of a channel form, in place: the form's fields go to the button's
 * `data-channel-test` URL and the outcome shows beside the button. Turning on Web Push on the breakthrough-channel page
 * also picks it as the channel.
 */
import { post } from './http.ts';

document.addEventListener('click', async (event) => {
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>('[data-channel-test]');
  const form = button?.form;
  if (!button || !form) return;
  event.preventDefault();
  const out = form.querySelector<HTMLElement>('[data-channel-test-result]');
  button.disabled = true;
  out?.setAttribute('aria-busy', 'true');
  try {
    const response = await post(
      button.dataset.channelTest ?? '/channels/test',
      new URLSearchParams(new FormData(form) as unknown as Record<string, string>),
    );
    const result = (await response.json()) as { ok?: boolean; text?: string };
    if (out) {
      out.textContent = result.text ?? `HTTP ${response.status}`;
      out.className = result.ok ? 'notice channel-test-result' : 'notice error channel-test-result';
    }
  } catch (error) {
    if (out) {
      out.textContent = (error as Error).message;
      out.className = 'notice error channel-test-result';
    }
  } finally {
    out?.removeAttribute('aria-busy');
    button.disabled = false;
  }
});

document.querySelector('#bchannel-form #push-subscribe')?.addEventListener('click', () => {
  const radio = document.querySelector<HTMLInputElement>('input[name="channel"][value="webpush"]');
  if (radio) radio.checked = true;
});
