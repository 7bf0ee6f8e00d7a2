import { type Command, Option } from 'commander';
import { CheckpointError } from '../../domain/errors.ts';
import {
  addImapSource,
  type ImapSettingsPatch,
  type ImapSourceInput,
  testImapConnection,
  toImapSettingsView,
  updateImapSettings,
} from '../../services/mail/imap-sources.ts';
import {
  REMOTE_IMAGES,
  type RemoteImages,
  TLS_MODES,
  type TlsMode,
} from '../../services/mail/mail-config.ts';
import { getSource } from '../../services/sources/sources.ts';
import { type GlobalOptions, out, parseId, UsageError, withApp } from '../context.ts';

/**
 * Reads a password from the named environment variable. The CLI is the one place that may:
 * services get the value, never the name (DESIGN.md: nothing below reads process.env).
 */
function passwordFrom(variable: string): string {
  const value = process.env[variable];
  if (value === undefined || value === '') {
    throw new UsageError(`--password-env ${variable}: that environment variable is not set`);
  }
  return value;
}

function wholeNumber(value: string, option: string, min = 0): number {
  if (!/^\d+$/.test(value) || Number(value) < min)
    throw new UsageError(`${option} must be a whole number of at least ${min} (got "${value}")`);
  return Number(value);
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * `--user` means two things here: the global option (act as this Checkpoint user) and the
 * IMAP login of `add-imap`. Commander lets the program take `--user` wherever it appears, so
 * the raw arguments decide: a `--user` after `add-imap` is the login, one before it is the
 * acting user.
 */
export function splitUserOptions(
  rawArgs: readonly string[],
  subcommand: string,
): { acting?: string; login?: string } {
  const at = rawArgs.indexOf(subcommand);
  const out: { acting?: string; login?: string } = {};
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i] ?? '';
    const value =
      arg === '--user' ? rawArgs[i + 1] : arg.startsWith('--user=') ? arg.slice(7) : undefined;
    if (value === undefined) continue;
    if (at !== -1 && i > at) out.login = value;
    else out.acting = value;
  }
  return out;
}

interface AddOptions {
  host: string;
  port: string;
  tls: TlsMode;
  user?: string;
  passwordEnv: string;
  folder?: string;
  moveTo?: string;
  sender?: string[];
  sinceDays?: string;
  remoteImages?: RemoteImages;
  name?: string;
  trustFingerprint?: string;
  test?: boolean;
  json?: boolean;
}

function inputFrom(options: AddOptions & { user: string }): ImapSourceInput {
  const port = wholeNumber(options.port, '--port', 1);
  if (port > 65535) throw new UsageError(`--port must be at most 65535 (got ${port})`);
  return {
    host: options.host,
    port,
    tls: options.tls,
    user: options.user,
    password: passwordFrom(options.passwordEnv),
    ...(options.folder ? { folder: options.folder } : {}),
    moveTo: options.moveTo ?? null,
    senders: options.sender ?? [],
    ...(options.sinceDays !== undefined
      ? { sinceDays: wholeNumber(options.sinceDays, '--since-days') }
      : {}),
    ...(options.remoteImages ? { remoteImages: options.remoteImages } : {}),
    name: options.name ?? null,
    ...(options.trustFingerprint ? { tlsFingerprint: options.trustFingerprint } : {}),
  };
}

/** `source add-imap` and `source set-imap`: connecting a mailbox. */
export function imapSourceCommands(program: Command): void {
  const source =
    program.commands.find((c) => c.name() === 'source') ??
    program.command('source').description('manage sources');
  addImapCommand(program, source);
  setImapCommand(program, source);
}

function addImapCommand(program: Command, source: Command): void {
  const command = source
    .command('add-imap')
    .description('hold the newsletters of a mailbox (IMAP); other mail is never touched')
    .requiredOption('--host <host>', 'IMAP server, e.g. imap.fastmail.com')
    .requiredOption('--port <port>', 'usually 993 (tls) or 143 (starttls)')
    .addOption(
      new Option('--tls <mode>', 'how the connection is secured')
        .choices(TLS_MODES)
        .makeOptionMandatory(),
    )
    // Not `requiredOption`: the program's global --user takes the value; see splitUserOptions.
    .option('--user <user>', 'login name, often the e-mail address (required)')
    .requiredOption(
      '--password-env <VAR>',
      'name of the environment variable holding the (app) password',
    )
    .option('--folder <folder>', 'folder to read', 'INBOX')
    .option(
      '--move-to <folder>',
      'move newsletters to this folder after storing them (created if missing)',
    );
  addImapChoices(command).action((options: AddOptions) => addImap(program, options));
}

