import { describe, expect, it } from 'vitest';
import type { ExportFile } from '../../src/sources/imports/common.ts';
import { parseCsv } from '../../src/sources/imports/csv.ts';
import { parseExport, sniffExport } from '../../src/sources/imports/index.ts';
import { fixMetaText } from '../../src/sources/imports/meta.ts';
import { dateOrder, parseWhatsApp } from '../../src/sources/imports/whatsapp.ts';
import { exportFiles } from '../helpers/exports.ts';

const text = (data: string, path = 'chat.txt'): ExportFile[] => [{ path, data: Buffer.from(data) }];

describe('export sniffing', () => {
  it.each([
    ['x', 'x'],
    ['linkedin', 'linkedin'],
    ['facebook', 'facebook'],
    ['instagram', 'instagram'],
    ['whatsapp', 'whatsapp'],
    ['snapchat', 'snapchat'],
    ['snapchat-2020', 'snapchat'],
  ])('%s is recognised as %s', (folder, kind) => {
    expect(sniffExport(exportFiles(folder))).toBe(kind);
  });

  it('says what to do when it cannot tell', () => {
    expect(() => sniffExport(text('hello', 'notes.txt'))).toThrow(
      /cannot tell which export this is \(notes\.txt\); give the kind: x, linkedin/,
    );
  });
});

describe('X archive', () => {
  const parsed = parseExport(exportFiles('x'));
  it('reads tweets.js after its window.YTD prefix, with links expanded and the user from account.js', () => {
    expect(parsed.drafts).toHaveLength(2);
    const [reply, photo] = parsed.drafts;
    expect(reply).toMatchObject({
      externalId: 'tweet:1721234567890123456',
      kind: 'post',
      author: '@jdoe_dev',
      url: 'https://x.com/jdoe_dev/status/1721234567890123456',
    });
    expect(reply!.publishedAt?.toISOString()).toBe('2023-11-05T11:24:53.000Z');
    expect(reply!.contentHtml).toContain(
      'Agreed &amp; I wrote up why &lt;pull&gt; wins: <a href="https://example.org/posts/checkpoints?ref=x">example.org/posts/checkpoi…</a>',
    );
    expect(reply!.contentHtml).toContain('<a href="https://x.com/annexample">@annexample</a>');
    expect(photo!.attachments).toEqual([
      expect.objectContaining({
        url: 'https://pbs.twimg.com/media/FuAbCdEXsAAbcde.jpg',
        type: 'image/*',
      }),
    ]);
    expect(photo!.contentHtml).toContain('Sunrise over the lake<br>with coffee');
  });

  it('names the file and field of malformed input', () => {
    expect(() =>
      parseExport([{ path: 'data/tweets.js', data: Buffer.from('[1,2]') }], { kind: 'x' }),
    ).toThrow('import: x data/tweets.js: does not start with "window.YTD.<name>.part0 = "');
    expect(() =>
      parseExport([
        {
          path: 'data/tweets.js',
          data: Buffer.from(
            'window.YTD.tweets.part0 = [{"tweet":{"id_str":"1","created_at":"yesterday"}}]',
          ),
        },
      ]),
    ).toThrow('import: x data/tweets.js: tweets[0].tweet.created_at is not a date ("yesterday")');
    expect(() =>
      parseExport(
        [{ path: 'data/tweets.js', data: Buffer.from('window.YTD.tweets.part0 = [{"tweet": ') }],
        { kind: 'x' },
      ),
    ).toThrow('import: x data/tweets.js: malformed JSON');
  });
});

