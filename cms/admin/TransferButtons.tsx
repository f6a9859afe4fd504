/**
 * 导出 CSV / 导出 JSON / 导入 JSON above the lists of content collections (cms/transfer/endpoints.ts
 * does the work with the user's access: exports hold the user's districts only, imports are all or
 * nothing and land as drafts). Shown to editorial staff; other accounts see nothing.
 */
import type { ServerProps } from 'payload'

import React from 'react'

import { isStaff } from '../access/roles'
import { TransferControls } from './TransferControls'

export function TransferButtons({ user, payload, collectionConfig }: ServerProps & { collectionConfig?: { slug: string } }) {
  if (!isStaff(user) || !collectionConfig) return null
  return <TransferControls collection={collectionConfig.slug} api={`${payload.config.serverURL ?? ''}${payload.config.routes.api}`} />
}
