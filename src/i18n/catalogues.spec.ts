import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { en } from './en';
import { t } from './i18n';
import { ru } from './ru';

type Catalogue = Record<string, Record<string, string>>;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n catalogues', () => {
  // A key missing from ru falls back to en, so a Russian page would show English.
  it('ru and en have the same namespaces and keys', () => {
    const [a, b] = [ru as unknown as Catalogue, en as unknown as Catalogue];
    assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort());
    for (const ns of Object.keys(a)) assert.deepEqual(Object.keys(a[ns]).sort(), Object.keys(b[ns]).sort(), ns);
  });

  it('a text has the same placeholders in both languages', () => {
    const [a, b] = [ru as unknown as Catalogue, en as unknown as Catalogue];
    for (const ns of Object.keys(a)) {
      for (const key of Object.keys(a[ns])) assert.deepEqual(placeholders(a[ns][key]), placeholders(b[ns][key] ?? ''), `${ns}.${key}`);
    }
  });

  it('fills placeholders in the chosen language', () => {
    assert.equal(t('ru', 'settings.locales_hint', { supported: 'ru, en' }), 'Поддерживаются: ru, en');
    assert.equal(t('en', 'settings.locales_hint', { supported: 'ru, en' }), 'Supported: ru, en');
  });
});
