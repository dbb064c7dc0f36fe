/**
 * IPv4 and IPv6 addresses and CIDR blocks for the `cidr` operator (docs/eventbridge-patterns.md#cidr).
 * Hand-written because ipaddr.js, the helper the issue allows, is not installed in this project, and the operator
 * needs only address parsing and a prefix compare.
 */

interface CidrBlock {
  readonly bits: 32 | 128;
  readonly network: bigint;
  readonly maskBits: number;
}

/** The block a CIDR operand names, or why AWS refuses it (in AWS's words). */
export function parseCidr(text: string): CidrBlock | string {
  const parts = text.split('/');
  if (parts.length !== 2) return "Malformed CIDR, one '/' required";
  const [addressText, maskText] = parts as [string, string];
  if (!/^\d+$/.test(maskText)) return 'Malformed CIDR, mask bits must be an integer';
  const address = parseIpAddress(addressText);
  if (!address) return `Nonstandard IP address: ${addressText}`;
  const maskBits = Number(maskText);
  if (maskBits >= address.bits) return `${address.bits === 32 ? 'IPv4' : 'IPv6'} mask bits must be < ${address.bits}`;
  return { bits: address.bits, network: address.value >> BigInt(address.bits - maskBits), maskBits };
}

export function cidrContains(block: CidrBlock, text: string): boolean {
  const address = parseIpAddress(text);
  return address !== undefined && address.bits === block.bits && address.value >> BigInt(block.bits - block.maskBits) === block.network;
}

interface IpAddress {
  readonly bits: 32 | 128;
  readonly value: bigint;
}

function parseIpAddress(text: string): IpAddress | undefined {
  if (text.includes(':')) {
    const value = parseIpv6(text);
    return value === undefined ? undefined : { bits: 128, value };
  }
  const value = parseIpv4(text);
  return value === undefined ? undefined : { bits: 32, value };
}

/** Dotted quad; each part 0-255, leading zeros allowed (AWS matches "10.0.0.01" in 10.0.0.0/24). */
function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return undefined;
  return parts.reduce((value, part) => (value << 8n) | BigInt(part), 0n);
}

/** RFC 4291 text forms: eight hex groups, one `::` for a run of zero groups, an optional dotted-quad tail. */
function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string | undefined): bigint[] | undefined => {
    if (!half) return [];
    const result: bigint[] = [];
    const parts = half.split(':');
    for (const [index, part] of parts.entries()) {
      if (index === parts.length - 1 && part.includes('.')) {
        const ipv4 = parseIpv4(part);
        if (ipv4 === undefined) return undefined;
        result.push(ipv4 >> 16n, ipv4 & 0xffffn);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) {
        result.push(BigInt(`0x${part}`));
      } else {
        return undefined;
      }
    }
    return result;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  return [...head, ...Array<bigint>(missing).fill(0n), ...tail].reduce((value, group) => (value << 16n) | group, 0n);
}
