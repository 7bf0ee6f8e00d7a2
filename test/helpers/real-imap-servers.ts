/**
 * The real IMAP servers the cross-server tests run against, with what each can do: Dovecot
 * 2.3, Cyrus IMAP 3.6 (MOVE and UIDPLUS; `suppress_capabilities` takes them away), Courier-IMAP
 * 5.0 (UIDPLUS without MOVE, folders under `INBOX.` with `.`, no UIDNEXT in SELECT). Cyrus
 * runs as Debian configures it too (`INBOX.` and `.`, like Courier).
 */
import { startCourier } from './courier.ts';
import { startCyrus } from './cyrus.ts';
import { startDovecot } from './dovecot.ts';
import type { CutRule } from './imap-proxy.ts';
import type { MailServer } from './mail-server.ts';

export interface ServerCase {
  name: string;
  start(): Promise<MailServer>;
  /** Announces MOVE (else a move is UID COPY + \Deleted + UID EXPUNGE). */
  moves: boolean;
  /** SELECT answers UIDNEXT (Courier's does not). */
  uidNext: boolean;
  /** Between folder levels: `.` (Dovecot's Maildir, Courier) or `/` (Cyrus, unixhierarchysep). */
  separator: '.' | '/';
  /** How the server lists a folder the user calls `name`. */
  folderPath(name: string): string;
  /** Every command of a move, cut before the server gets it and before its answer. */
  moveSteps: CutRule[];
}

const cuts = (commands: RegExp[]): CutRule[] =>
  commands.flatMap((command) => [
    { command, when: 'before-command' as const },
    { command, when: 'before-answer' as const },
  ]);
const MOVE_STEPS = cuts([/^UID MOVE /]);
const COPY_STEPS = cuts([/^UID COPY /, /^UID STORE .*\\Deleted/i, /^UID EXPUNGE /]);
const plain = (name: string) => name;

/** Servers that can move (MOVE, or COPY with UIDPLUS). */
export const MOVING_SERVERS: ServerCase[] = [
  {
    name: 'Dovecot',
    start: () => startDovecot(),
    moves: true,
    uidNext: true,
    separator: '.',
    folderPath: plain,
    moveSteps: MOVE_STEPS,
  },
  {
    name: 'Cyrus 3.6',
    start: () => startCyrus(),
    moves: true,
    uidNext: true,
    separator: '/',
    folderPath: plain,
    moveSteps: MOVE_STEPS,
  },
  {
    name: 'Cyrus 3.6 without MOVE',
    start: () => startCyrus({ dropCapabilities: ['MOVE'] }),
    moves: false,
    uidNext: true,
    separator: '/',
    folderPath: plain,
    moveSteps: COPY_STEPS,
  },
  {
    name: "Cyrus 3.6 with Debian's namespace",
    start: () => startCyrus({ debianNamespace: true }),
    moves: true,
    uidNext: true,
    separator: '.',
    folderPath: (name) => `INBOX.${name}`,
    moveSteps: MOVE_STEPS,
  },
  {
    name: 'Courier 5.0',
    start: () => startCourier(),
    moves: false,
    uidNext: false,
    separator: '.',
    folderPath: (name) => `INBOX.${name}`,
    moveSteps: COPY_STEPS,
  },
];

/** Servers with neither MOVE nor UIDPLUS, where moving would need a plain EXPUNGE. */
export const NON_MOVING_SERVERS: Pick<ServerCase, 'name' | 'start' | 'folderPath'>[] = [
  {
    name: 'Dovecot',
    start: () => startDovecot({ dropCapabilities: ['MOVE', 'UIDPLUS'] }),
    folderPath: plain,
  },
  {
    name: 'Cyrus 3.6',
    start: () => startCyrus({ dropCapabilities: ['MOVE', 'UIDPLUS'] }),
    folderPath: plain,
  },
  {
    name: 'Courier 5.0',
    start: () => startCourier({ dropCapabilities: ['UIDPLUS'] }),
    folderPath: (name) => `INBOX.${name}`,
  },
];

/** Servers with a quota that can refuse a move (Dovecot copies then deletes here). */
export const QUOTA_SERVERS: Pick<ServerCase, 'name' | 'start'>[] = [
  { name: 'Dovecot', start: () => startDovecot({ quota: '100M', dropCapabilities: ['MOVE'] }) },
  { name: 'Cyrus 3.6', start: () => startCyrus() },
  { name: 'Courier 5.0', start: () => startCourier() },
];
