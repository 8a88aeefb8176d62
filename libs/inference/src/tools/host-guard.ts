import dns from 'node:dns';
import net, { type LookupFunction } from 'node:net';

/** A tool call that may not go where it points; the model gets the reason as the tool's result. */
export class ToolHostRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolHostRefusedError';
  }
}

/** Loopback, private, link-local, CGNAT, documentation, multicast and reserved ranges (SSRF targets). */
const PRIVATE_RANGES = new net.BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE_RANGES.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE_RANGES.addSubnet(network, prefix, 'ipv6');
}

/** True for addresses a tool must not reach unless the operator allows private hosts (IPv4-mapped IPv6 included). */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return true;
  return PRIVATE_RANGES.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** `api.example.com` matches itself only; `*.example.com` matches its subdomains (not the bare domain). */
export function hostAllowed(hostname: string, allowHosts: readonly string[]): boolean {
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  return allowHosts.some((entry) => {
    const pattern = entry
      .trim()
      .toLowerCase()
      .replace(/^\[|\]$/g, '')
      .replace(/\.$/, '');
    if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
    return host === pattern;
  });
}

async function resolveAll(hostname: string): Promise<string[]> {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) return [host];
  const addresses = await dns.promises.lookup(host, { all: true, verbatim: true });
  return addresses.map((entry) => entry.address);
}

/** Checks the allow-list and, unless private hosts are allowed, every address the host resolves to. */
export async function checkToolUrl(
  url: URL,
  allowHosts: readonly string[],
  allowPrivate: boolean,
): Promise<void> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ToolHostRefusedError(`scheme ${url.protocol} is not allowed (http and https only)`);
  }
  if (!hostAllowed(url.hostname, allowHosts)) {
    throw new ToolHostRefusedError(`host ${url.hostname} is not in the tool's allow-list`);
  }
  if (allowPrivate) return;
  let addresses: string[];
  try {
    addresses = await resolveAll(url.hostname);
  } catch (error) {
    throw new ToolHostRefusedError(
      `host ${url.hostname} does not resolve (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  const blocked = addresses.find(isPrivateAddress);
  if (blocked)
    throw new ToolHostRefusedError(`host ${url.hostname} resolves to a private address (${blocked})`);
}

/**
 * A DNS lookup for the HTTP client that refuses private addresses at connection time too, so a host that
 * re-resolves to an internal address after the check (DNS rebinding) is still refused.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      const blocked = allowPrivate ? undefined : addresses.find((entry) => isPrivateAddress(entry.address));
      if (blocked) {
        callback(
          new ToolHostRefusedError(`host ${hostname} resolves to a private address (${blocked.address})`),
          '',
          0,
        );
        return;
      }
      if (options.all) {
        (callback as unknown as (err: null, all: dns.LookupAddress[]) => void)(null, addresses);
        return;
      }
      const first = addresses[0];
      if (!first) {
        callback(new ToolHostRefusedError(`host ${hostname} has no address`), '', 0);
        return;
      }
      callback(null, first.address, first.family);
    });
  };
}
