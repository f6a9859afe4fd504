/**
 * How the preview renderer hands a page its data: the dataset is put under this process-wide key
 * while one page renders, and site/lib/content.ts (the one place pages get data from) reads it
 * instead of Astro's content store. Not set in a build.
 */
export const previewDatasetKey = Symbol.for('dangjian.preview.dataset')

export type PreviewEntry = { id: string; data: unknown; digest?: string }
export type PreviewDataset = { district: string; mediaBase?: string; entries: Record<string, PreviewEntry[]> }

export const currentPreviewDataset = () => (globalThis as Record<symbol, PreviewDataset | undefined>)[previewDatasetKey]
