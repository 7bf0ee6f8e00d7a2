import { z } from 'zod';
import { REMOTE_IMAGES, TLS_MODES } from '../../services/mail/mail-config.ts';

/** Request and response shapes of the mail area of `/api/v1` (newsletters by mail). */

const folder = z.string().min(1).max(200);
const tlsFingerprint = z
  .string()
  .max(200)
  .nullable()
  .describe(
    'trust the server certificate with this SHA-256 fingerprint (SHA256:AB:CD:…, colons or plain hex) instead of the system CAs; null: the system CAs',
  );
const certificate = z
  .object({
    fingerprint: z.string().describe('SHA256:AB:CD:…'),
    subject: z.string(),
    issuer: z.string(),
    validFrom: z.string(),
    validTo: z.string(),
    selfSigned: z.boolean(),
  })
  .meta({ id: 'ImapCertificate' });
const senders = z
  .array(z.string().min(1).max(320))
  .max(500)
  .describe(
    'addresses (news@example.org) or domains (example.org) whose mail counts as newsletter',
  );

export const imapLoginBody = z.object({
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535),
  tls: z.enum(TLS_MODES),
  user: z.string().min(1).max(320),
  password: z.string().min(1).max(1000).describe('the (app) password; stored encrypted'),
  folder: folder.optional().describe('default INBOX'),
  tlsFingerprint: tlsFingerprint.optional(),
});

export const imapSourceBody = imapLoginBody.extend({
  moveTo: folder.nullable().optional().describe('move newsletters here after storing them'),
  senders: senders.optional(),
  remoteImages: z.enum(REMOTE_IMAGES).optional().describe('default block'),
  sinceDays: z.number().int().min(0).max(36500).optional().describe('first fetch window, 0 = all'),
  name: z.string().min(1).max(300).nullable().optional(),
});

export const imapSettingsPatchBody = z.object({
  password: z.string().min(1).max(1000).optional(),
  folder: folder.optional(),
  moveTo: folder.nullable().optional(),
  senders: senders.optional(),
  remoteImages: z.enum(REMOTE_IMAGES).optional(),
  sinceDays: z.number().int().min(0).max(36500).optional(),
  tlsFingerprint: tlsFingerprint.optional(),
});

export const imapTestResultSchema = z
  .union([
    z.object({ ok: z.literal(true), folders: z.array(z.string()), messages: z.number().int() }),
    z.object({
      ok: z.literal(false),
      code: z.string().describe('imap_auth, imap_tls, imap_folder, imap_connect, imap_blocked …'),
      error: z.string(),
      certificate: certificate
        .optional()
        .describe('the certificate refused as untrusted: trust it with tlsFingerprint'),
    }),
  ])
  .meta({ id: 'ImapTestResult' });

export const imapSettingsSchema = z
  .object({
    host: z.string(),
    port: z.number().int(),
    tls: z.enum(TLS_MODES),
    user: z.string(),
    folder: z.string(),
    moveTo: z.string().nullable(),
    senders: z.array(z.string()),
    remoteImages: z.enum(REMOTE_IMAGES),
    sinceDays: z.number().int(),
    tlsFingerprint: z.string().nullable().describe('the trusted certificate, null: system CAs'),
  })
  .meta({ id: 'ImapSettings' });

export const mailAddressSchema = z
  .object({
    id: z.number().int(),
    address: z.string().nullable().describe('null while CHECKPOINT_MAIL_DOMAIN is unset'),
    localPart: z.string(),
    label: z.string().nullable(),
    sourceId: z.number().int(),
    remoteImages: z.enum(REMOTE_IMAGES),
    createdAt: z.string(),
  })
  .meta({ id: 'MailAddress' });

const unsubscribeInfo = z
  .object({
    web: z.array(z.string()),
    mailto: z.array(z.string()),
    oneClick: z.boolean().describe('RFC 8058 one-click POST is offered'),
    post: z.string().nullable(),
  })
  .meta({ id: 'UnsubscribeInfo' });

const mailAuth = z
  .object({
    spf: z.object({ result: z.string(), domain: z.string().nullable() }),
    dkim: z.array(
      z.object({ result: z.string(), domain: z.string().nullable(), aligned: z.boolean() }),
    ),
    dmarc: z.object({
      result: z.string(),
      domain: z.string().nullable(),
      policy: z.string().nullable(),
    }),
    summary: z.string(),
  })
  .meta({ id: 'MailAuth' });

export const unsubscribeResultSchema = z
  .object({
    id: z.number().int(),
    itemId: z.number().int().nullable(),
    sourceId: z.number().int().nullable(),
    sender: z.string(),
    method: z.enum(['one-click', 'https', 'mailto']),
    status: z.enum(['done', 'failed', 'offered']),
    target: z.string(),
    httpStatus: z.number().int().nullable(),
    detail: z.string().nullable(),
    at: z.string(),
  })
  .meta({ id: 'Unsubscribe' });

export const senderSchema = z
  .object({
    sender: z.string(),
    name: z.string().nullable(),
    sources: z.array(z.object({ id: z.number().int(), name: z.string(), kind: z.string() })),
    count: z.number().int(),
    lastReceivedAt: z.string(),
    latestItemId: z.number().int(),
    latestTitle: z.string().nullable(),
    unsubscribe: unsubscribeInfo.nullable(),
    auth: mailAuth.nullable(),
    lastUnsubscribe: z
      .object({ method: z.string(), status: z.string(), target: z.string(), at: z.string() })
      .nullable(),
  })
  .meta({ id: 'Sender' });

export const mailDetailsSchema = z
  .object({
    itemId: z.number().int(),
    sourceId: z.number().int(),
    sourceKind: z.string(),
    title: z.string().nullable(),
    from: z.object({ name: z.string().nullable(), address: z.string().nullable() }).nullable(),
    to: z.string().nullable(),
    messageId: z.string().nullable(),
    listId: z.string().nullable(),
    reason: z.string().nullable(),
    unsubscribe: unsubscribeInfo.nullable(),
    auth: mailAuth.nullable(),
    remoteImages: z.enum(REMOTE_IMAGES),
  })
  .meta({ id: 'MailDetails' });
