/* The in-process SQLite write queue (installed by cms/database.ts tuneSqliteConnection). */
type Statement = string | { sql: string }
export type SqliteTransaction = {
  execute(statement: Statement): Promise<unknown>
  batch(statements: Statement[]): Promise<unknown>
  executeMultiple(sql: string): Promise<unknown>
  commit(): Promise<void>
  rollback(): Promise<void>
  close(): void
  readonly closed: boolean
}
export type SqliteClient = {
  execute(statement: Statement): Promise<unknown>
  batch?(statements: Statement[], mode?: string): Promise<unknown>
  transaction?(mode?: string): Promise<SqliteTransaction>
}

/** What a save gets when it waited its whole turn: storageErrors.ts answers it with 503 数据库正忙. */
function writeQueueTimeout(busyTimeoutMs: number) {
  return Object.assign(new Error(`database is locked: this process's write queue did not move for ${busyTimeoutMs} ms`), {
    code: 'SQLITE_BUSY',
  })
}

/**
 * One writer at a time in this process. libsql runs SQLite synchronously and gives each
 * transaction a connection of its own (BEGIN IMMEDIATE): a second write from this process while
 * a transaction holds the lock would busy-wait *blocking the event loop*, so the holder could
 * never commit — a deadlock until the busy timeout, then "database is locked". Every write
 * therefore takes its turn here (asynchronously): each transaction, and each write outside one
 * (Payload's job runner updates its jobs that way, login counts failures that way).
 *
 * A transaction takes its turn at its first statement, not when Payload opens it: operations
 * open one first thing, and a request refused before it touches the database (access, a
 * validation error, the sign-in rate limit) must not queue behind saves nor make them wait.
 * Payload's forgot-password also writes *beside* its own transaction (its per-account throttle)
 * before using it; taking the lock at BEGIN made that write wait for its own transaction — every
 * forgot-password request stalled all saves for 20 s, then failed (issue 12, item 4).
 *
 * No turn is waited for longer than the busy timeout: the waiter gets SQLITE_BUSY (503, nothing
 * saved) instead. Spinning on SQLite's lock then would be useless — the holder is in this process
 * and cannot move while the event loop spins — and it would freeze every request. A transaction
 * that already holds the lock is never cut short: Payload's adapter swallows a failed COMMIT, so a
 * save rolled back under it would report success.
 */
export function serializeWrites(client: SqliteClient, busyTimeoutMs: number, beginWrite?: (mode?: string) => Promise<SqliteTransaction>) {
  const beginOnOwnConnection = client.transaction?.bind(client)
  if (!beginOnOwnConnection) return
  // Write transactions take their turn, so one reused connection serves them all (./sqliteWriteConnection.ts).
  const begin = beginWrite ?? beginOnOwnConnection
  const execute = client.execute.bind(client)
  const batch = client.batch?.bind(client)
  let tail: Promise<void> = Promise.resolve()
  const isWrite = (statement: Statement) =>
    !/^\s*(select|pragma|with\s[\s\S]*?\bselect\b)/i.test(typeof statement === 'string' ? statement : statement.sql)

  /** Waits for every earlier writer; resolves with the function that hands the turn on. */
  async function takeTurn(): Promise<() => void> {
    const previous = tail
    let handOn!: () => void
    const done = new Promise<void>((resolve) => (handOn = resolve))
    tail = previous.then(() => done) // a waiter that gives up still lets the next one go only after `previous`
    let timer: ReturnType<typeof setTimeout> | undefined
    const ourTurn = await Promise.race([
      previous.then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(resolve, busyTimeoutMs, false))),
    ])
    clearTimeout(timer)
    if (!ourTurn) {
      handOn()
      throw writeQueueTimeout(busyTimeoutMs)
    }
    return handOn
  }

  client.transaction = async (mode?: string) => {
    if (mode === 'read') return beginOnOwnConnection(mode)
    let started: Promise<SqliteTransaction> | undefined
    let handOn: (() => void) | undefined
    let ended = false
    const start = () => {
      if (ended && !started) return Promise.reject(new Error('the transaction was already ended'))
      return (started ??= (async () => {
        const release = await takeTurn()
        try {
          const transaction = await begin(mode)
          if (!beginWrite) await execute(`PRAGMA busy_timeout = ${busyTimeoutMs}`) // the fresh connection libsql opens next
          handOn = release
          return transaction
        } catch (error) {
          release()
          throw error
        }
      })())
    }
    /** Ends the transaction if it ever began; one that never touched the database has nothing to end. */
    const end = async (finish: (transaction: SqliteTransaction) => unknown) => {
      ended = true
      const transaction = started && (await started.catch(() => undefined))
      if (!transaction) return
      try {
        await finish(transaction)
      } finally {
        handOn?.()
      }
    }
    return {
      execute: async (statement: Statement) => (await start()).execute(statement),
      batch: async (statements: Statement[]) => (await start()).batch(statements),
      executeMultiple: async (sql: string) => (await start()).executeMultiple(sql),
      commit: () => end((transaction) => transaction.commit()),
      rollback: () => end((transaction) => transaction.rollback()),
      close: () => void end((transaction) => transaction.close()),
      get closed() {
        return ended
      },
    }
  }
  client.execute = async (statement: Statement) => {
    if (!isWrite(statement)) return execute(statement)
    const handOn = await takeTurn()
    try {
      return await execute(statement)
    } finally {
      handOn()
    }
  }
  if (batch) {
    client.batch = async (statements: Statement[], mode?: string) => {
      const handOn = await takeTurn()
      try {
        return await batch(statements, mode)
      } finally {
        handOn()
      }
    }
  }
}
