/**
 * Debian's Chromium (never a downloaded browser), as the browser tests and the
 * Lighthouse benchmark launch it: headless, with everything that would phone
 * home switched off (this machine's closed network refuses those connections).
 */
export const chromiumPath = '/usr/bin/chromium'

export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
