import { afterEach, describe, expect, it } from 'vitest'

import { envNumber, envPositive } from '../../shared/env'

const name = 'DANGJIAN_TEST_ENV_NUMBER'

afterEach(() => {
  delete process.env[name]
})

describe('envNumber / envPositive: one rule for numbers from the environment', () => {
  it('unset, empty or not a number gives the fallback', () => {
    for (const value of [undefined, '', 'abc', 'NaN', 'Infinity']) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
      expect(envNumber(name, 7)).toBe(7)
      expect(envPositive(name, 7)).toBe(7)
    }
  })

  it('0 turns a duration off (envNumber) but is no limit (envPositive); negatives are refused by both', () => {
    process.env[name] = '0'
    expect(envNumber(name, 500)).toBe(0)
    expect(envPositive(name, 40)).toBe(40)
    process.env[name] = '-3'
    expect(envNumber(name, 500)).toBe(500)
    expect(envPositive(name, 40)).toBe(40)
  })

  it('a number is taken as it is', () => {
    process.env[name] = '2.5'
    expect(envNumber(name, 1)).toBe(2.5)
    expect(envPositive(name, 1)).toBe(2.5)
  })
})
