/**
 * i18next for the notebook runtime: the `runtime` namespace (UI, errors) and the `figures`
 * namespace (text inside figures), both languages bundled (a few KB) so the worker and the
 * headless runner need no fetch. A missing key throws instead of showing the key itself.
 */
import i18next from 'i18next';
import runtimeEn from '../../i18n/runtime/en.json' with { type: 'json' };
import runtimeHu from '../../i18n/runtime/hu.json' with { type: 'json' };
import figuresEn from '../../i18n/figures/en.json' with { type: 'json' };
import figuresHu from '../../i18n/figures/hu.json' with { type: 'json' };
import type { Lang } from './outputs.ts';

const RESOURCES: Record<Lang, Record<string, string>> = {
  en: { ...runtimeEn, ...figuresEn },
  hu: { ...runtimeHu, ...figuresHu },
};

export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** A translator bound to one language; throws on a key missing from that language's resources. */
export function createTranslator(lang: Lang): Translate {
  const instance = i18next.createInstance();
  instance.init({
    lng: lang,
    resources: { [lang]: { translation: RESOURCES[lang] } },
    keySeparator: false,
    nsSeparator: false,
    interpolation: { escapeValue: false }, // output is inserted as text or sanitised; escaping here would double it
    initAsync: false,
  });
  return (key, options) => {
    if (!instance.exists(key)) throw new Error(`missing translation key "${key}" for language "${lang}" (src/i18n/*/${lang}.json)`);
    return (instance.t as (key: string, options?: object) => string)(key, options);
  };
}
