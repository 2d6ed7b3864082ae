import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeReturnTarget } from '../web/web-context';
import { isAllowedRedirectUri } from './oidc-clients.service';

describe('redirect URIs of a client (API.md)', () => {
  it('accepts absolute https, and http only on localhost or 127.0.0.1', () => {
    for (const ok of ['https://diary.example.org/cb', 'https://diary.example.org:8443/a/b?x=1', 'http://localhost/cb', 'http://localhost:8080/cb', 'http://127.0.0.1:5999/callback']) assert.equal(isAllowedRedirectUri(ok), true, ok);
  });

  it('refuses relative, fragment, other schemes, http elsewhere, credentials', () => {
    for (const bad of ['/cb', 'cb', '', 'https://a.example.org/cb#frag', 'https://a.example.org/cb#', 'http://a.example.org/cb', 'http://localhost.example.org/cb', 'http://127.0.0.2/cb', 'javascript:alert(1)', 'ftp://localhost/x', 'https://user:pw@a.example.org/cb', 'custom.app:/cb', 42, null]) {
      assert.equal(isAllowedRedirectUri(bad), false, String(bad));
    }
  });
});

describe('the sign-in page return target', () => {
  it('honours a plain path inside the realm only', () => {
    assert.equal(safeReturnTarget('/realms/demo/sso/interaction/abc_DEF-1', 'demo'), '/realms/demo/sso/interaction/abc_DEF-1');
    for (const bad of ['/realms/other/sso/interaction/x', 'https://evil.example/realms/demo/', '//evil.example/realms/demo/x', '/realms/demo//evil', '/realms/demo/../admin', '/realms/demo/x?y=1', '/realms/demo\\\\x', undefined]) {
      assert.equal(safeReturnTarget(bad, 'demo'), undefined, String(bad));
    }
    assert.equal(safeReturnTarget('/realms/demo/x', undefined), undefined);
  });
});
