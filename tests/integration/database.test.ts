import { spawnSync } from 'node:child_process'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

import { chooseDatabase, databaseAdapter, DatabaseConfigError, defaultSqliteFile, repoRoot } from '../../cms/database'

/** Runs the seed script as a user would, with the given DATABASE_URI. */
function runSeed(databaseUri: string) {
  return spawnSync('npx', ['tsx', 'scripts/seed.ts'], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URI: databaseUri, MONGODB_TIMEOUT_MS: '1500' },
    encoding: 'utf8',
    timeout: 60_000,
  })
}

describe('database switch', () => {
  it('uses the embedded SQLite file data/cms.db when DATABASE_URI is unset', () => {
    const choice = chooseDatabase(undefined)
    expect(choice).toEqual({ kind: 'sqlite', url: `file:${defaultSqliteFile}`, file: defaultSqliteFile })
    expect(defaultSqliteFile).toBe(path.join(repoRoot, 'data', 'cms.db'))
    expect(databaseAdapter(choice).name).toBe('sqlite')
  })

  it('resolves a relative file: URI from the repo root, not the cwd', () => {
    const choice = chooseDatabase('file:./data/other.db')
    expect(choice).toMatchObject({ kind: 'sqlite', file: path.join(repoRoot, 'data', 'other.db') })
  })

  it('selects the mongo adapter for mongodb:// and mongodb+srv:// URIs', () => {
    for (const uri of ['mongodb://127.0.0.1:27017/dangjian', 'mongodb+srv://user:pw@cluster.example/dangjian']) {
      const choice = chooseDatabase(uri)
      expect(choice.kind).toBe('mongodb')
      expect(databaseAdapter(choice).name).toBe('mongoose')
    }
  })

  it('refuses other schemes with an error naming DATABASE_URI and hiding the password', () => {
    expect(() => chooseDatabase('postgres://u:secret@db/x')).toThrow(DatabaseConfigError)
    expect(() => chooseDatabase('postgres://u:secret@db/x')).toThrow(/^DATABASE_URI="postgres:\/\/u:\*\*\*@db\/x" is not supported/)
  })

  it('a bad URI stops a script with one line on stderr', () => {
    const result = runSeed('postgres://u:secret@db/x')
    expect(result.status).toBe(2)
    const lines = result.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('npm warn'))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^Error: DATABASE_URI=.*is not supported/)
    expect(result.stderr).not.toContain('secret')
  })

  it('an unreachable MongoDB fails fast with one line naming DATABASE_URI', () => {
    const result = runSeed('mongodb://127.0.0.1:9/dangjian')
    expect(result.status).toBe(2)
    const lines = result.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('npm warn'))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^Error: DATABASE_URI: cannot reach MongoDB at mongodb:\/\/127\.0\.0\.1:9\/dangjian within 1500 ms/)
  })

  it('an unusable SQLite location fails with one line naming DATABASE_URI', () => {
    const result = runSeed('file:/dev/null/not-a-dir/cms.db')
    expect(result.status).toBe(2)
    const lines = result.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('npm warn'))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^Error: DATABASE_URI: cannot use SQLite file \/dev\/null\/not-a-dir\/cms\.db/)
  })
})
