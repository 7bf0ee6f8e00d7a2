/**
 * The configuration file of a test Dovecot (see dovecot.ts): one passwd-file user, a Maildir,
 * listeners on 127.0.0.1, and what a test asks for on top (quota, fewer capabilities).
 */
import { userInfo } from 'node:os';

/** What a test may change about the server: quota, capabilities. */
export interface DovecotOptions {
  /** Also IMAPS and STARTTLS with a self-signed certificate. */
  tls?: boolean;
  /**
   * Loads the quota plugins (`quota` + `imap_quota`) with this storage limit (`quota_rule =
   * *:storage=…`, e.g. `'100M'`); `setQuota` changes it while the server runs.
   */
  quota?: string;
  /** Capabilities left out of what the server announces after login (e.g. `['MOVE']`). */
  dropCapabilities?: string[];
  /**
   * Folders live under `INBOX.` with `.` between levels, as on Courier: the personal
   * namespace has `prefix = INBOX.`, so a folder `Newsletters` is listed as `INBOX.Newsletters`.
   */
  inboxPrefix?: boolean;
}

/** What Dovecot 2.3 announces after login by default (doc.dovecot.org, imap_capability). */
const IMAP_CAPABILITIES =
  'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY SPECIAL-USE';

function extras(options: DovecotOptions, quota: string | undefined): string {
  const lines: string[] = [];
  if (quota) {
    lines.push(
      'mail_plugins = $mail_plugins quota',
      'protocol imap {\n  mail_plugins = $mail_plugins imap_quota\n}',
      `plugin {\n  quota = count:User quota\n  quota_vsizes = yes\n  quota_rule = *:storage=${quota}\n}`,
    );
  }
  if (options.inboxPrefix)
    lines.push('namespace inbox {\n  prefix = INBOX.\n  separator = .\n  inbox = yes\n}');
  if (options.dropCapabilities?.length) {
    const drop = new Set(options.dropCapabilities.map((c) => c.toUpperCase()));
    const kept = `${IMAP_CAPABILITIES}${quota ? ' QUOTA' : ''}`
      .split(' ')
      .filter((c) => !drop.has(c));
    lines.push(`imap_capability = ${kept.join(' ')}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function base(dir: string, port: number, tlsPort: number, runAs: string): string {
  const ssl = tlsPort
    ? `ssl = yes\nssl_cert = <${dir}/cert.pem\nssl_key = <${dir}/key.pem\n`
    : 'ssl = no\n';
  return `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
${ssl}disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = ${runAs}
default_internal_group = ${runAs === 'dovecot' ? 'dovecot' : userInfo().username}
default_login_user = ${runAs === 'dovecot' ? 'dovenull' : runAs}
first_valid_uid = 1
mail_uid = ${runAs}
mail_gid = ${runAs === 'dovecot' ? 'dovecot' : userInfo().username}
mail_location = maildir:${dir}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = home=${dir}/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${tlsPort}
  }
}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-writer {
    mode = 0666
  }
}
`;
}

/**
 * The whole dovecot.conf; `quota` is the storage limit in force (it may differ from the one
 * the server was started with, see `setQuota`).
 *
 * @example await writeFile(path, dovecotConfig({ dir, port, tlsPort: 0, runAs }, {}, undefined))
 */
export function dovecotConfig(
  at: { dir: string; port: number; tlsPort: number; runAs: string },
  options: DovecotOptions,
  quota: string | undefined,
): string {
  return base(at.dir, at.port, at.tlsPort, at.runAs) + extras(options, quota);
}
