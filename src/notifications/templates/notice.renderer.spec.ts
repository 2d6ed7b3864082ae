import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../config/load-config';
import { NOTICE_NAMES, NoticeName } from '../notifications.port';
import { formatDuration } from './format-duration';
import { NoticeRenderer, RenderInput, TemplateError } from './notice.renderer';

const renderer = new NoticeRenderer(loadConfig({ PUBLIC_URL: 'https://id.example.org' }));
const LINK = 'https://id.example.org/realms/demo/reset-password?token=abc_DEF-123&x=1';

/** What each notice carries, as the port documents it. */
const SAMPLES: Record<NoticeName, Pick<RenderInput, 'params' | 'secrets'>> = {
  'reset-link': { params: { ttlSeconds: 3600 }, secrets: { link: LINK } },
  'login-reminder': { params: {}, secrets: { login: 'ann.smith' } },
  'login-and-reset-link': { params: { ttlSeconds: 3600 }, secrets: { login: 'ann.smith', link: LINK } },
  'confirmation-code': { params: { ttlSeconds: 300 }, secrets: { code: '482913' } },
  'password-changed': { params: {}, secrets: {} },
  'temporary-password': { params: { ttlSeconds: 72 * 3600 }, secrets: {} },
  'access-request': { params: { login: 'ann.smith', reason: 'no_confirmed_contact' }, secrets: {} },
  'contact-changed': { params: { contact: 'email' }, secrets: {} },
  'setup-link': { params: { ttlSeconds: 12 * 3600 }, secrets: { link: LINK } },
  'new-sign-in': { params: { time: '3 December 2026, 12:40 UTC', device: 'Chrome on Windows', ip: '203.0.113.7', accountUrl: 'https://id.example.org/realms/demo/account' }, secrets: {} },
  'mfa-factor-added': { params: { factor: 'TOTP' }, secrets: {} },
  'mfa-factor-removed': { params: { factor: 'TOTP' }, secrets: {} },
  'mfa-recovery-code-used': { params: { left: 7 }, secrets: {} },
  'mfa-reset': { params: {}, secrets: {} },
};

function render(notice: NoticeName, channel: string, locale: string, over: Partial<RenderInput> = {}) {
  return renderer.render({
    id: 'm1',
    notice,
    channel,
    to: channel === 'email' ? 'ann@example.org' : '+79533541234',
    locale,
    ...SAMPLES[notice],
    realm: { name: 'Школа №5', slug: 'demo', defaultLocale: 'ru' },
    ...over,
  });
}

/** The secret or fact each notice exists to convey, by locale. */
const ESSENCE: Record<NoticeName, { ru: RegExp; en: RegExp }> = {
  'reset-link': { ru: /действительна в течение 1 часа/, en: /valid for 1 hour/ },
  'login-reminder': { ru: /логин.*ann\.smith/, en: /login.*ann\.smith/ },
  'login-and-reset-link': { ru: /ann\.smith[\s\S]*действительна в течение 1 часа/, en: /ann\.smith[\s\S]*valid for 1 hour/ },
  'confirmation-code': { ru: /код подтверждения:? 482913[\s\S]*Срок действия — 5 минут/i, en: /confirmation code:? 482913[\s\S]*valid for 5 minutes/i },
  'password-changed': { ru: /пароль.*изменён/i, en: /password of your .* was just changed/i },
  'temporary-password': { ru: /временный пароль[\s\S]*72 часа/i, en: /temporary password[\s\S]*72 hours/i },
  'access-request': { ru: /ann\.smith[\s\S]*no_confirmed_contact/, en: /ann\.smith[\s\S]*no_confirmed_contact/ },
  'contact-changed': { ru: /адрес электронной почты/, en: /e-mail address/ },
  'setup-link': { ru: /действительна в течение 12 часов/, en: /valid for 12 hours/ },
  'new-sign-in': { ru: /Chrome on Windows[\s\S]*203\.0\.113\.7[\s\S]*realms\/demo\/account/, en: /Chrome on Windows[\s\S]*203\.0\.113\.7[\s\S]*realms\/demo\/account/ },
  'mfa-factor-added': { ru: /подключён второй фактор: TOTP/, en: /second factor \(TOTP\) was just added/ },
  'mfa-factor-removed': { ru: /отключён второй фактор: TOTP/, en: /second factor \(TOTP\) was just removed/ },
  'mfa-recovery-code-used': { ru: /резервный код[\s\S]*Осталось кодов: 7/, en: /recovery code was just used[\s\S]*left: 7/ },
  'mfa-reset': { ru: /удалил все вторые факторы/, en: /removed every second factor/ },
};

