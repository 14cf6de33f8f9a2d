/**
 * The site's languages. Adding one: add it here, add `content/<code>/` with every page,
 * and `src/i18n/<namespace>/<code>.json` for every namespace (the build refuses gaps).
 */
export interface SiteLanguage {
  /** Route prefix, content folder name and BCP-47 tag. */
  code: string;
  /** Name of the language in itself, shown in the language switcher. */
  label: string;
}

export const LANGUAGES: readonly SiteLanguage[] = [
  { code: 'en', label: 'English' },
  { code: 'hu', label: 'Magyar' },
];

/** Language of Starlight's 404 page and of the root page's fallback link order. */
export const DEFAULT_LANGUAGE = 'en';

export const LANGUAGE_CODES: readonly string[] = LANGUAGES.map((language) => language.code);
