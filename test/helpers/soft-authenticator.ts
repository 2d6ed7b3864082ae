import { createHash, generateKeyPairSync, KeyObject, randomBytes, sign } from 'node:crypto';

/**
 * A software WebAuthn authenticator for HTTP tests: ES256 keys from node:crypto, attestation
 * `none`, discoverable credentials, a sign counter. It answers the options the server gives with
 * the JSON browsers' `PublicKeyCredential.toJSON()` produces.
 */
export class SoftAuthenticator {
  private readonly credentials = new Map<string, { privateKey: KeyObject; publicKey: KeyObject; rpId: string; userHandle: string; counter: number }>();

  constructor(
    readonly origin: string,
    /** Whether the authenticator reports user verification (UV flag). */
    public userVerification = true,
  ) {}

  /** Answers `navigator.credentials.create()` for creation options. */
  create(options: { challenge: string; rp: { id?: string }; user: { id: string } }, overrides: { origin?: string; challenge?: string; rpId?: string } = {}): Record<string, unknown> {
    const rpId = options.rp.id ?? new URL(this.origin).hostname;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const credentialId = randomBytes(16);
    const id = credentialId.toString('base64url');
    this.credentials.set(id, { privateKey, publicKey, rpId, userHandle: options.user.id, counter: 0 });
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = cbor(
      new Map<number, unknown>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
    const length = Buffer.alloc(2);
    length.writeUInt16BE(credentialId.length);
    const authData = Buffer.concat([rpIdHash(overrides.rpId ?? rpId), Buffer.from([0x01 | (this.userVerification ? 0x04 : 0) | 0x40]), counter(0), Buffer.alloc(16), length, credentialId, cose]);
    const attestationObject = cbor(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]));
    const clientDataJSON = clientData('webauthn.create', overrides.challenge ?? options.challenge, overrides.origin ?? this.origin);
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: { clientDataJSON, attestationObject: attestationObject.toString('base64url'), transports: ['internal'] },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** Answers `navigator.credentials.get()`; with no allowCredentials, the first credential for the rpId (discoverable). */
  get(
    options: { challenge: string; rpId?: string; allowCredentials?: Array<{ id: string }> },
    overrides: { origin?: string; challenge?: string; credentialId?: string; counter?: number; tamper?: boolean } = {},
  ): Record<string, unknown> {
    const rpId = options.rpId ?? new URL(this.origin).hostname;
    const allowed = options.allowCredentials?.map((c) => c.id);
    const id = overrides.credentialId ?? [...this.credentials.keys()].find((k) => this.credentials.get(k)!.rpId === rpId && (!allowed?.length || allowed.includes(k)));
    if (!id) throw new Error('no credential for these options');
    const credential = this.credentials.get(id)!;
    credential.counter = overrides.counter ?? credential.counter + 1;
    const authData = Buffer.concat([rpIdHash(rpId), Buffer.from([0x01 | (this.userVerification ? 0x04 : 0)]), counter(credential.counter)]);
    const clientDataJSON = clientData('webauthn.get', overrides.challenge ?? options.challenge, overrides.origin ?? this.origin);
    const signed = Buffer.concat([authData, createHash('sha256').update(Buffer.from(clientDataJSON, 'base64url')).digest()]);
    let signature = sign('sha256', signed, credential.privateKey);
    if (overrides.tamper) signature = sign('sha256', Buffer.from('something else'), credential.privateKey);
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: { clientDataJSON, authenticatorData: authData.toString('base64url'), signature: signature.toString('base64url'), userHandle: credential.userHandle },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  get credentialIds(): string[] {
    return [...this.credentials.keys()];
  }
}

function clientData(type: string, challenge: string, origin: string): string {
  return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }), 'utf8').toString('base64url');
}

function rpIdHash(rpId: string): Buffer {
  return createHash('sha256').update(rpId).digest();
}

function counter(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** The little CBOR WebAuthn needs: unsigned and negative integers, byte and text strings, maps. */
function cbor(value: unknown): Buffer {
  const head = (major: number, n: number): Buffer => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 256) return Buffer.from([(major << 5) | 24, n]);
    if (n < 65536) return Buffer.from([(major << 5) | 25, n >> 8, n & 255]);
    const b = Buffer.alloc(5);
    b[0] = (major << 5) | 26;
    b.writeUInt32BE(n, 1);
    return b;
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Map) {
    const parts: Buffer[] = [head(5, value.size)];
    for (const [k, v] of value) parts.push(cbor(k), cbor(v));
    return Buffer.concat(parts);
  }
  throw new Error(`cbor: unsupported ${typeof value}`);
}
