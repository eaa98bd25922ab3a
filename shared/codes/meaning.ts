// Data-free on purpose: views that get entries over the api import this without the tables.

/** A dictionary entry's meaning in `lang`: English, or Chinese (ours where the seed printed English). */
export function codeMeaning(e: { meaning: string; meaningEn?: string | undefined; meaningZh?: string | undefined }, lang: 'zh-CN' | 'en-US'): string {
  return lang === 'en-US' ? (e.meaningEn ?? e.meaning) : (e.meaningZh ?? e.meaning);
}
