import dns from 'node:dns';

/**
 * Points this process's DNS resolution (`dns.resolve*` and `dns.promises.resolve*`, which
 * mailauth uses for SPF, DKIM and DMARC) at the given servers; an empty list keeps the
 * system's. Host names of outbound connections still go through `getaddrinfo` and the SSRF
 * guard, which this does not change.
 *
 * @example useDnsServers(['127.0.0.1:5353'])
 */
export function useDnsServers(servers: readonly string[]): void {
  if (servers.length === 0) return;
  dns.setServers([...servers]);
  dns.promises.setServers([...servers]);
}
