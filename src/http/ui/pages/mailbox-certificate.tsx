/**
 * "Trust this certificate" on the Newsletters page: the certificate a server was refused for,
 * with a button that trusts its fingerprint, and the field that shows (and removes) the
 * fingerprint a mailbox trusts.
 */
import type { CertificateSummary } from '../../../sources/imap/fingerprint.ts';
import type { Translate } from '../i18n/index.ts';

/** The fingerprint an error message offers to trust (`--trust-fingerprint SHA256:…`), if any. */
export function offeredFingerprint(message: string | null | undefined): string | null {
  return /--trust-fingerprint (SHA256(?::[0-9A-F]{2}){32})/.exec(message ?? '')?.[1] ?? null;
}

/** Subject, issuer and validity of a certificate in the reader's language. */
export function certificateText(cert: CertificateSummary, t: Translate): string {
  return t('mailbox.certificate', {
    subject: cert.subject,
    issuer: cert.selfSigned ? cert.subject : cert.issuer,
    validFrom: cert.validFrom.slice(0, 10),
    validTo: cert.validTo.slice(0, 10),
  });
}

/**
 * The refused certificate and a "Trust this certificate" button: it submits its form with
 * `trustFingerprint`, which the form's handler takes as the fingerprint to trust.
 *
 * @example <CertificateNote t={t} certificate={outcome.certificate} retest />
 */
export function CertificateNote(props: {
  t: Translate;
  certificate: CertificateSummary | null;
  fingerprint: string;
  /** In the connect form: trusting tests the connection again. */
  retest?: boolean;
}) {
  const { t, certificate: cert } = props;
  return (
    <span class="small detail certificate">
      {cert ? <span>{certificateText(cert, t)} </span> : null}
      {t('mailbox.certificateFingerprint')}: <code class="fingerprint">{props.fingerprint}</code>
      <span class="help">{t('mailbox.trustHelp')}</span>
      <button
        type="submit"
        name="trustFingerprint"
        value={props.fingerprint}
        class="trust-certificate"
        {...(props.retest ? { formaction: '/sources/newsletters/test' } : {})}
      >
        {t('mailbox.trust')}
      </button>
    </span>
  );
}

/**
 * The trusted fingerprint of a mailbox: shown, changed, or emptied to trust the usual
 * certificate authorities again.
 *
 * @example <FingerprintField t={t} id="imap-tlsFingerprint" value={view.tlsFingerprint} />
 */
export function FingerprintField(props: { t: Translate; id: string; value: string | null }) {
  const { t, id } = props;
  return (
    <>
      <label for={id}>{t('mailbox.fingerprint')}</label>
      <input
        type="text"
        id={id}
        name="tlsFingerprint"
        value={props.value ?? ''}
        placeholder="SHA256:AB:CD:…"
        autocomplete="off"
        spellcheck={false}
        class="fingerprint"
        aria-describedby={`${id}-help`}
      />
      <p class="help" id={`${id}-help`}>
        {t('mailbox.fingerprintHelp')}
      </p>
    </>
  );
}
