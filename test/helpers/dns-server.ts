/**
 * A DNS server on 127.0.0.1 (UDP) answering from fixture records only: TXT, A and MX, anything
 * else NXDOMAIN, and it never forwards. The test run points every process at it (workers via
 * `dns.setServers`, spawned `checkpoint` processes via CHECKPOINT_DNS_SERVERS), so the suite
 * sends no DNS query beyond loopback, and it records every question it was asked.
 */
import { createSocket, type Socket } from 'node:dgram';
import type { DnsRecords } from './smtp.ts';

export interface DnsQuestion {
  name: string;
  type: string;
}

export interface DnsServer {
  /** `127.0.0.1:PORT`, as CHECKPOINT_DNS_SERVERS and `dns.setServers` take it. */
  readonly address: string;
  readonly questions: DnsQuestion[];
  /** Adds or replaces records (names are matched case-insensitively). */
  set(records: DnsRecords): void;
  close(): Promise<void>;
}

const TYPES: Record<number, string> = { 1: 'A', 15: 'MX', 16: 'TXT', 28: 'AAAA' };

/** The question of a query: its name, type and where the question section ends. */
function readQuestion(msg: Buffer): { name: string; type: string; end: number } | null {
  let offset = 12;
  const labels: string[] = [];
  while (offset < msg.length) {
    const length = msg[offset] ?? 0;
    if (length === 0) break;
    if (length > 63) return null; // queries carry no compression pointers
    labels.push(msg.subarray(offset + 1, offset + 1 + length).toString('latin1'));
    offset += 1 + length;
  }
  if (offset + 5 > msg.length) return null;
  const type = msg.readUInt16BE(offset + 1);
  return {
    name: labels.join('.').toLowerCase(),
    type: TYPES[type] ?? `TYPE${type}`,
    end: offset + 5,
  };
}

function encodeName(name: string): Buffer {
  const parts = name.split('.').filter(Boolean);
  return Buffer.concat([
    ...parts.map((p) => Buffer.concat([Buffer.from([p.length]), Buffer.from(p, 'latin1')])),
    Buffer.from([0]),
  ]);
}

/** The RDATA of one record of a type, from its fixture text. */
function rdata(type: string, value: string): Buffer | null {
  if (type === 'A') return Buffer.from(value.split('.').map(Number));
  if (type === 'TXT') {
    // One TXT record: character-strings of at most 255 bytes each.
    const bytes = Buffer.from(value, 'utf8');
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length || i === 0; i += 255) {
      const chunk = bytes.subarray(i, i + 255);
      chunks.push(Buffer.from([chunk.length]), chunk);
    }
    return Buffer.concat(chunks);
  }
  if (type === 'MX') {
    const [priority, exchange] = value.split(/\s+/);
    const pref = Buffer.alloc(2);
    pref.writeUInt16BE(Number(priority));
    return Buffer.concat([pref, encodeName(exchange ?? '')]);
  }
  return null;
}

function answer(query: Buffer, records: DnsRecords, questions: DnsQuestion[]): Buffer | null {
  if (query.length < 12) return null;
  const question = readQuestion(query);
  if (!question) return null;
  questions.push({ name: question.name, type: question.type });
  const values = records[question.name]?.[question.type] ?? [];
  const known = records[question.name] !== undefined;
  const answers = values.flatMap((value) => {
    const data = rdata(question.type, value);
    if (!data) return [];
    const head = Buffer.alloc(12);
    head.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
    head.writeUInt16BE(query.readUInt16BE(question.end - 4), 2);
    head.writeUInt16BE(1, 4); // class IN
    head.writeUInt32BE(60, 6);
    head.writeUInt16BE(data.length, 10);
    return [head, data];
  });
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0);
  // QR, the query's RD, RA; NXDOMAIN (3) for names we do not know.
  header.writeUInt16BE(0x8080 | (query.readUInt16BE(2) & 0x0100) | (known ? 0 : 3), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length / 2, 6);
  return Buffer.concat([header, query.subarray(12, question.end), ...answers]);
}

/**
 * Starts the server on a free UDP port of 127.0.0.1.
 *
 * @example const dns = await startDnsServer({ 'example.org': { TXT: ['v=spf1 -all'] } });
 */
export async function startDnsServer(initial: DnsRecords = {}): Promise<DnsServer> {
  const records: DnsRecords = {};
  const questions: DnsQuestion[] = [];
  const set = (more: DnsRecords) => {
    for (const [name, value] of Object.entries(more)) records[name.toLowerCase()] = value;
  };
  set(initial);
  const socket: Socket = createSocket('udp4');
  socket.on('message', (msg, peer) => {
    const reply = answer(msg, records, questions);
    if (reply) socket.send(reply, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    questions,
    set,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
