/**
 * French first, English second. Translations are JSON files, one per screen area and language:
 * `src/locales/<fr|en>/<namespace>.json`. An area adds its own file (its namespace is the file
 * name) and reads it with `useTranslation('<namespace>')`: no shared file to collide on.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'comptoir.language';

type Resources = Record<string, Record<string, Record<string, unknown>>>;

function loadResources(): Resources {
  const files = import.meta.glob<Record<string, unknown>>('./locales/*/*.json', {
    eager: true,
    import: 'default',
  });
  const resources: Resources = {};
  for (const [path, messages] of Object.entries(files)) {
    const [, language, namespace] = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path) ?? [];
    if (!language || !namespace) continue;
    resources[language] ??= {};
    resources[language][namespace] = messages;
  }
  return resources;
}

function savedLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return (LANGUAGES as readonly string[]).includes(saved ?? '') ? (saved as Language) : 'fr';
  } catch {
    return 'fr';
  }
}

export async function setupI18n(): Promise<void> {
  const language = savedLanguage();
  document.documentElement.lang = language;
  await i18next.use(initReactI18next).init({
    resources: loadResources(),
    lng: language,
    fallbackLng: 'fr',
    defaultNS: 'common',
    ns: ['common'],
    interpolation: { escapeValue: false },
    returnNull: false,
  });
}

export async function changeLanguage(language: Language): Promise<void> {
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered across visits; still switched for this one.
  }
}
