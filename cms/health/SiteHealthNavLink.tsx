/** The 站点健康 entry in the admin's navigation, below the collections. */
import type { ServerProps } from 'payload'

import React from 'react'

import { isStaff } from '../access/roles'

export function SiteHealthNavLink({ payload, user }: ServerProps) {
  if (!isStaff(user)) return null
  return (
    <a className="nav__link" href={`${payload.config.routes.admin}/site-health`} style={{ display: 'block', padding: '0.5rem 0' }}>
      <span className="nav__link-label">站点健康</span>
    </a>
  )
}
