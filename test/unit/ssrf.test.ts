import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { NetError } from '../../src/lib/net/errors.ts';
import { formatIp, parseCidr, parseIp } from '../../src/lib/net/ip.ts';
import {
  assertHostAllowed,
  classifyAddress,
  guardedLookup,
  isAddressAllowed,
  judgeAddress,
  parseNetworks,
} from '../../src/lib/net/ssrf.ts';

const none = parseNetworks([]);

describe('parseIp / formatIp', () => {
  it.each([
    ['1.2.3.4', '1.2.3.4'],
    ['::', '::'],
    ['::1', '::1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1'],
    ['2001:db8:1:0:1:0:1:0', '2001:db8:1:0:1:0:1:0'],
    ['::ffff:127.0.0.2', '::ffff:7f00:2'],
    ['[fe80::1]', 'fe80::1'],
    ['fe80::1%eth0', 'fe80::1'],
  ])('reads %s as %s', (text, formatted) => {
    const ip = parseIp(text);
    expect(ip).not.toBeNull();
    expect(formatIp(ip!)).toBe(formatted);
  });

  it.each([
    '',
    'example.org',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '01.2.3.4',
    '127.1',
    '1::2::3',
    ':1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7:8::',
    '12345::',
    '1.2.3.4::',
    '::1.2.3',
  ])('rejects %j', (text) => {
    expect(parseIp(text)).toBeNull();
  });
});

describe('parseNetworks', () => {
  it('parses IPv4 and IPv6 blocks, bare addresses and clears host bits', () => {
    const nets = parseNetworks(['127.0.0.1/8', '10.1.2.3', 'fd00::1/8', '::1', ' 0.0.0.0/0 ']);
    expect(nets.map((n) => n.cidr)).toEqual([
      '127.0.0.0/8',
      '10.1.2.3/32',
      'fd00::/8',
      '::1/128',
      '0.0.0.0/0',
    ]);
    expect(nets.map((n) => n.family)).toEqual([4, 4, 6, 6, 4]);
  });

  it('turns IPv4-mapped IPv6 blocks into IPv4 blocks', () => {
    expect(parseNetworks(['::ffff:10.0.0.0/104'])[0]?.cidr).toBe('10.0.0.0/8');
    expect(parseNetworks(['::ffff:127.0.0.1/128'])[0]?.cidr).toBe('127.0.0.1/32');
  });

  it.each([
    ['10.0.0.0/33', /invalid prefix length \(0-32 for IPv4\)/],
    ['fd00::/129', /invalid prefix length \(0-128 for IPv6\)/],
    ['10.0.0.0/', /invalid prefix length/],
    ['10.0.0.0/8x', /invalid prefix length/],
    ['10.0.0/8', /"10\.0\.0\/8" is not a CIDR block/],
    ['localhost/8', /"localhost\/8" is not a CIDR block/],
    ['fe80::1%eth0/64', /is not a CIDR block/],
    ['', /"" is not a CIDR block/],
  ])('rejects %j with a clear message', (text, message) => {
    expect(() => parseNetworks(['127.0.0.1/32', text])).toThrow(message);
  });

  it('matches on the prefix bits only', () => {
    const allow = parseNetworks(['10.0.0.0/9', 'fd00::/16', '192.168.1.128/25']);
    expect(isAddressAllowed('10.127.255.255', allow)).toBe(true);
    expect(isAddressAllowed('10.128.0.0', allow)).toBe(false);
    expect(isAddressAllowed('fd00:1::1', allow)).toBe(true);
    expect(isAddressAllowed('fd01::1', allow)).toBe(false);
    expect(isAddressAllowed('192.168.1.200', allow)).toBe(true);
    expect(isAddressAllowed('192.168.1.127', allow)).toBe(false);
    expect(parseCidr('192.168.1.200/25').cidr).toBe('192.168.1.128/25');
  });
});

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.5', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.255', 'shared'],
    ['100.128.0.1', 'public'],
    ['169.254.169.254', 'link-local'],
    ['169.254.0.1', 'link-local'],
    ['100.100.100.200', 'metadata'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.1', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['198.20.0.1', 'public'],
    ['192.88.99.1', 'reserved'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
  ])('IPv4 %s is %s', (ip, kind) => {
    expect(classifyAddress(ip)).toBe(kind);
  });

  it.each([
    ['2606:4700:4700::1111', 'public'],
    ['2a00:1450:4001:82a::200e', 'public'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fec0::1', 'site-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fd00:ec2::254', 'metadata'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['2001::1', 'reserved'], // Teredo
    ['2001:2::1', 'reserved'], // benchmarking, inside 2001::/23
    ['100::1', 'reserved'], // discard-only
    ['64:ff9b:1::1', 'reserved'], // local-use NAT64
    ['5f00::1', 'reserved'], // SRv6
    ['4000::1', 'reserved'], // outside 2000::/3
    ['1234::1', 'reserved'],
  ])('IPv6 %s is %s', (ip, kind) => {
    expect(classifyAddress(ip)).toBe(kind);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:2', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:8.8.8.8', 'public'],
    ['::ffff:0:10.0.0.1', 'private'], // IPv4-translated
    ['::127.0.0.1', 'loopback'], // IPv4-compatible
    ['::10.0.0.1', 'private'],
    ['64:ff9b::10.0.0.1', 'private'], // NAT64
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['64:ff9b::8.8.8.8', 'public'],
    ['2002:7f00:1::', 'loopback'], // 6to4 of 127.0.0.1
    ['2002:c0a8:101::1', 'private'], // 6to4 of 192.168.1.1
    ['2002:a9fe:a9fe::', 'link-local'],
    ['2002:808:808::1', 'public'],
  ])('IPv6 form %s is judged as its IPv4: %s', (ip, kind) => {
    expect(classifyAddress(ip)).toBe(kind);
  });

  it('calls anything else invalid', () => {
    expect(classifyAddress('example.org')).toBe('invalid');
    expect(classifyAddress('')).toBe('invalid');
  });
});

