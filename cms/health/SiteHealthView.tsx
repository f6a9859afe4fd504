/**
 * Admin view 站点健康 at /admin/site-health (registered in cms/payload.config.ts): the health of
 * every district site, from cms/health/dashboard.ts, inside the admin's own layout and navigation.
 */
import type { AdminViewServerProps } from 'payload'

import { DefaultTemplate } from '@payloadcms/next/templates'
import { Gutter } from '@payloadcms/ui'
import { redirect } from 'next/navigation'
import React from 'react'

import { isStaff } from '../access/roles'
import { loadSiteHealthDashboard } from './dashboard'
import { SiteHealthDashboard } from './SiteHealthDashboard'

export async function SiteHealthView({ initPageResult, params, searchParams }: AdminViewServerProps) {
  const { req, permissions, locale, visibleEntities } = initPageResult
  const adminRoute = req.payload.config.routes.admin
  // Custom views are not behind the admin's login by themselves.
  if (!req.user) redirect(`${adminRoute}/login?redirect=${encodeURIComponent(`${adminRoute}/site-health`)}`)
  const data = isStaff(req.user) ? await loadSiteHealthDashboard(req.payload, { user: req.user }) : undefined
  return (
    <DefaultTemplate
      i18n={req.i18n}
      locale={locale}
      params={params}
      payload={req.payload}
      permissions={permissions}
      req={req}
      searchParams={searchParams}
      user={req.user}
      visibleEntities={visibleEntities}
    >
      <Gutter>{data ? <SiteHealthDashboard data={data} /> : <p>只有工作人员可以查看站点健康。</p>}</Gutter>
    </DefaultTemplate>
  )
}
