import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { Button } from './button'
import { MoreIcon } from './icons'

/** One entry of a {@link Menu}: an action, or a link. */
export interface MenuItem {
  label: ReactNode
  icon?: ReactNode
  onSelect?(): void
  href?: string
  danger?: boolean
  disabled?: boolean
}

/**
 * A button that opens a short list of less frequent actions (the ARIA menu button pattern:
 * arrows move, Enter picks, Escape or a click outside closes, focus returns to the button).
 */
export function Menu(props: { label: string; items: MenuItem[]; icon?: ReactNode; text?: ReactNode }) {
  const [open, setOpen] = useState(false)
  const id = useId()
  const button = useRef<HTMLButtonElement>(null)
  const list = useRef<HTMLDivElement>(null)
  const items = props.items.filter(Boolean)

  useEffect(() => {
    if (!open) return
    const first = list.current?.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')
    first?.focus()
    const onDown = (e: MouseEvent) => {
      if (!list.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false)
    }
    document.addEventListener('mousedown', onDown)
    return () => document.removeEventListener('mousedown', onDown)
  }, [open])

  const close = () => {
    setOpen(false)
    button.current?.focus()
  }
  const move = (step: number) => {
    const all = [
      ...(list.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])') ?? [])
    ]
    const index = all.indexOf(document.activeElement as HTMLElement)
    all[(index + step + all.length) % all.length]?.focus()
  }

  return (
    <div className="menu">
      <Button
        ref={button}
        variant="ghost"
        iconOnly={!props.text}
        aria-label={props.label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        icon={props.icon ?? <MoreIcon />}
        onClick={() => setOpen(!open)}
      >
        {props.text}
      </Button>
      {open && (
        <div
          ref={list}
          id={id}
          role="menu"
          aria-label={props.label}
          className="menu-list"
          onKeyDown={(e) => {
            if (e.key === 'Escape') close()
            else if (e.key === 'ArrowDown') move(1)
            else if (e.key === 'ArrowUp') move(-1)
            else if (e.key === 'Tab') setOpen(false)
            else return
            e.preventDefault()
          }}
        >
          {items.map((item, i) => {
            const className = ['menu-item', item.danger && 'menu-item-danger'].filter(Boolean).join(' ')
            if (item.href && !item.disabled) {
              return (
                <a
                  key={i}
                  role="menuitem"
                  tabIndex={-1}
                  className={className}
                  href={item.href}
                  onClick={() => setOpen(false)}
                >
                  {item.icon}
                  {item.label}
                </a>
              )
            }
            return (
              <button
                key={i}
                type="button"
                role="menuitem"
                tabIndex={-1}
                className={className}
                aria-disabled={item.disabled || undefined}
                onClick={() => {
                  if (item.disabled) return
                  setOpen(false)
                  item.onSelect?.()
                }}
              >
                {item.icon}
                {item.label}
              </button>
            )
          })}
        </div>
      )}
    </div>
  )
}