describe('isAddressAllowed', () => {
  it('allows public unicast and blocks special ranges by default', () => {
    expect(isAddressAllowed('93.184.215.14', none)).toBe(true);
    expect(isAddressAllowed('2606:4700:4700::1111', none)).toBe(true);
    for (const ip of ['127.0.0.1', '10.0.0.5', '100.64.0.1', '224.0.0.1', '::1', 'fd00::1']) {
      expect(isAddressAllowed(ip, none), ip).toBe(false);
    }
  });

  it('lets an allow-list entry through, and only that range', () => {
    const allow = parseNetworks(['127.0.0.1/32']);
    expect(isAddressAllowed('127.0.0.1', allow)).toBe(true);
    expect(isAddressAllowed('127.0.0.2', allow)).toBe(false);
    expect(isAddressAllowed('10.0.0.1', allow)).toBe(false);
    expect(isAddressAllowed('::1', allow)).toBe(false);
  });

  it('judges IPv6 forms of IPv4 by the IPv4 allow-list', () => {
    const allow = parseNetworks(['127.0.0.1/32']);
    expect(isAddressAllowed('::ffff:127.0.0.1', allow)).toBe(true);
    expect(isAddressAllowed('::ffff:127.0.0.2', allow)).toBe(false);
    expect(isAddressAllowed('2002:7f00:1::', allow)).toBe(true);
    // An IPv6 allow-list entry does not open the IPv4 ranges hidden in IPv6 forms.
    const v6all = parseNetworks(['::/0']);
    expect(isAddressAllowed('::ffff:10.0.0.1', v6all)).toBe(false);
    expect(isAddressAllowed('fd00::1', v6all)).toBe(true);
  });

  it('never allows link-local, unspecified or metadata addresses, whatever the list says', () => {
    const everything = parseNetworks(['0.0.0.0/0', '::/0', '169.254.0.0/16', 'fe80::/10']);
    for (const ip of [
      '169.254.169.254',
      '169.254.0.1',
      '0.0.0.0',
      '0.1.2.3',
      '::',
      'fe80::1',
      '::ffff:169.254.169.254',
      '64:ff9b::a9fe:a9fe',
      '2002:a9fe:a9fe::',
      '::ffff:0.0.0.0',
      '100.100.100.200',
      'fd00:ec2::254',
    ]) {
      expect(isAddressAllowed(ip, everything), ip).toBe(false);
    }
    expect(isAddressAllowed('10.0.0.1', everything)).toBe(true);
    expect(isAddressAllowed('::1', everything)).toBe(true);
  });

  it('reports the judged address and kind', () => {
    expect(judgeAddress('::ffff:7f00:2', none)).toEqual({
      allowed: false,
      kind: 'loopback',
      address: '127.0.0.2',
    });
    expect(judgeAddress('nonsense', parseNetworks(['0.0.0.0/0']))).toEqual({
      allowed: false,
      kind: 'invalid',
      address: 'nonsense',
    });
  });
});

