import path from 'node:path'
import { defineConfig, mergeConfig } from 'vitest/config'
import base from '../../../vitest.config'
export default mergeConfig(base, defineConfig({
  root: path.resolve(import.meta.dirname, '../../..'),
  resolve: { alias: [{ find: /^.*\/cms\/payload\.config(\.ts)?$/, replacement: path.resolve(import.meta.dirname, 'payload.config.ts') }] },
}))
