import { useEffect, useId, useState } from 'react'
import type { CustomerDto } from '@contract/customers'
import { useApi } from '../../store/store'
import { Avatar } from '../../ui/avatar'
import { Button } from '../../ui/button'
import { Input } from '../../ui/controls'
import { SearchIcon } from '../../ui/icons'

/** Picks one customer by searching names and ids (a combobox: arrows move, Enter picks, Escape closes). */
export function CustomerPicker(props: {
  value: CustomerDto | null
  onChange(customer: CustomerDto | null): void
  id?: string
  describedBy?: string
  invalid?: boolean
  /** Accessible name when no field label names the box (filters). */
  ariaLabel?: string
  placeholder?: string
}) {
  const api = useApi()
  const listId = useId()
  const [text, setText] = useState('')
  const [open, setOpen] = useState(false)
  const [items, setItems] = useState<CustomerDto[]>([])
  const [active, setActive] = useState(0)
  const [loading, setLoading] = useState(false)

  useEffect(() => {
    if (!open) return
    let live = true
    setLoading(true)
    const t = setTimeout(() => {
      api.call('customers.list', { search: text.trim() || undefined, limit: 8 }).then(
        (page) => {
          if (!live) return
          setItems(page.items)
          setActive(0)
          setLoading(false)
        },
        () => live && setLoading(false)
      )
    }, 150)
    return () => {
      live = false
      clearTimeout(t)
    }
  }, [api, text, open])

  if (props.value) {
    const c = props.value
    return (
      <div
        className="row"
        style={{
          padding: '4px 4px 4px 8px',
          border: '1px solid var(--border-strong)',
          borderRadius: 'var(--radius)',
          background: 'var(--surface)'
        }}
      >
        <Avatar name={c.name} seed={c.id} />
        <div className="cell-stack" style={{ flex: 1 }}>
          <span className="cell-title truncate">{c.name}</span>
          <span className="subtle mono truncate" style={{ fontSize: 'var(--text-xs)' }}>
            {c.internalId}
          </span>
        </div>
        <Button size="sm" variant="ghost" onClick={() => props.onChange(null)}>
          Change
        </Button>
      </div>
    )
  }

  const pick = (c: CustomerDto) => {
    props.onChange(c)
    setOpen(false)
    setText('')
  }
  return (
    <div className="combobox">
      <div className="input-group">
        <SearchIcon />
        <Input
          id={props.id}
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-describedby={props.describedBy}
          aria-invalid={props.invalid || undefined}
          aria-activedescendant={open && items[active] ? `${listId}-${items[active].id}` : undefined}
          aria-label={props.ariaLabel}
          placeholder={props.placeholder ?? 'Search customers by name or id…'}
          value={text}
          autoComplete="off"
          spellCheck={false}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 120)}
          onChange={(e) => {
            setText(e.target.value)
            setOpen(true)
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') setActive((a) => Math.min(items.length - 1, a + 1))
            else if (e.key === 'ArrowUp') setActive((a) => Math.max(0, a - 1))
            else if (e.key === 'Enter' && open && items[active]) pick(items[active])
            else if (e.key === 'Escape') setOpen(false)
            else return
            e.preventDefault()
          }}
        />
      </div>
      {open && (
        <ul className="combobox-list" id={listId} role="listbox" aria-label="Matching customers">
          {items.map((c, i) => (
            <li
              key={c.id}
              id={`${listId}-${c.id}`}
              role="option"
              aria-selected={i === active}
              className="combobox-option"
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => pick(c)}
            >
              <Avatar name={c.name} seed={c.id} />
              <div className="cell-stack">
                <span className="cell-title truncate">{c.name}</span>
                <span className="subtle mono truncate" style={{ fontSize: 'var(--text-xs)' }}>
                  {c.internalId}
                </span>
              </div>
            </li>
          ))}
          {!items.length && (
            <li className="combobox-option subtle">{loading ? 'Searching…' : 'No customer matches.'}</li>
          )}
        </ul>
      )}
    </div>
  )
}
