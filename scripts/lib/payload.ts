import { getPayload, type Payload } from 'payload'

import { checkDatabaseReachable, chooseDatabase, DatabaseConfigError } from '../../cms/database'
import { ConfigError } from '../../cms/env'

/**
 * Opens the Local API for a command-line script. A bad DATABASE_URI or an
 * unreachable database ends the process with one line on stderr, not a stack.
 */
export async function openPayload(): Promise<Payload> {
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
