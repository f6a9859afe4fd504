'use client'
/**
 * English in Payload's schedule dialog that no translation key reaches: the locale
 * choice's "All" (hard-coded in @payloadcms/ui ScheduleDrawer's defaultLocaleOption), the time
 * list's caption "Time" and the month arrows' "Next/Previous Month" (react-datepicker defaults that
 * Payload does not pass). Rewritten
 * in place inside the dialog only, whenever it renders them. Also asks before Esc discards a
 * chosen time (./scheduleDrawerEsc.ts).
 */
import React, { useEffect } from 'react'

import { useAskBeforeEscDiscardsSchedule } from './scheduleDrawerEsc'

const wording: Record<string, string> = { All: '全部语言', Time: '时间', 'Next Month': '下个月', 'Previous Month': '上个月' }

function rewrite(root: ParentNode) {
  for (const drawer of root.querySelectorAll('.schedule-publish')) {
    const walker = document.createTreeWalker(drawer, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.nodeValue?.trim()
      if (text && wording[text]) node.nodeValue = wording[text]
    }
    // The calendar's arrows are named for screen readers too.
    for (const el of drawer.querySelectorAll('[aria-label="Next Month"], [aria-label="Previous Month"]')) {
      el.setAttribute('aria-label', wording[el.getAttribute('aria-label')!])
    }
  }
}

export function ScheduleDrawerWording({ children }: { children?: React.ReactNode }) {
  useAskBeforeEscDiscardsSchedule()
  useEffect(() => {
    const observer = new MutationObserver(() => rewrite(document))
    observer.observe(document.body, { childList: true, subtree: true, characterData: true })
    return () => observer.disconnect()
  }, [])
  return <>{children}</>
}
