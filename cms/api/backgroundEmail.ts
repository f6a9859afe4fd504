import type { Payload } from 'payload'

type Mailer = Pick<Payload, 'email' | 'logger'>

/**
 * Payload's forgot-password sends its mail *inside* the operation's database transaction, which
 * holds SQLite's write lock: a slow or unreachable mail server would hold every save with it.
 * Mail is therefore handed off and sent in the background; a failure is logged, never returned
 * (forgot-password answers the same whether an account exists or not, so nothing is lost).
 * No mail transport is configured today (Payload logs the message instead); this keeps any added later
 * from holding the database.
 */
const inBackground = new WeakSet<object>()

export function sendEmailInBackground(payload: Mailer): void {
  const email = payload.email as { sendEmail: (message: unknown) => Promise<unknown> } | undefined
  if (!email?.sendEmail || inBackground.has(email)) return
  const send = email.sendEmail.bind(email)
  payload.email = Object.assign(Object.create(email), {
    sendEmail: (message: unknown) => {
      void Promise.resolve()
        .then(() => send(message))
        .catch((error: unknown) => payload.logger.error({ err: error, msg: '邮件发送失败 / sending an email failed' }))
      return Promise.resolve()
    },
  })
  inBackground.add(payload.email)
}
