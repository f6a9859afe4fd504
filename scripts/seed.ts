import { openPayload } from './lib/payload'
import { seed } from '../cms/seed'

const payload = await openPayload()
try {
  await seed(payload, { images: !process.argv.includes('--no-images') })
} finally {
  await payload.destroy()
}
