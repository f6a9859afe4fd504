/**
 * How the CMS server (`next start cms`) is started, by `npm start` and by the benchmark.
 *
 * Keep-alive: Node closes an idle keep-alive connection after 5 s by default, with a timer. While
 * the server's event loop is blocked — a burst of uncached requests does that for seconds, since
 * SQLite answers synchronously — a client may send its next request on that connection before the
 * 5 s are up; when the timer then runs before the request is read, the server closes a socket with
 * unread data and the client gets ECONNRESET (issue 14: `npm run bench` died after the 10-connection
 * run). Clients reuse a connection for the server's announced timeout minus a margin (undici: 2 s),
 * so a timeout far above any stall — 65 s, the usual value behind a 60 s proxy — closes the window.
 */
export const keepAliveTimeoutMs = 65_000

/** Arguments after `next`: the admin in cms/, on `port` (and `host`), with the keep-alive above. */
export function nextStartArgs(port: number, host?: string): string[] {
  return ['start', 'cms', '-p', String(port), ...(host ? ['-H', host] : []), '--keepAliveTimeout', String(keepAliveTimeoutMs)]
}
