/**
 * SPF, DKIM and DMARC of a received message (mailauth), reduced to what Checkpoint records and
 * shows. DNS goes through the given resolver (tests pass fixture records; production uses the
 * system resolver). BIMI is off: it would fetch logos over HTTPS outside the SSRF guard.
 */
import type { Readable } from 'node:stream';

/** `dns.promises.resolve`-compatible: `(name, 'TXT')` → records, or throws with `code`. */
export type DnsResolver = (name: string, rrtype: string) => Promise<unknown>;

/** What the item's `extra.auth` holds. */
export interface MailAuthResults {
  spf: { result: string; domain: string | null };
  dkim: { result: string; domain: string | null; aligned: boolean }[];
  dmarc: { result: string; domain: string | null; policy: string | null };
  /** `spf=pass dkim=pass dmarc=pass`, as the CLI shows it. */
  summary: string;
}

export interface AuthInput {
  /** The SMTP client's address. */
  ip: string;
  /** What it said in EHLO/HELO. */
  helo: string;
  /** MAIL FROM (empty for bounces). */
  mailFrom: string | null;
  /** Our host name, for the Authentication-Results wording. */
  mta: string;
  resolver?: DnsResolver;
  /** Give up after this long and record `temperror` (default 15 s). */
  timeoutMs?: number;
}

interface Status {
  result?: string;
}

const result = (status: Status | undefined) => status?.result ?? 'none';

function failed(reason: string): MailAuthResults {
  return {
    spf: { result: reason, domain: null },
    dkim: [],
    dmarc: { result: reason, domain: null, policy: null },
    summary: `spf=${reason} dkim=none dmarc=${reason}`,
  };
}

/**
 * Evaluates SPF, DKIM and DMARC of the message (bytes, or a function opening it as a stream);
 * never throws (a DNS failure is `temperror`).
 *
 * @example const auth = await checkMailAuth(raw, { ip: '192.0.2.1', helo: 'mx.example.org', mailFrom: 'a@example.org', mta: 'in.example.net' });
 */
export async function checkMailAuth(
  raw: Uint8Array | (() => Readable),
  input: AuthInput,
): Promise<MailAuthResults> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), input.timeoutMs ?? 15_000);
  });
  try {
    const { authenticate } = await import('mailauth');
    const outcome = await Promise.race([
      // A spooled message is read as a stream: mailauth hashes it without holding it whole.
      authenticate(
        typeof raw === 'function' ? raw() : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength),
        {
          ip: input.ip,
          helo: input.helo,
          ...(input.mailFrom ? { sender: input.mailFrom } : {}),
          mta: input.mta,
          disableBimi: true,
          disableArc: true,
          ...(input.resolver
            ? { resolver: input.resolver as (name: string, rr: string) => Promise<string[]> }
            : {}),
        },
      ),
      timeout,
    ]);
    if (!outcome) return failed('temperror');
    const spf = outcome.spf || null;
    const dmarc = outcome.dmarc || null;
    // An unsigned message yields one placeholder result without a domain: that is "none".
    const dkim = outcome.dkim.results
      .filter((r) => r.signingDomain)
      .map((r) => ({
        result: result(r.status),
        domain: r.signingDomain ?? null,
        aligned: Boolean(r.status.aligned),
      }));
    const dkimResult = dkim.find((d) => d.result === 'pass')?.result ?? dkim[0]?.result ?? 'none';
    const auth = {
      spf: { result: result(spf?.status), domain: spf?.domain ?? null },
      dkim,
      dmarc: {
        result: result(dmarc ? dmarc.status : undefined),
        domain: dmarc ? dmarc.domain : null,
        policy: dmarc ? dmarc.policy || null : null,
      },
    };
    return {
      ...auth,
      summary: `spf=${auth.spf.result} dkim=${dkimResult} dmarc=${auth.dmarc.result}`,
    };
  } catch {
    return failed('temperror');
  } finally {
    clearTimeout(timer);
  }
}