/** Calls a LookupFunction the way net.connect does. */
function lookupWith(
  allow: readonly string[],
  host: string,
  all: boolean,
): Promise<{ err: NodeJS.ErrnoException | null; address: string | LookupAddress[] }> {
  return new Promise((resolve) => {
    guardedLookup(parseNetworks(allow))(host, { all }, (err, address) => resolve({ err, address }));
  });
}

describe('guardedLookup', () => {
  it('returns only allowed addresses (all: true)', async () => {
    const { err, address } = await lookupWith(['127.0.0.1/32'], 'localhost', true);
    expect(err).toBeNull();
    expect(address).toEqual([{ address: '127.0.0.1', family: 4 }]);
  });

  it('returns the first allowed address (all: false)', async () => {
    const { err, address } = await lookupWith(['127.0.0.1/32'], 'localhost', false);
    expect(err).toBeNull();
    expect(address).toBe('127.0.0.1');
  });

  it('fails with a clear FetchError when no address is allowed', async () => {
    const { err } = await lookupWith([], 'localhost', true);
    expect(err).toBeInstanceOf(NetError);
    expect((err as NetError).code).toBe('blocked');
    expect(err?.message).toMatch(
      /^fetch: localhost resolves to (127\.0\.0\.1|::1), a loopback address \(blocked\)/,
    );
  });

  it('passes DNS failures through', async () => {
    const { err } = await lookupWith([], 'nonexistent.invalid', true);
    expect(err?.code).toMatch(/^(ENOTFOUND|EAI_AGAIN|EAI_FAIL|EAI_NODATA|EAI_NONAME)$/);
  });
});

describe('assertHostAllowed', () => {
  const loopback = parseNetworks(['127.0.0.1/32']);

  it('returns the IP to connect to', async () => {
    await expect(assertHostAllowed('localhost', loopback)).resolves.toBe('127.0.0.1');
    await expect(assertHostAllowed('127.0.0.1', loopback)).resolves.toBe('127.0.0.1');
    await expect(assertHostAllowed('8.8.8.8', none)).resolves.toBe('8.8.8.8');
    await expect(assertHostAllowed('[2606:4700:4700::1111]', none)).resolves.toBe(
      '2606:4700:4700::1111',
    );
  });

  it('refuses blocked names and literals with FetchError blocked', async () => {
    await expect(assertHostAllowed('localhost', none)).rejects.toMatchObject({
      code: 'blocked',
      message: expect.stringMatching(/^fetch: localhost resolves to .*loopback address/),
    });
    await expect(assertHostAllowed('10.0.0.5', loopback)).rejects.toMatchObject({
      code: 'blocked',
      message: 'fetch: 10.0.0.5 is a private address (blocked)',
    });
    await expect(
      assertHostAllowed('[::ffff:a9fe:a9fe]', parseNetworks(['0.0.0.0/0'])),
    ).rejects.toMatchObject({
      code: 'blocked',
      message: 'fetch: ::ffff:a9fe:a9fe (169.254.169.254) is a link-local address (blocked)',
    });
  });

  it('reports names that do not resolve as dns', async () => {
    await expect(assertHostAllowed('nonexistent.invalid', none)).rejects.toMatchObject({
      code: 'dns',
      message: expect.stringMatching(/^fetch: cannot resolve nonexistent\.invalid \(/),
    });
  });
});