/** What `add-imap` reads besides the login: senders, first window, images, name, test, json. */
function addImapChoices(command: Command): Command {
  return command
    .option(
      '--sender <address>',
      'also count mail from this address or domain (repeatable)',
      collect,
    )
    .option('--since-days <n>', 'first fetch: only mail of the last N days (0 = all; default 30)')
    .addOption(
      new Option('--remote-images <choice>', 'load remote images in the web view').choices(
        REMOTE_IMAGES,
      ),
    )
    .option('--name <name>', 'name of the source (default: the user name)')
    .option(
      '--trust-fingerprint <sha256>',
      "trust the server's certificate with this SHA-256 fingerprint (self-signed or private CA)",
    )
    .option('--test', 'only test the connection and list the folders; store nothing')
    .option('--json', 'print JSON');
}

/** `source add-imap`: tests the login, or connects the mailbox. */
async function addImap(program: Command, options: AddOptions): Promise<void> {
  // Commander keeps the arguments as given in `rawArgs` (not in its typings).
  const raw = (program as unknown as { rawArgs: string[] }).rawArgs;
  const users = splitUserOptions(raw, 'add-imap');
  const login = users.login ?? options.user;
  if (!login) throw new UsageError("required option '--user <user>' not specified");
  const input = inputFrom({ ...options, user: login });
  const globals: GlobalOptions = users.acting ? { user: users.acting } : {};
  await withApp(globals, async (app, user) => {
    if (options.test) {
      const result = await testImapConnection(app, input);
      if (options.json) out.json(result);
      if (!result.ok) throw new CheckpointError(result.code, result.error);
      if (!options.json)
        out.line(`ok: ${result.messages} messages; folders: ${result.folders.join(', ')}`);
      return;
    }
    const view = await addImapSource(app, user.id, input);
    if (options.json) {
      out.json(view);
      return;
    }
    out.line(`${view.id}\t${view.name}`);
    out.info('Connected. `checkpoint fetch` (or the scheduler) now holds its newsletters.');
  });
}

function setImapCommand(program: Command, source: Command): void {
  source
    .command('set-imap <id>')
    .description('change a mailbox source: password, folder, moving, marked senders, images')
    .option('--password-env <VAR>', 'new password, from this environment variable')
    .option('--folder <folder>', 'read another folder')
    .option('--move-to <folder>', 'move newsletters to this folder')
    .option('--no-move', 'stop moving newsletters')
    .option(
      '--sender <address>',
      'mark a sender (address or domain) as newsletter (repeatable)',
      collect,
    )
    .option('--unmark-sender <address>', 'unmark a sender (repeatable)', collect)
    .option('--since-days <n>', 'window of a first fetch or a rescan, in days (0 = all)')
    .addOption(
      new Option('--remote-images <choice>', 'load remote images in the web view').choices(
        REMOTE_IMAGES,
      ),
    )
    .option(
      '--trust-fingerprint <sha256>',
      "trust the server's certificate with this SHA-256 fingerprint instead of the system CAs",
    )
    .option('--no-trust-fingerprint', 'trust the system CAs again (forget the fingerprint)')
    .option('--json', 'print the settings as JSON')
    .action(async (id: string, options: SetOptions) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const sourceId = parseId(id, 'id');
        const current = toImapSettingsView(await getSource(app, user.id, sourceId));
        const settings = await updateImapSettings(
          app,
          user.id,
          sourceId,
          setPatch(options, current.senders),
        );
        if (options.json) out.json(settings);
        else out.info(`Updated source ${sourceId}.`);
      });
    });
}

interface SetOptions {
  passwordEnv?: string;
  folder?: string;
  moveTo?: string;
  move?: boolean;
  sender?: string[];
  unmarkSender?: string[];
  sinceDays?: string;
  remoteImages?: RemoteImages;
  /** A fingerprint, or false for `--no-trust-fingerprint`. */
  trustFingerprint?: string | false;
  json?: boolean;
}

function setPatch(options: SetOptions, senders: string[]): ImapSettingsPatch {
  const patch: ImapSettingsPatch = {};
  if (options.passwordEnv) patch.password = passwordFrom(options.passwordEnv);
  if (options.folder) patch.folder = options.folder;
  if (options.moveTo) patch.moveTo = options.moveTo;
  if (options.move === false) patch.moveTo = null;
  if (options.sender || options.unmarkSender) {
    const drop = new Set(
      (options.unmarkSender ?? []).map((s) => s.trim().toLowerCase().replace(/^@/, '')),
    );
    patch.senders = [...senders, ...(options.sender ?? [])].filter(
      (s) => !drop.has(s.toLowerCase().replace(/^@/, '')),
    );
  }
  if (options.sinceDays !== undefined)
    patch.sinceDays = wholeNumber(options.sinceDays, '--since-days');
  if (options.remoteImages) patch.remoteImages = options.remoteImages;
  if (options.trustFingerprint !== undefined)
    patch.tlsFingerprint = options.trustFingerprint || null;
  return patch;
}
