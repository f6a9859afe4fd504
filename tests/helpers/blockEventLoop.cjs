// Preloaded into a server (NODE_OPTIONS=--require …) by tests/e2e/keep-alive.test.ts: each connection to
// 127.0.0.1:$BLOCK_EVENT_LOOP_PORT blocks the server's event loop for $BLOCK_EVENT_LOOP_MS (default
// 2500) — what a burst of synchronous SQLite work does under load. Does nothing without the port.
const port = Number(process.env.BLOCK_EVENT_LOOP_PORT)
if (port && !globalThis.__blockEventLoopInstalled) {
  globalThis.__blockEventLoopInstalled = true
  const ms = Number(process.env.BLOCK_EVENT_LOOP_MS || 2500)
  require('node:net')
    .createServer((socket) => {
      socket.end()
      const until = Date.now() + ms
      while (Date.now() < until) {
        // busy: nothing else in this process runs meanwhile
      }
    })
    .on('error', () => {})
    .listen(port, '127.0.0.1')
    .unref()
}
