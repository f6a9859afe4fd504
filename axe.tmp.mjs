import { chromium } from 'playwright-core'
import { AxeBuilder } from '@axe-core/playwright'
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] })
const paths = ['/xinhong/','/xinhong/stations/','/xinhong/stations/xinhong-space/','/xinhong/brands/','/xinhong/brands/xiao-hong-mao/','/xinhong/news/','/xinhong/news/xinhong-space-opens-2018/','/xinhong/activities/','/xinhong/campaigns/','/xinhong/timeline/','/xinhong/about/','/xinhong/search/','/xinhong/404.html','/minhang/']
for (const p of paths) {
  const ctx = await browser.newContext(); const page = await ctx.newPage()
  await page.goto('http://127.0.0.1:4321' + p)
  const r = await new AxeBuilder({ page }).withTags(['wcag2a','wcag2aa','wcag21a','wcag21aa']).analyze()
  console.log(p, r.violations.length, r.violations.map(v => `${v.id}(${v.nodes.length}): ${v.nodes[0].target} ${v.nodes[0].failureSummary?.slice(0,150)}`).join(' | '))
  await ctx.close()
}
await browser.close()
