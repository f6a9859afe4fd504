import type { AfterErrorHook } from 'payload'

/**
 * A save that fails because the database is locked by another process or the disk is full
 * arrives as a driver error, which Payload hides behind "Something went wrong." Editors get
 * instead what happened and that nothing was saved (the previous version is kept), in Chinese
 * first; the full error still goes to the server log.
 */
const storageFailures = [
  {
    status: 503,
    codes: ['SQLITE_BUSY', 'SQLITE_LOCKED'],
    pattern: /database is locked|database table is locked|SQLITE_BUSY/i,
    message:
      '数据库正忙（另一进程正在写入），本次修改没有保存，之前的版本不受影响。请稍后再保存。The database is busy; nothing was saved. Please save again shortly.',
  },
  {
    status: 507,
    codes: ['SQLITE_FULL', 'ENOSPC'],
    pattern: /database or disk is full|no space left on device|SQLITE_FULL/i,
    message:
      '服务器存储空间已满，本次修改没有保存，之前的版本不受影响。请联系系统管理员。The server’s storage is full; nothing was saved. Please contact the administrator.',
  },
]

/** The error and its causes, outermost first (drizzle wraps the driver's error as `cause`). */
type ErrorLike = { code?: unknown; message?: unknown; cause?: unknown }
function* causes(error: unknown): Generator<ErrorLike> {
  for (let e = error as ErrorLike | undefined, depth = 0; e && depth < 8; e = e.cause as ErrorLike | undefined, depth++) yield e
}

export function storageFailure(error: unknown) {
  for (const e of causes(error)) {
    for (const failure of storageFailures) {
      if (failure.codes.includes(String(e.code)) || failure.pattern.test(String(e.message ?? ''))) return failure
    }
  }
  return undefined
}

export const explainStorageErrors: AfterErrorHook = ({ error }) => {
  const failure = storageFailure(error)
  if (!failure) return
  return { status: failure.status, response: { errors: [{ message: failure.message }] } }
}
