/** The UI cookie: derived from the token but not the token, found among others, checked exactly. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cookieOf, setUiCookie, UI_COOKIE, uiCookieChecker, uiCookieValue } from './cookie.js';

describe('UI cookie', () => {
  it('is an HMAC of the token, not the token, and differs per token', () => {
    const v = uiCookieValue('secret-token');
    assert.match(v, /^[0-9a-f]{64}$/);
    assert.ok(!v.includes('secret-token'));
    assert.equal(uiCookieValue('secret-token'), v);
    assert.notEqual(uiCookieValue('other-token'), v);
  });

  it('is set HttpOnly, Secure, SameSite=Strict, for /ui only', () => {
    assert.equal(
      setUiCookie('t'),
      `${UI_COOKIE}=${uiCookieValue('t')}; Path=/ui; HttpOnly; Secure; SameSite=Strict`,
    );
  });

  it('is found among other cookies', () => {
    assert.equal(cookieOf('a=1; sidecarctl_ui=xyz; b=2', UI_COOKIE), 'xyz');
    assert.equal(cookieOf('a=1', UI_COOKIE), undefined);
    assert.equal(cookieOf(undefined, UI_COOKIE), undefined);
  });

  it("opens the UI only with that token's cookie", () => {
    const ok = uiCookieChecker('t');
    assert.equal(ok(`x=1; ${UI_COOKIE}=${uiCookieValue('t')}`), true);
    assert.equal(ok(`${UI_COOKIE}=${uiCookieValue('u')}`), false);
    assert.equal(ok(`${UI_COOKIE}=t`), false);
    assert.equal(ok(`${UI_COOKIE}=`), false);
    assert.equal(ok(undefined), false);
  });
});
