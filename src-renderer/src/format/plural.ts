import { formatCount } from './time'

/** "1 customer", "2 customers", "1,204 customers": the count and the noun that agrees with it. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : plural}`
}
