'use client'
import { useEffect } from 'react'

/**
 * Esc in Payload's schedule dialog used to throw away a time already chosen: @faceless-ui/modal
 * closes the newest drawer on any Esc keydown on `document`
 * (node_modules/@faceless-ui/modal/dist/ModalProvider/index.js, `bindEsc`), and PublishButton
 * mounts the dialog only while it is open (node_modules/@payloadcms/ui/dist/elements/PublishButton/index.js
 * line 236, `isModalOpen(drawerSlug) && <ScheduleDrawer>`), so its `date` state goes with it.
 * Once a time is chosen, Esc now asks first; without one it closes as before. Registered by a
 * provider below faceless's ModalProvider, so this listener runs before faceless's (child effects
 * first) and after React's own (hydrateRoot listened first): the date picker still closes its
 * calendar on Esc.
 */
export const discardScheduleQuestion = '已选择的预约时间尚未保存，关闭将放弃这个时间。确定关闭吗？'

export function useAskBeforeEscDiscardsSchedule() {
  useEffect(() => {
    let calendarWasOpen = false
    // Before anything handles the key: was the calendar open (then Esc only closes the calendar)?
    const before = (event: KeyboardEvent) => {
      if (event.key === 'Escape')
        calendarWasOpen = Boolean(document.querySelector('.schedule-publish .react-datepicker-popper, .react-datepicker-popper'))
    }
    const onEsc = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return
      const dialog = document.querySelector('.schedule-publish')
      const chosen = dialog?.querySelector<HTMLInputElement>('.date-time-picker input')?.value
      if (!dialog || !chosen) return
      event.stopImmediatePropagation()
      if (calendarWasOpen) return
      if (window.confirm(discardScheduleQuestion)) {
        dialog.closest('.drawer')?.querySelector<HTMLButtonElement>('button[id^="close-drawer__"]')?.click()
      }
    }
    window.addEventListener('keydown', before, true)
    document.addEventListener('keydown', onEsc)
    return () => {
      window.removeEventListener('keydown', before, true)
      document.removeEventListener('keydown', onEsc)
    }
  }, [])
}
