/** Token lifetimes offered in pickers (the engine also takes any `90s`, `15m`, `2h`, `7d`). */
export const LIFETIMES: { value: string; label: string }[] = [
  { value: '5m', label: '5 minutes' },
  { value: '15m', label: '15 minutes' },
  { value: '1h', label: '1 hour' },
  { value: '2h', label: '2 hours' },
  { value: '12h', label: '12 hours' },
  { value: '1d', label: '1 day' },
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' }
]
