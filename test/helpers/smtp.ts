/**
 * SMTP test helpers: a DNS resolver over fixture records for mailauth (tests never query real
 * DNS), and a raw SMTP conversation for the cases a normal client avoids (no SIZE parameter).
 */
import { connect } from 'node:net';

/** Fixture DNS: `{ 'example.org': { TXT: ['v=spf1 -all'] } }`; anything else is NXDOMAIN. */
export type DnsRecords = Record<string, Partial<Record<string, string[]>>>;

/** A `dns.promises.resolve`-shaped resolver answering from `records` only. */
export function fixtureResolver(records: DnsRecords) {
  return async (name: string, rrtype: string): Promise<unknown> => {
    const found = records[name.toLowerCase()]?.[rrtype.toUpperCase()];
    if (!found) {
      throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    }
    // dns.resolveTxt answers each record as an array of strings.
    return rrtype.toUpperCase() === 'TXT' ? found.map((r) => [r]) : found;
  };
}

/**
 * Sends `commands` one by one (DATA's body as one command ending in `\r\n.`) and returns
 * every reply line after the greeting, in order.
 */
export async function smtpConversation(
  port: number,
  commands: readonly string[],
): Promise<string[]> {
  const socket = connect({ host: '127.0.0.1', port });
  socket.setEncoding('utf8');
  let buffer = '';
  const arrived: string[] = [];
  const waiters: ((reply: string) => void)[] = [];
  const complete = /^(?:\d{3}-.*\r\n)*\d{3} .*\r\n/;
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    // A reply ends with a line whose code is followed by a space.
    for (let match = buffer.match(complete); match; match = buffer.match(complete)) {
      buffer = buffer.slice(match[0].length);
      const waiter = waiters.shift();
      if (waiter) waiter(match[0].trimEnd());
      else arrived.push(match[0].trimEnd());
    }
  });
  const next = () =>
    new Promise<string>((resolve) => {
      const ready = arrived.shift();
      if (ready !== undefined) resolve(ready);
      else waiters.push(resolve);
    });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  await next(); // greeting
  const replies: string[] = [];
  for (const command of commands) {
    const reply = next();
    socket.write(`${command}\r\n`);
    replies.push(await reply);
  }
  socket.end();
  return replies;
}
