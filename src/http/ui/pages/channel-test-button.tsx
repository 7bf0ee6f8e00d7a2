import type { Translate } from '../i18n/index.ts';

/**
 * "Send a test" inside a form of channels (fields `channel`, `ntfy`, `email`, `webpush`): the
 * client script posts the form to `/channels/test` and shows the outcome beside the button;
 * without JavaScript the form goes there and a page tells the outcome.
 */
export function ChannelTestButton({ t }: { t: Translate }) {
  return (
    <>
      <button type="submit" formaction="/channels/test" formnovalidate data-channel-test>
        {t('bchannel.test')}
      </button>
      <p class="notice channel-test-result" role="status" data-channel-test-result />
    </>
  );
}
