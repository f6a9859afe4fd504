/**
 * The types shared by the rebuild queue (./rebuildQueue.ts), its builders (./buildProcess.ts,
 * ./buildWorkers.ts) and its recorder (./buildRecorder.ts).
 */
import type { Payload } from 'payload'

import type { SiteBuildStatus } from '../collections/SiteBuilds'
import { envNumber } from '../../shared/env'

export type { SiteBuildStatus }

export type BuildResult = {
  ok: boolean
  output: string
  pages?: number
  /** The build process died or hung (not the build itself failing): the queue builds the district again. */
  workerLost?: boolean
}

export type Builder = ((districtSlug: string) => Promise<BuildResult>) & {
  /** Lets the builder's processes go once nothing is building. */
  close?: () => void
  /** Kills every build process now (shutdown): builds in progress are abandoned to their staging folders. */
  kill?: () => Promise<void>
}

/** One build as the queue sees it; passed (as a snapshot) to the recorder at every state change. */
export interface SiteBuildState {
  /** Queue-local sequence number, unique per queue. */
  seq: number
  district: string
  status: SiteBuildStatus
  /** Human-readable summary of `triggers`. */
  trigger: string
  triggers: string[]
  queuedAt: Date
  startedAt?: Date
  finishedAt?: Date
  durationMs?: number
  pages?: number
  logTail?: string
  /** A short error message when the build failed. */
  error?: string
  /** 0 for a build asked for by a change; 1 for its rebuild after the build process was lost. */
  attempt?: number
}

export type BuildRecorder = (build: Readonly<SiteBuildState>) => void | Promise<void>

export type RebuildLogger = {
  info: (message: string) => void
  error: (message: string) => void
}

export type PayloadRef = Payload | (() => Payload | undefined)

export const resolvePayload = (ref: PayloadRef | undefined): Payload | undefined => (typeof ref === 'function' ? ref() : ref)

/** How long one build may take: SITE_REBUILD_TIMEOUT_MS, default 15 min. */
export const buildTimeoutMs = () => envNumber('SITE_REBUILD_TIMEOUT_MS', 15 * 60_000)
