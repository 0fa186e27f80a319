import { useEffect, useState } from 'react'
import { Button, type ButtonProps } from './button'
import { CheckIcon, CopyIcon } from './icons'

/** Copies text to the clipboard, falling back to a hidden textarea where the Clipboard API is refused. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text)
    return
  } catch {
    const area = document.createElement('textarea')
    area.value = text
    area.setAttribute('readonly', '')
    area.style.position = 'fixed'
    area.style.opacity = '0'
    document.body.appendChild(area)
    area.select()
    const ok = document.execCommand('copy')
    area.remove()
    if (!ok) throw new Error('The clipboard is not available here; select the text and copy it by hand.')
  }
}

/** A button that copies `text` and says so for a moment. */
export function CopyButton(
  props: { text: string | (() => string | Promise<string>); label?: string; copiedLabel?: string } & Omit<
    ButtonProps,
    'onClick'
  >
) {
  const { text, label = 'Copy', copiedLabel = 'Copied', ...rest } = props
  const [copied, setCopied] = useState(false)
  const [failed, setFailed] = useState<string | null>(null)
  useEffect(() => {
    if (!copied) return
    const t = setTimeout(() => setCopied(false), 1600)
    return () => clearTimeout(t)
  }, [copied])
  return (
    <Button
      size="sm"
      icon={copied ? <CheckIcon /> : <CopyIcon />}
      title={failed ?? undefined}
      aria-live="polite"
      {...rest}
      onClick={async () => {
        try {
          await copyText(typeof text === 'function' ? await text() : text)
          setFailed(null)
          setCopied(true)
        } catch (error) {
          setFailed((error as Error).message)
        }
      }}
    >
      {rest.iconOnly ? null : copied ? copiedLabel : label}
    </Button>
  )
}

/** A value in mono with a button that copies it (ids, URLs and paths in key–value lists). */
export function CopyableText(props: { text: string; copyLabel: string; title?: string }) {
  return (
    <>
      <span className="mono truncate" style={{ fontSize: 'var(--text-sm)' }} title={props.title}>
        {props.text}
      </span>
      <CopyButton text={props.text} iconOnly variant="ghost" aria-label={props.copyLabel} />
    </>
  )
}
