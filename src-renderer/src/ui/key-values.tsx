import type { ReactNode } from 'react'

/** Label → value rows (settings, claims, details): a definition list, never raw JSON. */
export function KeyValues(props: { rows: { label: ReactNode; value: ReactNode; key?: string }[]; label?: string }) {
  return (
    <dl className="kv" aria-label={props.label}>
      {props.rows.map((row, i) => (
        <KeyValueRow key={row.key ?? i} label={row.label} value={row.value} />
      ))}
    </dl>
  )
}

function KeyValueRow(props: { label: ReactNode; value: ReactNode }) {
  return (
    <>
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
    </>
  )
}
