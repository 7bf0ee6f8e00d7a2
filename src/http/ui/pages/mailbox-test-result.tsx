/**
 * The result of "Test connection" (and of a failed "Connect") on the Newsletters page, in the
 * reader's language; a refused certificate comes with "Trust this certificate".
 */
import type { CheckpointError } from '../../../domain/errors.ts';
import type { ImapTestResult } from '../../../services/mail/imap-sources.ts';
import { ImapError } from '../../../sources/imap/errors.ts';
import type { CertificateSummary } from '../../../sources/imap/fingerprint.ts';
import type { MessageKey, Translate } from '../i18n/index.ts';
import { CertificateNote, certificateText } from './mailbox-certificate.tsx';

/** A test result in the reader's language (the service's own message is kept as detail). */
export interface TestOutcome {
  ok: boolean;
  text: string;
  detail: string | null;
  /** A refused certificate the user may choose to trust. */
  certificate?: CertificateSummary | null;
  /** Its subject, issuer and validity in the reader's language (for the client script). */
  certificateText?: string;
}

/** The outcome of a refused certificate: its own headline, and the certificate described. */
function certificateOutcome(cert: CertificateSummary, detail: string, t: Translate): TestOutcome {
  return {
    ok: false,
    text: t('mailbox.problem.certificate'),
    detail,
    certificate: cert,
    certificateText: certificateText(cert, t),
  };
}

const PROBLEMS: Record<string, MessageKey> = {
  imap_auth: 'mailbox.problem.auth',
  imap_tls: 'mailbox.problem.tls',
  imap_folder: 'mailbox.problem.folder',
  imap_connect: 'mailbox.problem.connect',
  imap_blocked: 'mailbox.problem.blocked',
};

export function testOutcome(result: ImapTestResult, folder: string, t: Translate): TestOutcome {
  if (result.ok) {
    return {
      ok: true,
      text: t('mailbox.testOk', { count: result.messages, folder }),
      detail: t('mailbox.folders', { folders: result.folders.join(', ') }),
    };
  }
  if (result.certificate) return certificateOutcome(result.certificate, result.error, t);
  return {
    ok: false,
    text: t(PROBLEMS[result.code] ?? 'mailbox.problem.other'),
    detail: result.error,
  };
}

/** A failed connect (thrown by the service) as an outcome. */
export function errorOutcome(error: CheckpointError, t: Translate): TestOutcome {
  if (error instanceof ImapError && error.certificate)
    return certificateOutcome(error.certificate, error.message, t);
  return {
    ok: false,
    text: t(PROBLEMS[error.code] ?? 'mailbox.problem.other'),
    detail: error.message,
  };
}

export function TestResult({ outcome, t }: { outcome: TestOutcome | null; t: Translate }) {
  const certificate = outcome?.certificate ?? null;
  return (
    <div
      id="imap-test-result"
      class={outcome ? (outcome.ok ? 'notice' : 'notice error') : 'notice'}
      role="status"
      aria-live="polite"
    >
      {outcome ? (
        <>
          <strong>{outcome.text}</strong>
          {outcome.detail ? <span class="small detail">{outcome.detail}</span> : null}
          {certificate ? (
            <CertificateNote
              t={t}
              certificate={certificate}
              fingerprint={certificate.fingerprint}
              retest
            />
          ) : null}
        </>
      ) : null}
    </div>
  );
}
