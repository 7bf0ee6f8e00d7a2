import dns, { type LookupAddress, type LookupOptions } from 'node:dns';

/** The resolver of the configured servers, or null for the system's (`getaddrinfo`). */
let resolver: dns.promises.Resolver | null = null;

/**
 * Points this process's DNS at the given servers: `dns.resolve*` and `dns.promises.resolve*`
 * (which mailauth uses for SPF, DKIM and DMARC), and the host names the SSRF guard resolves
 * before it connects (`lookupAll`). An empty list keeps the system's resolver.
 *
 * @example useDnsServers(['127.0.0.1:5353'])
 */
export function useDnsServers(servers: readonly string[]): void {
  if (servers.length === 0) return;
  dns.setServers([...servers]);
  dns.promises.setServers([...servers]);
  resolver = new dns.promises.Resolver();
  resolver.setServers([...servers]);
}

/** RFC 6761 §6.3: `localhost` and names under it are the loopback addresses, never asked. */
function loopbackName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

async function resolveWith(
  servers: dns.promises.Resolver,
  host: string,
  family: number | undefined,
): Promise<LookupAddress[]> {
  if (loopbackName(host)) {
    const both = [
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 },
    ];
    return both.filter((a) => !family || a.family === family);
  }
  const [v4, v6] = await Promise.allSettled([
    family === 6 ? Promise.resolve([]) : servers.resolve4(host),
    family === 4 ? Promise.resolve([]) : servers.resolve6(host),
  ]);
  const found = [
    ...(v4.status === 'fulfilled' ? v4.value.map((address) => ({ address, family: 4 })) : []),
    ...(v6.status === 'fulfilled' ? v6.value.map((address) => ({ address, family: 6 })) : []),
  ];
  if (found.length > 0) return found;
  const failed = v4.status === 'rejected' ? v4.reason : v6.status === 'rejected' ? v6.reason : null;
  throw failed ?? Object.assign(new Error(`queryA ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
}

/**
 * Every address of `host`, like `dns.lookup(host, { all: true })`: through the configured
 * servers when `useDnsServers` set some, else through the system's `getaddrinfo`.
 */
export function lookupAll(
  host: string,
  options: LookupOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
): void {
  if (!resolver) {
    dns.lookup(host, { ...options, all: true }, callback);
    return;
  }
  const family = options.family === 4 || options.family === 6 ? options.family : undefined;
  resolveWith(resolver, host, family).then(
    (addresses) => callback(null, addresses),
    (error: NodeJS.ErrnoException) => callback(error, []),
  );
}
