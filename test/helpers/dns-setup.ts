/**
 * Runs in every test worker before its tests: the worker's own DNS questions (dns.resolve*,
 * which mailauth uses) go to the loopback resolver the global setup started.
 */
import { useDnsServers } from '../../src/lib/net/dns-servers.ts';

const servers = process.env.CHECKPOINT_DNS_SERVERS;
if (!servers) throw new Error('test setup: CHECKPOINT_DNS_SERVERS is not set by the global setup');
useDnsServers(servers.split(','));
