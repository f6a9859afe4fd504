import { getPayload, type Payload } from 'payload'

import { checkDatabaseReachable, chooseDatabase, DatabaseConfigError } from '../../cms/database'
import { ConfigError } from '../../cms/env'

/**
 * Opens the Local API for a command-line script. A bad DATABASE_URI or an
 * unreachable database ends the process with one line on stderr, not a stack.
 *
 * Outside production, getPayload also connects a WebSocket to the Next dev server's hot-reload
 * endpoint (ws://localhost:$PORT/_next/hmr) and never closes it, not even in destroy(): with the CMS
 * running on PORT, `npm run backup`/`restore`/`seed` printed their summaries and never exited.
 * A script is not a dev server, so it never opens that socket.
 */
export async function openPayload(): Promise<Payload> {
  process.env.DISABLE_PAYLOAD_HMR = 'true'
  try {
    const choice = chooseDatabase()
    await checkDatabaseReachable(choice)
    const { default: config } = await import('../../cms/payload.config')
    return await getPayload({ config })
  } catch (error) {
    if (error instanceof DatabaseConfigError || error instanceof ConfigError) {
      console.error(`Error: ${error.message}`)
      process.exit(2)
    }
    throw error
  }
}
