/**
 * Scanning the admin's visible text for English (tests/e2e/admin-language.test.ts): the Latin words
 * allowed on screen, each with why, and what a user sees on a page.
 */
import type { Page } from 'playwright-core'

/**
 * Latin words allowed on screen, each with why. Anything else of 3+ letters fails the test.
 */
const allowedWords = new Map<string, string>([
  ['payload', 'the CMS product name (Payload 的 logo / 页脚)'],
  ['api', 'technical term staff know as API'],
  ['asia', 'the IANA zone name in the time-zone label 北京时间（Asia/Shanghai）'],
  ['shanghai', 'the IANA zone name in the time-zone label 北京时间（Asia/Shanghai）'],
  ['astro', 'name of the site generator, in the build log description'],
  ['english', "the content locale's own name in the language switcher (中文 / English), as languages name themselves"],
  ['alt', "the image attribute's name beside 替代文本 (站点健康's missing-alt finding; editors meet it when describing pictures)"],
  ['pdf', 'file format name in 附件（PDF） and 文件（PDF）'],
  ['csv', 'file format name on the lists’ 导出 CSV / 导入 JSON/CSV buttons'],
  ['json', 'file format name on the lists’ 导出 JSON / 导入 JSON/CSV buttons'],
  ['slug', 'the web term beside its Chinese name in 网址别名（slug）'],
  // The pinyin example in the slug's description (如 xin-hong-jie-dao).
  ['xin', 'pinyin example'],
  ['hong', 'pinyin example'],
  ['jie', 'pinyin example'],
  ['dao', 'pinyin example'],
  ['minhang', 'a district slug (data, not UI)'],
  ['xinhong', 'a district slug (data, not UI)'],
])

/** Latin words of 3+ letters in a text that are not on the allow-list (URLs, paths and e-mail addresses — data — left out). */
export function englishWords(text: string): string[] {
  const withoutUrls = text
    .replace(/\b(?:https?:\/\/|www\.)\S+/g, ' ')
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, ' ')
    .replace(/(?:^|\s)\/[\w\-/.?=&%]+/g, ' ')
  const words = withoutUrls.match(/[A-Za-z]{3,}/g) ?? []
  return [...new Set(words.filter((w) => !allowedWords.has(w.toLowerCase())))]
}

/** What a user sees: the rendered text and the placeholders of visible inputs. */
export async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const placeholders = [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input[placeholder], textarea[placeholder]')]
      .filter((el) => el.offsetParent !== null)
      .map((el) => el.placeholder)
    return [document.body.innerText, ...placeholders].join('\n')
  })
}
