import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors.ts';
import { intakeDraft } from '../../src/intake/draft.ts';
import { parseGotify } from '../../src/intake/gotify.ts';
import { parseNtfyJson, parseNtfyPublish } from '../../src/intake/ntfy.ts';
import { parsePushover } from '../../src/intake/pushover.ts';
import type { IntakeMessage } from '../../src/intake/types.ts';
import { parseWebhook } from '../../src/intake/webhook.ts';
import { prepareDraft } from '../../src/pipeline/prepare.ts';
import { isValidOrNull, params, parsesOrTypedError, TIMEOUT } from './fuzz.ts';

/** Field names the shapes read, so random payloads reach their branches, not just the defaults. */
const NAMES = [
  'title',
  'message',
  'text',
  'body',
  'priority',
  'tags',
  'tag',
  'click',
  'url',
  'url_title',
  'timestamp',
  'time',
  'date',
  'postTime',
  'sentStamp',
  'receivedStamp',
  'html',
  'topic',
  'attach',
  'filename',
  'icon',
  'actions',
  'extras',
  'packageName',
  'appName',
  'from',
  'type',
  'version',
  'sound',
  'device',
  'user',
  'token',
  'markdown',
  'email',
  'delay',
];

/** Values as senders send them: odd numbers, huge and negative times, nested JSON, strings. */
const value = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    '1e300',
    '99999999999999999',
    '-1',
    'NaN',
    '2026-13-45T99:99:99Z',
    '',
    ' ',
    'true',
  ),
  fc.double(),
  fc.integer(),
  fc.constantFrom(1e300, -1e300, Number.MAX_SAFE_INTEGER, 1e17, 0, -0),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
);
const fields = fc.dictionary(fc.constantFrom(...NAMES), value, { maxKeys: 12 });
const stringFields = fc.dictionary(fc.constantFrom(...NAMES), fc.string({ maxLength: 30 }), {
  maxKeys: 12,
});

/** What every accepted message must be: storable as it is (real dates, priority 1–5). */
function checkStorable(result: IntakeMessage | Error): void {
  if (result instanceof Error) {
    expect(result).toBeInstanceOf(ValidationError);
    return;
  }
  expect(isValidOrNull(result.publishedAt)).toBe(true);
  if (result.priority !== null) expect(result.priority).toBeGreaterThanOrEqual(1);
  if (result.priority !== null) expect(result.priority).toBeLessThanOrEqual(5);
  const prepared = prepareDraft(intakeDraft(result, 'fuzz-id'));
  expect(isValidOrNull(prepared.publishedAt)).toBe(true);
  expect(prepared.priority).toBeGreaterThanOrEqual(1);
}

describe('push intake shapes, property-based', () => {
  it(
    'ntfy JSON publishing: any JSON is a message or a ValidationError',
    () => {
      fc.assert(
        fc.property(fc.oneof(fields, fc.jsonValue({ maxDepth: 3 })), (payload) => {
          checkStorable(parsesOrTypedError(() => parseNtfyJson(payload)));
        }),
        params(),
      );
    },
    TIMEOUT,
  );

  it(
    'ntfy PUT/POST with headers and query parameters',
    () => {
      fc.assert(
        fc.property(
          fc.string({ maxLength: 70 }),
          fc.string({ maxLength: 200 }),
          stringFields,
          stringFields,
          (topic, body, headers, query) => {
            const source = {
              header: (name: string) => headers[name.toLowerCase()],
              query: (name: string) => query[name.toLowerCase()],
            };
            checkStorable(parsesOrTypedError(() => parseNtfyPublish(topic, body, source)));
          },
        ),
        params(),
      );
    },
    TIMEOUT,
  );

  it(
    'Gotify, Pushover and webhooks: any fields are a message or a ValidationError',
    () => {
      fc.assert(
        fc.property(fields, fc.string({ maxLength: 20 }), (payload, name) => {
          checkStorable(parsesOrTypedError(() => parseGotify(payload)));
          checkStorable(parsesOrTypedError(() => parsePushover(payload)));
          checkStorable(parsesOrTypedError(() => parseWebhook(name, payload)));
        }),
        params(),
      );
    },
    TIMEOUT,
  );

  it(
    'a webhook with a plain-text body',
    () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 500 }), (name, text) => {
          checkStorable(parsesOrTypedError(() => parseWebhook(name, text)));
        }),
        params(),
      );
    },
    TIMEOUT,
  );
});
