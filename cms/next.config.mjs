import { withPayload } from '@payloadcms/next/withPayload'

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The admin is the only Next app; the public sites are static Astro builds.
  poweredByHeader: false,
  images: { unoptimized: true },
  outputFileTracingRoot: new URL('..', import.meta.url).pathname,
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
