const HUES = [252, 200, 160, 28, 340, 280, 120, 12, 220, 310]

/** Initials on a colour derived from the name, so a customer is recognisable at a glance. */
export function Avatar(props: { name: string; seed?: string; large?: boolean }) {
  const words = props.name.trim().split(/\s+/).filter(Boolean)
  const initials = (
    (words[0]?.[0] ?? '?') + (words.length > 1 ? words[words.length - 1][0] : (words[0]?.[1] ?? ''))
  ).toUpperCase()
  let hash = 0
  for (const c of props.seed ?? props.name) hash = (hash * 31 + c.charCodeAt(0)) >>> 0
  const hue = HUES[hash % HUES.length]
  return (
    <span
      className={['avatar', props.large && 'avatar-lg'].filter(Boolean).join(' ')}
      style={{ background: `linear-gradient(135deg, hsl(${hue} 62% 58%), hsl(${hue + 18} 58% 46%))` }}
      aria-hidden="true"
    >
      {initials}
    </span>
  )
}
