import { describe, expect, it } from 'vitest'
import { scheduleTriggerNode } from '../../src-main/engine/flow-engine/flow-nodes/trigger-nodes'

const after = Date.parse('2026-06-01T12:00:00.000Z')
const nextOf = (config: Record<string, unknown>) =>
  new Date(scheduleTriggerNode.prepare(config, 'nodes.trigger.config').next(after)!).toISOString()

describe('schedule trigger', () => {
  it('answers per pattern and time zone when many schedules share them', () => {
    expect(nextOf({ cron: '0 3 * * *' })).toBe('2026-06-02T03:00:00.000Z')
    expect(nextOf({ cron: '0 3 * * *', timezone: 'America/New_York' })).toBe('2026-06-02T07:00:00.000Z')
    expect(nextOf({ cron: '0 3 * * *', timezone: 'Asia/Tokyo' })).toBe('2026-06-01T18:00:00.000Z')
    // the same pair again, after the others: still its own answer
    expect(nextOf({ cron: '0 3 * * *' })).toBe('2026-06-02T03:00:00.000Z')
    const many = Array.from({ length: 50 }, () =>
      scheduleTriggerNode.prepare({ cron: '*/15 * * * *' }, 'nodes.trigger.config')
    )
    expect(new Set(many.map((s) => s.next(after))).size).toBe(1)
    expect(new Date(many[0].next(after)!).toISOString()).toBe('2026-06-01T12:15:00.000Z')
  })

  it('refuses a bad pattern or time zone every time, naming the field', () => {
    for (let i = 0; i < 2; i++) {
      expect(() => nextOf({ cron: 'not a cron' })).toThrow(/nodes\.trigger\.config\.cron is not valid/)
      expect(() => nextOf({ cron: '0 3 * * *', timezone: 'Mars/Olympus' })).toThrow(
        /nodes\.trigger\.config\.timezone is not valid/
      )
    }
  })
})
