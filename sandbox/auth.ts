import { generateKeyPairSync, verify, type KeyObject } from "node:crypto";
import type { Actor } from "./router.js";
import type { Store } from "./store.js";

/** A fresh RSA key for the app, made at start: no key is ever stored in the repository. */
export function generateAppKey(): { privateKey: string; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { privateKey: privateKey.export({ type: "pkcs1", format: "pem" }).toString(), publicKey };
}

/** Checks an app JWT as GitHub does: RS256, signed with the app's key, issued for this app, not expired. */
function verifyAppJwt(token: string, publicKey: KeyObject, appId: number, now: number): boolean {
  const parts = token.split(".");
  if (parts.length !== 3) return false;
  const [header, payload, signature] = parts as [string, string, string];
  try {
    const head = JSON.parse(Buffer.from(header, "base64url").toString()) as { alg?: string };
    if (head.alg !== "RS256") return false;
    const ok = verify(
      "RSA-SHA256",
      Buffer.from(`${header}.${payload}`),
      publicKey,
      Buffer.from(signature, "base64url"),
    );
    if (!ok) return false;
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as {
      iss?: string | number;
      exp?: number;
      iat?: number;
    };
    const seconds = Math.floor(now / 1000);
    return (
      String(claims.iss) === String(appId) &&
      (claims.exp ?? 0) > seconds - 60 &&
      (claims.iat ?? 0) <= seconds + 60
    );
  } catch {
    return false;
  }
}

/**
 * Who is calling: the app (JWT), an installation (a token the stand-in issued), or a person. People
 * use the token `user:<login>`; the stand-in is a local tool, so that is all they need.
 */
export function authenticate(header: string | undefined, store: Store, publicKey: KeyObject): Actor | null {
  if (!header) return { kind: "anonymous" };
  const match = /^(?:token|bearer)\s+(.+)$/i.exec(header.trim());
  if (!match) return null;
  const token = match[1]!;
  if (token.startsWith("user:")) return { kind: "user", user: store.user(token.slice(5)) };
  for (const installation of store.installations.values()) {
    if (installation.tokens.has(token)) return { kind: "installation", installation, user: store.app.bot };
  }
  if (token.split(".").length === 3 && verifyAppJwt(token, publicKey, store.app.id, Date.now()))
    return { kind: "app" };
  return null;
}