describe('LinkedIn export', () => {
  const parsed = parseExport(exportFiles('linkedin'));
  it('reads shares (multi-line, doubled quotes), connections after the preamble, and messages', () => {
    const shares = parsed.drafts.filter((d) => d.externalId.startsWith('share:'));
    expect(shares).toHaveLength(2);
    expect(shares[0]!.contentHtml).toContain(
      'we shipped &quot;pull, don&#39;t push&quot; today.</p><p>Read more below.</p>',
    );
    expect(shares[0]!.publishedAt?.toISOString()).toBe('2023-05-04T10:22:11.000Z');
    const connections = parsed.drafts.filter((d) => d.externalId.startsWith('connection:'));
    expect(connections.map((c) => c.title)).toEqual([
      'Connected with Ann Smith',
      'Connected with Bob Jones',
    ]);
    expect(connections[0]!.contentHtml).toBe('<p>Product Manager at Acme, Inc.</p>');
    expect(connections[0]!.publishedAt?.toISOString()).toBe('2023-01-04T00:00:00.000Z');
    const messages = parsed.drafts.filter((d) => d.kind === 'message');
    expect(messages.map((m) => m.author)).toEqual(['Ann Smith', 'Jane Doe']);
    expect(messages[0]!.contentHtml).toContain('call<br>next week?');
  });

  it('names the line of malformed CSV and of bad values', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3', 'Shares.csv')).toThrow(
      'import: Shares.csv line 2: a quoted field is never closed',
    );
    const bad =
      'Date,ShareLink,ShareCommentary\n2023-05-04 10:22:11,https://l.example/1,ok\nsoon,https://l.example/2,x\n';
    expect(() => parseExport([{ path: 'Shares.csv', data: Buffer.from(bad) }])).toThrow(
      'import: linkedin Shares.csv line 3: "Date" is not a date ("soon")',
    );
    expect(() =>
      parseExport([
        { path: 'Connections.csv', data: Buffer.from('Notes:\nFirst Name,Last Name\nA,B\n') },
      ]),
    ).toThrow('no "Connected On" column in the header (line 2)');
  });
});

describe('Facebook and Instagram (Meta) exports', () => {
  it('undoes the Latin-1-as-UTF-8 text encoding', () => {
    expect(fixMetaText('Caf\u00c3\u00a9 \u00f0\u009f\u0098\u0080')).toBe('Café 😀');
    expect(fixMetaText('Café already fine')).toBe('Café already fine');
    expect(fixMetaText('Ã( not UTF-8')).toBe('Ã( not UTF-8');
  });

  it('reads Facebook posts and messages', () => {
    const { drafts } = parseExport(exportFiles('facebook'));
    const posts = drafts.filter((d) => d.kind === 'post');
    expect(posts).toHaveLength(2);
    expect(posts[0]).toMatchObject({
      title: 'Jane Doe updated her status.',
      url: 'https://example.org/blog/pull',
    });
    expect(posts[0]!.contentHtml).toContain('Lunch at the Café Müller 😀 — recommended!');
    expect(posts[1]!.contentHtml).toContain('Sunset in Malmö');
    const messages = drafts.filter((d) => d.kind === 'message');
    expect(messages).toHaveLength(3);
    expect(messages.map((m) => m.author)).toEqual(['Jane Doe', 'Ann Smith', 'Ann Smith']);
    expect(messages[0]).toMatchObject({ title: 'Ann Smith' });
    expect(messages[0]!.contentHtml).toContain('See you at the café 😀');
    expect(messages[1]!.contentHtml).toContain('📎');
  });

  it('reads Instagram posts (captions from media or post) and messages', () => {
    const { drafts } = parseExport(exportFiles('instagram'));
    const posts = drafts.filter((d) => d.kind === 'post');
    expect(posts[0]!.contentHtml).toBe(
      '<p>Fika in Göteborg ☕</p><p>📷 media/posts/202306/357_n.jpg</p>',
    );
    expect(posts[1]!.contentHtml).toContain('<p>Two views of the same hill</p>');
    expect(posts[1]!.extra).toMatchObject({
      media: ['media/posts/202307/1_n.jpg', 'media/posts/202307/2_n.jpg'],
    });
    const messages = drafts.filter((d) => d.kind === 'message');
    expect(messages[0]!.contentHtml).toContain('Nice photo! 🏔️');
    expect(messages[1]!.contentHtml).toContain(
      '<a href="https://www.instagram.com/p/Cu123abc/">hill</a>',
    );
  });

  it('names the field of malformed messages', () => {
    const bad = JSON.stringify({ title: 'x', messages: [{ sender_name: 'a', content: 'b' }] });
    expect(() =>
      parseExport([{ path: 'messages/inbox/x/message_1.json', data: Buffer.from(bad) }], {
        kind: 'facebook',
      }),
    ).toThrow(
      'import: facebook messages/inbox/x/message_1.json: messages[0].timestamp_ms is missing or not a number',
    );
  });
});

