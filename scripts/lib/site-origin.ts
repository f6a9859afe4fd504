/**
 * The origin the sites are served from (canonical URLs, sitemaps, feeds, QR codes). On a laptop it
 * defaults to the local static server; a deployment build (APP_ENV=production) with a missing or
 * local SITE_ORIGIN would print QR codes and canonicals pointing at localhost, so it refuses to build.
 */
import { ConfigError } from '../../cms/env'
import { isHttpUrl } from '../../shared/safeText'

const localHosts = /^(localhost|127(\.\d{1,3}){3}|0\.0\.0\.0|\[::1?\]|.*\.localhost)$/i

/** True for origins only this machine can open (localhost, 127.x, ::1, 0.0.0.0, *.localhost). */
export function isLocalOrigin(origin: string): boolean {
  try {
    return localHosts.test(new URL(origin).hostname)
  } catch {
    return false
  }
}

/** Throws a ConfigError (one Chinese line, English after " / ") when a deployment build has no public SITE_ORIGIN. */
export function assertDeploymentOrigin(env: Record<string, string | undefined> = process.env): void {
  if (env.APP_ENV !== 'production') return
  const origin = env.SITE_ORIGIN?.trim()
  const example = '（例如 https://dangjian.example.gov.cn）'
  if (!origin)
    throw new ConfigError(
      `部署构建（APP_ENV=production）缺少 SITE_ORIGIN：请设为网站的公开地址${example} / APP_ENV=production needs SITE_ORIGIN, the sites' public origin`,
    )
  if (!isHttpUrl(origin))
    throw new ConfigError(`部署构建的 SITE_ORIGIN「${origin}」不是 http(s) 网址${example} / SITE_ORIGIN must be an http(s) URL`)
  if (isLocalOrigin(origin))
    throw new ConfigError(
      `部署构建的 SITE_ORIGIN 不能是本机地址「${origin}」：二维码和规范链接会指向访客自己的电脑${example} / SITE_ORIGIN must not be localhost in a deployment`,
    )
}
