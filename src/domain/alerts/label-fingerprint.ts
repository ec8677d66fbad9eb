/**
 * Alertmanager's fingerprint of a label set (prometheus/common model.labelSetToFingerprint):
 * FNV-1a 64 over the names in byte order, each name and value followed by the byte 0xff, written
 * as 16 hex digits. Deriving it the same way means an alert sent without one gets the id
 * Alertmanager would have given it.
 */
export function labelFingerprint(labels: Record<string, string>): string {
  const encoder = new TextEncoder();
  const names = Object.keys(labels)
    .map((name) => ({ name, bytes: encoder.encode(name) }))
    .sort((a, b) => compareBytes(a.bytes, b.bytes));
  // 64-bit arithmetic in two 32-bit halves: BigInt would be an order of magnitude slower.
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  const add = (byte: number) => {
    lo = (lo ^ byte) >>> 0;
    // prime64 = 2^40 + 0x1b3: h * prime = h * 0x1b3 + (h << 40)
    const low = lo * 0x1b3;
    const high = hi * 0x1b3 + ((lo << 8) >>> 0) + Math.floor(low / 0x1_0000_0000);
    lo = low % 0x1_0000_0000;
    hi = high % 0x1_0000_0000;
  };
  for (const { name, bytes } of names) {
    for (const part of [bytes, encoder.encode(labels[name])]) {
      for (const byte of part) add(byte);
      add(0xff);
    }
  }
  return hex(hi) + hex(lo);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function hex(word: number): string {
  return (word >>> 0).toString(16).padStart(8, "0");
}
