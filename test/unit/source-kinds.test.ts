import { describe, expect, it } from 'vitest';
import type { SourceKind } from '../../src/domain/types.ts';
import {
  mastodonInstanceOf,
  remoteImagesOf,
  sourcePlatformOf,
} from '../../src/services/sources/source-config.ts';
import {
  pulledKinds,
  sourceKind,
  sourceKindNames,
  sourceKinds,
  wouldPush,
} from '../../src/sources/registry.ts';
import { readConfig, readState } from '../../src/sources/stored.ts';

// A sealed secret as `encryptSecret` stores it (`v1.<iv>.<tag>.<ciphertext>`, base64url).
const SEALED = 'v1.Xx3qZk1hRkV0bGJm.q3v1bW9ZcGJ4S2xJd0t5Sg.c2VjcmV0LXRva2Vu';

/** Config and state JSON as the code that creates and refreshes each kind stores them. */
const STORED: Record<SourceKind, { configs: string[]; states: string[] }> = {
  feed: {
    configs: ['{}', '{"platform":"instagram","account":"@nasa"}'],
    states: [
      '{}',
      '{"etag":"\\"5f2a-17c\\"","lastModified":"Tue, 10 Mar 2026 11:00:00 GMT"}',
      '{"lastModified":"Tue, 10 Mar 2026 11:00:00 GMT"}',
    ],
  },
  imap: {
    configs: [
      `{"host":"127.0.0.1","port":3143,"tls":"none","user":"checkpoint","password":"${SEALED}","folder":"INBOX","moveTo":null,"senders":[],"sinceDays":0,"remoteImages":"block"}`,
      `{"host":"imap.example.org","port":993,"tls":"tls","user":"me@example.org","password":"${SEALED}","folder":"Newsletters","moveTo":"Checkpoint","senders":["news@example.org","@example.com"],"sinceDays":30,"remoteImages":"show"}`,
      // Written before sinceDays and remoteImages existed: the defaults apply.
      `{"host":"imap.example.org","port":143,"tls":"starttls","user":"me","password":"${SEALED}","folder":"INBOX","moveTo":null,"senders":[]}`,
    ],
    states: [
      '{}',
      '{"folders":{"INBOX":{"uidValidity":"1741608000","lastUid":7,"pendingMove":[]}},"lastRun":{"scanned":7,"matched":5,"moved":0,"complete":true,"resynced":false}}',
      '{"folders":{"INBOX":{"uidValidity":"1741608000","lastUid":2,"pendingMove":[1,2]}}}',
    ],
  },
  smtp: { configs: ['{"remoteImages":"block"}', '{}'], states: ['{}'] },
  mastodon: {
    configs: [
      `{"instance":"https://mastodon.example","accountId":"109412","acct":"alice","token":"${SEALED}"}`,
    ],
    states: [
      '{}',
      '{"home":"111222333","notifications":"4455","holdUntil":null}',
      '{"home":null,"notifications":null,"holdUntil":1773144000000}',
    ],
  },
  bluesky: {
    configs: [
      `{"service":"https://bsky.social","identifier":"alice.bsky.social","did":"did:plc:abc123","handle":"alice.bsky.social","pds":"https://pds.example","password":"${SEALED}","accessJwt":"${SEALED}","refreshJwt":"${SEALED}"}`,
      `{"service":"http://127.0.0.1:4100","identifier":"bob.test","did":"did:plc:bob","handle":"bob.test","pds":null,"password":null,"accessJwt":"${SEALED}","refreshJwt":"${SEALED}"}`,
    ],
    states: [
      '{}',
      '{"timelineSeen":"2026-03-10T11:59:00.000Z","notificationsSeen":null,"holdUntil":null}',
    ],
  },
  ntfy: { configs: ['{"intake":"ntfy","channel":"alerts"}'], states: ['{}'] },
  gotify: { configs: ['{"intake":"gotify"}'], states: ['{}'] },
  pushover: { configs: ['{"intake":"pushover"}'], states: ['{}'] },
  webhook: { configs: ['{"intake":"webhook","channel":"ci"}'], states: ['{}'] },
  import: { configs: ['{"platform":"x"}', '{"platform":"whatsapp"}'], states: ['{}'] },
};

/** Values no kind stores: not an object at all. */
const NOT_OBJECTS = ['null', '[]', '[1,2]', '"text"', '42', 'true'];

/** Objects of the wrong shape, per kind. */
const WRONG_CONFIGS: Record<SourceKind, string[]> = {
  feed: ['{"platform":5}', '{"account":["a"]}'],
  imap: [
    '{}',
    '{"host":"imap.example.org","port":"993","tls":"tls","user":"me","password":"x"}',
    `{"host":"h","port":993,"tls":"ssl","user":"me","password":"x"}`,
  ],
  smtp: ['{"remoteImages":"maybe"}'],
  mastodon: [
    '{}',
    '{"instance":"https://m.example","accountId":"1","acct":"a"}',
    '{"instance":"","accountId":"1","token":"t"}',
  ],
  bluesky: ['{}', '{"service":"https://bsky.social","did":"did:plc:x","accessJwt":"a"}'],
  ntfy: ['{"channel":7}'],
  gotify: ['{"intake":true}'],
  pushover: ['{"intake":["pushover"]}'],
  webhook: ['{"channel":{"name":"ci"}}'],
  import: ['{"platform":"myspace"}'],
};

const WRONG_STATES: Partial<Record<SourceKind, string[]>> = {
  feed: ['{"etag":5}', '{"lastModified":false}'],
  imap: [
    '{"folders":{"INBOX":{"lastUid":"7"}}}',
    '{"folders":{"INBOX":{"uidValidity":"1","lastUid":-1}}}',
    '{"folders":[]}',
  ],
  mastodon: ['{"home":5}', '{"holdUntil":"soon"}'],
  bluesky: ['{"timelineSeen":1741608000}', '{"holdUntil":"soon"}'],
};

