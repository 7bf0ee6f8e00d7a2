import type { Translate } from '../i18n/index.ts';

/**
 * "Send a test" inside a form of channels (fields `channel`, `ntfy`, `email`, `webpush`): the
 * client script posts the form to `/channels/test` and shows the outcome beside the button.
 * Not a submit button: Enter in a field must still save the form, not send a test.
 */
export function ChannelTestButton({ t }: { t: Translate }) {
  return (
    <>
      <button type="button" data-channel-test="/channels/test">
        {t('bchannel.test')}
      </button>
      <p class="notice channel-test-result" role="status" data-channel-test-result />
    </>
  );
}