describe('notice templates', () => {
  for (const notice of NOTICE_NAMES) {
    for (const locale of ['ru', 'en'] as const) {
      it(`render ${notice} in ${locale} for e-mail (subject, text, HTML) and SMS`, () => {
        const email = render(notice, 'email', locale);
        assert.equal(email.locale, locale);
        assert.ok(email.subject && email.subject.length > 5 && !/[\r\n]/.test(email.subject));
        assert.match(email.text, ESSENCE[notice][locale]);
        assert.match(email.text, /Школа №5/, 'names the service');
        assert.match(email.html!, new RegExp(`<html lang="${locale}">`));
        assert.doesNotMatch(email.text + email.html + email.subject, /\{\w+\}/, 'no placeholder left');
        // The language really is the recipient's: Cyrillic in ru, none in en apart from the realm's name.
        const withoutName = (email.text + email.subject).replaceAll('Школа', '');
        assert.equal(/[а-яё]/i.test(withoutName), locale === 'ru');

        const sms = render(notice, 'sms', locale);
        assert.equal(sms.subject, undefined);
        assert.equal(sms.html, undefined);
        assert.match(sms.text, /^Школа №5: /, 'an SMS starts with the service name');
        assert.doesNotMatch(sms.text, /\{\w+\}|\n/);
        assert.ok(sms.text.length <= 200, `SMS too long (${sms.text.length}): ${sms.text}`);
        for (const secret of Object.values(SAMPLES[notice].secrets)) {
          assert.ok(email.text.includes(secret) && sms.text.includes(secret), `${secret} in text and SMS`);
          assert.ok(email.html!.includes(secret.replaceAll('&', '&amp;')), `${secret} escaped in HTML`);
        }
      });
    }
  }

  it('put the reset link in a button and in the text, and say how long it lives', () => {
    const ru = render('reset-link', 'email', 'ru');
    assert.match(ru.text, /Ссылка действительна в течение 1 часа/);
    assert.ok(ru.text.includes(LINK));
    assert.ok(ru.html!.includes(`<a href="${LINK.replaceAll('&', '&amp;')}"`));
    const en = render('reset-link', 'email', 'en', { params: { ttlSeconds: 7200 } });
    assert.match(en.text, /valid for 2 hours/);
    assert.match(render('reset-link', 'email', 'ru', { params: { ttlSeconds: 5 * 3600 } }).text, /в течение 5 часов/);
    assert.match(render('reset-link', 'email', 'ru', { params: { ttlSeconds: 1800 } }).text, /в течение 30 минут/);
  });

  it('HTML-escape every value in the HTML part and leave the text part plain', () => {
    const evil = '<script>alert("x")</script>&';
    const m = render('access-request', 'email', 'en', { params: { login: evil, reason: `"><img src=x onerror=1>` }, realm: { name: '<b>Acme</b>', slug: 'demo' } });
    assert.ok(!m.html!.includes('<script>') && !m.html!.includes('<img') && !m.html!.includes('<b>Acme'));
    assert.ok(m.html!.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;'));
    assert.ok(m.html!.includes('&lt;b&gt;Acme&lt;/b&gt;'));
    assert.ok(m.text.includes(evil), 'the text part is plain text');
    const link = render('reset-link', 'email', 'en', { secrets: { link: 'javascript:alert(1)' } });
    assert.ok(!link.html!.includes('href="javascript:'), 'only http(s) links become buttons');
  });

  it('keep the subject on one line whatever a value holds', () => {
    const m = render('access-request', 'email', 'en', { params: { login: 'x\r\nBcc: victim@example.org', reason: 'r' } });
    assert.doesNotMatch(m.subject!, /[\r\n]/);
  });

  it("use the recipient's locale, else the realm default, else English", () => {
    assert.equal(render('password-changed', 'email', 'de').locale, 'ru');
    assert.equal(render('password-changed', 'email', 'de', { realm: { name: 'X', slug: 'x', defaultLocale: 'fr' } }).locale, 'en');
  });

  it('link the admin console from an access request, built from PUBLIC_URL', () => {
    assert.ok(render('access-request', 'email', 'en').text.includes('https://id.example.org/realms/demo/admin'));
  });

  it('refuse a notice that lacks a value its template needs', () => {
    assert.throws(() => render('reset-link', 'email', 'en', { secrets: {} }), TemplateError);
  });
});

describe('durations in words', () => {
  it('use Russian plural forms: nominative («срок действия — 2 часа»)', () => {
    const nom = (s: number) => formatDuration(s, 'ru', 'nominative');
    assert.equal(nom(3600), '1 час');
    assert.equal(nom(2 * 3600), '2 часа');
    assert.equal(nom(5 * 3600), '5 часов');
    assert.equal(nom(12 * 3600), '12 часов');
    assert.equal(nom(21 * 3600), '21 час');
    assert.equal(nom(72 * 3600), '72 часа');
    assert.equal(nom(60), '1 минута');
    assert.equal(nom(3 * 60), '3 минуты');
    assert.equal(nom(5 * 60), '5 минут');
    assert.equal(nom(11 * 60), '11 минут');
    assert.equal(nom(22 * 60), '22 минуты');
    assert.equal(nom(5400), '1 час 30 минут');
    assert.equal(nom(45), '45 секунд');
  });

  it('and genitive after «в течение» («в течение 1 часа», «в течение 2 часов»)', () => {
    const gen = (s: number) => formatDuration(s, 'ru', 'genitive');
    assert.equal(gen(3600), '1 часа');
    assert.equal(gen(2 * 3600), '2 часов');
    assert.equal(gen(12 * 3600), '12 часов');
    assert.equal(gen(21 * 3600), '21 часа');
    assert.equal(gen(60), '1 минуты');
    assert.equal(gen(5 * 60), '5 минут');
  });

  it('in English', () => {
    assert.equal(formatDuration(3600, 'en'), '1 hour');
    assert.equal(formatDuration(12 * 3600, 'en'), '12 hours');
    assert.equal(formatDuration(60, 'en'), '1 minute');
    assert.equal(formatDuration(300, 'en'), '5 minutes');
    assert.equal(formatDuration(3660, 'en'), '1 hour 1 minute');
  });
});
