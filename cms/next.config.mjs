import { withPayload } from '@payloadcms/next/withPayload'

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The admin is the only Next app; the public sites are static Astro builds.
  poweredByHeader: false,
  images: { unoptimized: true },
  outputFileTracingRoot: new URL('..', import.meta.url).pathname,
  // Browsers keep to the declared type of every admin page, API answer and file (an upload is never run as HTML).
  async headers() {
    return [{ source: '/:path*', headers: [{ key: 'X-Content-Type-Options', value: 'nosniff' }] }]
  },
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