describe('the source kind registry', () => {
  it('lists every kind once, under its own name', () => {
    expect(sourceKindNames()).toEqual([
      'feed',
      'imap',
      'smtp',
      'mastodon',
      'bluesky',
      'ntfy',
      'gotify',
      'pushover',
      'webhook',
      'import',
    ]);
    for (const spec of sourceKinds()) expect(sourceKind(spec.name)).toBe(spec);
    expect(sourceKind('gopher')).toBeUndefined();
    expect(sourceKind('toString')).toBeUndefined();
  });

  it('pulls feeds, mailboxes and social accounts; push kinds have no pull', () => {
    expect(pulledKinds()).toEqual(['feed', 'imap', 'mastodon', 'bluesky']);
  });

  it('keeps the would-push defaults of DESIGN.md', () => {
    const defaults = Object.fromEntries(sourceKinds().map((s) => [s.name, s.wouldPush]));
    expect(defaults).toEqual({
      feed: 'never',
      imap: 'always',
      smtp: 'always',
      mastodon: 'notifications',
      bluesky: 'notifications',
      ntfy: 'always',
      gotify: 'always',
      pushover: 'always',
      webhook: 'always',
      import: 'never',
    });
    expect(wouldPush('gopher', 'article', null)).toBe(false);
    expect(wouldPush('import', 'message', null)).toBe(false);
    expect(wouldPush('smtp', 'newsletter', null)).toBe(true);
  });

  it('declares how each kind is shared and described', () => {
    for (const spec of sourceKinds()) {
      expect(['per-user', 'shared']).toContain(spec.sharing);
      expect(spec.describe.labelKey).toBe(`source.kind.${spec.name}`);
      expect(spec.describe.label.length).toBeGreaterThan(0);
      expect(spec.describe.pushed).toBe(spec.pull === undefined || spec.name === 'import');
    }
    expect(sourceKind('feed')?.describe.addable).toBe(true);
  });
});

describe.each(sourceKindNames())('the %s kind', (name) => {
  const spec = sourceKind(name)!;

  it('accepts the config and state it stores', () => {
    for (const config of STORED[name].configs) {
      expect(spec.config.safeParse(JSON.parse(config)).success, config).toBe(true);
      expect(() => readConfig(spec, 1, config)).not.toThrow();
    }
    for (const state of STORED[name].states)
      expect(spec.state.safeParse(JSON.parse(state)).success, state).toBe(true);
  });

  it('rejects garbage config, naming the source', () => {
    for (const config of [...NOT_OBJECTS, ...WRONG_CONFIGS[name]]) {
      expect(spec.config.safeParse(JSON.parse(config)).success, config).toBe(false);
      expect(() => readConfig(spec, 7, config), config).toThrow(/^\w+: /);
    }
  });

  it('rejects garbage state, and reads it as none', () => {
    for (const state of [...NOT_OBJECTS, ...(WRONG_STATES[name] ?? [])]) {
      expect(spec.state.safeParse(JSON.parse(state)).success, state).toBe(false);
      expect(readState(spec, state)).toEqual(spec.emptyState);
    }
    expect(readState(spec, 'not json')).toEqual(spec.emptyState);
  });
});

describe('stored shapes read back', () => {
  it('fills the defaults of an older imap config', () => {
    const config = readConfig(sourceKind('imap')!, 1, STORED.imap.configs[2]!);
    expect(config).toMatchObject({ sinceDays: 30, remoteImages: 'block' });
  });

  it('fills a missing pendingMove of an older imap state', () => {
    const state = readState(
      sourceKind('imap')!,
      '{"folders":{"INBOX":{"uidValidity":"9","lastUid":3}}}',
    );
    expect(state).toEqual({
      folders: { INBOX: { uidValidity: '9', lastUid: 3, pendingMove: [] } },
    });
  });

  it('names the broken source the way the pull used to', () => {
    expect(() => readConfig(sourceKind('mastodon')!, 12, '{}')).toThrow(
      'mastodon: source 12 has no account; connect it again',
    );
    expect(() => readConfig(sourceKind('bluesky')!, 13, '{}')).toThrow(
      'bluesky: source 13 has no session; connect it again',
    );
    expect(() => readConfig(sourceKind('imap')!, 14, '{}')).toThrow(
      'imap: the stored mailbox settings are incomplete',
    );
  });
});

describe('what pages read from a stored config', () => {
  it('reads the platform, the remote images and the instance through the schemas', () => {
    expect(sourcePlatformOf({ id: 1, kind: 'feed', config: STORED.feed.configs[1]! })).toBe(
      'instagram',
    );
    expect(sourcePlatformOf({ id: 2, kind: 'import', config: '{"platform":"x"}' })).toBe('x');
    expect(sourcePlatformOf({ id: 3, kind: 'feed', config: '{"platform":5}' })).toBeNull();
    expect(sourcePlatformOf({ id: 4, kind: 'ntfy', config: STORED.ntfy.configs[0]! })).toBeNull();
    expect(remoteImagesOf({ id: 5, kind: 'imap', config: STORED.imap.configs[1]! })).toBe('show');
    expect(remoteImagesOf({ id: 6, kind: 'smtp', config: '{}' })).toBe('block');
    expect(remoteImagesOf({ id: 7, kind: 'smtp', config: 'not json' })).toBe('block');
    expect(
      mastodonInstanceOf({ id: 8, kind: 'mastodon', config: STORED.mastodon.configs[0]! }),
    ).toBe('https://mastodon.example');
    expect(mastodonInstanceOf({ id: 9, kind: 'mastodon', config: '{}' })).toBeNull();
  });
});
