/**
 * Debian packages some tests need (Chromium for the browser tests, Dovecot, Cyrus and Courier
 * for the IMAP tests,
 * feedparser and newsboat for the feed reader tests, Apprise for the tests of push senders as
 * they are, Postfix and swaks for the tests of the SMTP intake behind a real mail server).
 * When one is missing and we run as root on Debian, we install it with apt-get and say so;
 * otherwise we stop with the one command to run. Called once per test run from global-setup.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface SystemPackage {
  /** Debian package name. */
  pkg: string;
  /** A file the package installs, to tell whether it is there. */
  binary: string;
  /** Which tests need it. */
  neededBy: string;
}

export const TEST_PACKAGES: SystemPackage[] = [
  { pkg: 'chromium', binary: '/usr/bin/chromium', neededBy: 'the browser tests' },
  { pkg: 'dovecot-imapd', binary: '/usr/sbin/dovecot', neededBy: 'the IMAP tests' },
  // What Cyrus's and Courier's IMAP daemons need (master, sasldb, couriertcpd, maildirmake);
  // the daemons themselves are UNPACKED_PACKAGES below.
  { pkg: 'cyrus-common', binary: '/usr/lib/cyrus/bin/master', neededBy: 'the Cyrus IMAP tests' },
  { pkg: 'sasl2-bin', binary: '/usr/sbin/saslpasswd2', neededBy: 'the Cyrus IMAP tests' },
  { pkg: 'courier-base', binary: '/usr/bin/maildirmake.courier', neededBy: 'the Courier tests' },
  {
    pkg: 'libcourier-unicode4',
    binary: '/usr/lib/x86_64-linux-gnu/libcourier-unicode.so.4',
    neededBy: 'the Courier tests',
  },
  {
    pkg: 'python3-feedparser',
    binary: '/usr/lib/python3/dist-packages/feedparser/__init__.py',
    neededBy: 'the feed reader tests',
  },
  { pkg: 'newsboat', binary: '/usr/bin/newsboat', neededBy: 'the feed reader tests' },
  { pkg: 'apprise', binary: '/usr/bin/apprise', neededBy: 'the Apprise tests' },
  { pkg: 'curl', binary: '/usr/bin/curl', neededBy: 'the intake commands of the docs' },
  // Installs cleanly with DEBIAN_FRONTEND=noninteractive ("Internet Site", host name as is).
  { pkg: 'postfix', binary: '/usr/sbin/postfix', neededBy: 'the mail server tests' },
  { pkg: 'swaks', binary: '/usr/bin/swaks', neededBy: 'the mail server tests' },
];

/**
 * `cyrus-imapd`, `courier-imap` and `dovecot-imapd` each conflict with the others (they all
 * provide `imap-server`), so only Dovecot is installed; the other two are downloaded with
 * `apt-get download` and unpacked (`dpkg-deb -x`) under /opt/checkpoint-test/<pkg>, where the
 * test helpers start their daemons from. Their libraries come with the packages above.
 */
const UNPACK_ROOT = '/opt/checkpoint-test';
export const UNPACKED_PACKAGES: SystemPackage[] = [
  {
    pkg: 'cyrus-imapd',
    binary: `${UNPACK_ROOT}/cyrus-imapd/usr/lib/cyrus/bin/imapd`,
    neededBy: 'the Cyrus IMAP tests',
  },
  {
    pkg: 'courier-imap',
    binary: `${UNPACK_ROOT}/courier-imap/usr/bin/imapd`,
    neededBy: 'the Courier tests',
  },
];
/** Cyrus's imapd, unpacked (see UNPACKED_PACKAGES). */
export const CYRUS_IMAPD = UNPACKED_PACKAGES[0]!.binary;
/** Courier's imapd, unpacked (see UNPACKED_PACKAGES). */
export const COURIER_IMAPD = UNPACKED_PACKAGES[1]!.binary;

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) {
    throw new Error(
      `test setup: \`${command} ${args.join(' ')}\` failed with exit code ${result.status}`,
    );
  }
}

/** Makes sure every package is installed, installing missing ones when allowed. */
export function ensureSystemPackages(packages: readonly SystemPackage[] = TEST_PACKAGES): void {
  installPackages(packages);
  unpackPackages(UNPACKED_PACKAGES);
}

function isRootOnDebian(): boolean {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return isRoot && existsSync('/etc/debian_version');
}

/** Downloads and unpacks packages that cannot be installed beside dovecot-imapd. */
function unpackPackages(packages: readonly SystemPackage[]): void {
  const missing = packages.filter((p) => !existsSync(p.binary));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.pkg);
  const commands = names.map(
    (pkg) =>
      `(mkdir -p /tmp/checkpoint-debs && cd /tmp/checkpoint-debs && rm -f ${pkg}_*.deb && apt-get download ${pkg} && mkdir -p ${UNPACK_ROOT}/${pkg} && dpkg-deb -x ${pkg}_*.deb ${UNPACK_ROOT}/${pkg} && rm ${pkg}_*.deb)`,
  );
  if (!isRootOnDebian()) {
    throw new Error(
      `test setup: ${names.join(' and ')} (for the Cyrus and Courier tests) ${names.length === 1 ? 'is' : 'are'} not unpacked. Run:\n  sudo sh -c '${commands.join(' && ')}'`,
    );
  }
  process.stderr.write(
    `test setup: unpacking ${names.join(', ')} under ${UNPACK_ROOT} (they conflict with dovecot-imapd, so they are not installed)…\n`,
  );
  run('apt-get', ['update', '-q']);
  for (const command of commands) run('sh', ['-c', command]);
}

function installPackages(packages: readonly SystemPackage[]): void {
  const missing = packages.filter((p) => !existsSync(p.binary));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.pkg);
  const command = `apt-get install -y --no-install-recommends ${names.join(' ')}`;
  if (!isRootOnDebian()) {
    throw new Error(
      `test setup: ${missing.map((p) => `${p.pkg} (for ${p.neededBy})`).join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not installed. Run:\n  sudo ${command}`,
    );
  }
  process.stderr.write(
    `test setup: installing ${names.join(', ')} with apt-get (needed by ${missing.map((p) => p.neededBy).join(' and ')})…\n`,
  );
  run('apt-get', ['update', '-q']);
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...names]);
  // Debian starts Dovecot, Postfix, Cyrus and Courier's authdaemond as system services after install (where it may); our
  // tests run their own instances from temporary configs.
  for (const [pkg, service] of [
    ['dovecot-imapd', 'dovecot'],
    ['postfix', 'postfix'],
    ['cyrus-common', 'cyrus-imapd'],
    ['courier-base', 'courier-authdaemon'],
  ] as const) {
    if (!names.includes(pkg)) continue;
    spawnSync('sh', ['-c', `service ${service} stop >/dev/null 2>&1 || true`], { stdio: 'ignore' });
  }
}
