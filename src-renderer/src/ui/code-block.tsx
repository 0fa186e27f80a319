import { CopyButton } from './copy-button'

/** Preformatted text (a snippet, a command) with a copy button in the corner. */
export function CodeBlock(props: { code: string; label: string; copyLabel?: string }) {
  return (
    <pre className="code-block" aria-label={props.label}>
      <code>{props.code}</code>
      <CopyButton
        className="copy-corner"
        text={props.code}
        label={props.copyLabel ?? 'Copy'}
        aria-label={`Copy ${props.label}`}
      />
    </pre>
  )
}