describe('WhatsApp chat exports', () => {
  it('reads Android day-first lines, multi-line messages, system lines and media', () => {
    const { drafts } = parseExport(
      exportFiles('whatsapp').filter((f) => f.path.startsWith('WhatsApp')),
    );
    expect(drafts).toHaveLength(5);
    expect(drafts[0]).toMatchObject({
      author: null,
      title: 'Ann',
      extra: expect.objectContaining({ system: true }),
    });
    expect(drafts[2]!.contentHtml).toBe(
      '<p>Almost there<br>second line of the same message</p><p>third line after a blank</p>',
    );
    expect(drafts[2]!.publishedAt?.toISOString()).toBe('2023-12-31T23:59:00.000Z');
    expect(drafts[3]!.contentHtml).toBe('<p>[media omitted]</p>');
  });

  it('reads iOS month-first lines with AM/PM and converts local times with tz', () => {
    const { drafts } = parseWhatsApp(
      exportFiles('whatsapp').filter((f) => f.path === '_chat.txt'),
      { tz: 'America/New_York', name: 'WhatsApp Chat - Bob.zip' },
    );
    expect(drafts).toHaveLength(4);
    expect(drafts[0]).toMatchObject({ title: 'Bob', author: 'Bob' });
    expect(drafts[0]!.publishedAt?.toISOString()).toBe('2024-01-02T14:05:07.000Z');
    expect(drafts[2]!.publishedAt?.toISOString()).toBe('2024-01-13T18:15:00.000Z');
    expect(drafts[2]!.contentHtml).toBe('<p>[media omitted]</p>');
  });

  it('detects the date order from chronology when no day is above 12', () => {
    const raws = (pairs: [number, number][]) =>
      pairs.map(([a, b]) => ({ parts: [a, b, 24, 0, 0, 0] }));
    expect(
      dateOrder(
        raws([
          [1, 12],
          [2, 1],
        ]),
      ),
    ).toBe('mdy'); // Jan 12 → Feb 1, not Dec 1 → Jan 2
    expect(
      dateOrder(
        raws([
          [12, 1],
          [1, 2],
        ]),
      ),
    ).toBe('dmy'); // 12 Jan → 1 Feb
    expect(() =>
      dateOrder(
        raws([
          [13, 1],
          [1, 13],
        ]),
      ),
    ).toThrow('mix day-first and month-first');
  });

  it('keeps identical messages apart and ids stable', () => {
    const chat = '01/02/2024, 10:00 - Ann: hi\n01/02/2024, 10:00 - Ann: hi\n';
    const first = parseWhatsApp(text(chat)).drafts.map((d) => d.externalId);
    expect(new Set(first).size).toBe(2);
    expect(parseWhatsApp(text(chat)).drafts.map((d) => d.externalId)).toEqual(first);
  });

  it('names the line that is not a message', () => {
    expect(() => parseWhatsApp(text('hello there\n01/02/2024, 10:00 - Ann: hi\n'))).toThrow(
      'import: whatsapp chat.txt line 1: expected a message line',
    );
    expect(() => parseWhatsApp(text('10/13/2024, 25:00 - Ann: hi\n'))).toThrow(
      'import: whatsapp chat.txt line 1: not a valid date or time',
    );
  });
});

describe('Snapchat chat_history.json', () => {
  it('reads the current format (friend → messages)', () => {
    const { drafts } = parseExport(exportFiles('snapchat'));
    expect(drafts).toHaveLength(3);
    expect(drafts[0]).toMatchObject({ kind: 'message', author: 'annsnaps', title: 'annsnaps' });
    expect(drafts[1]!.contentHtml).toBe('<p>[media]</p>');
    expect(drafts[2]!.publishedAt?.toISOString()).toBe('2024-02-01T08:30:00.000Z');
  });

  it('reads the older Received/Sent Saved Chat History lists', () => {
    const { drafts } = parseExport(exportFiles('snapchat-2020'));
    expect(drafts.map((d) => d.title)).toEqual(['annsnaps', 'annsnaps']);
    expect(drafts[1]!.contentHtml).toBe('<p>Me too</p>');
  });

  it('names the entry with a bad date', () => {
    const bad = JSON.stringify({ ann: [{ From: 'ann', Created: 'never', Content: 'x' }] });
    expect(() => parseExport([{ path: 'chat_history.json', data: Buffer.from(bad) }])).toThrow(
      'import: snapchat chat_history.json: "ann"[0].Created is not a date ("never")',
    );
  });
});
