import { useState } from 'react'
import { Input } from '../../ui/controls'
import { SearchIcon } from '../../ui/icons'
import { NODE_TYPE_DRAG } from './FlowCanvas'
import { iconOf } from './node-icons'
import { groupOf, paletteGroups } from './node-types'

/**
 * Every trigger and node type the engine runs, grouped and searchable: click one to add it
 * (linked after the selected node), or drag it onto the canvas.
 */
export function Palette(props: { onAdd(type: string): void; hasTrigger: boolean; disabled?: boolean }) {
  const [search, setSearch] = useState('')
  const groups = paletteGroups(search)
  return (
    <aside className="palette" aria-label="Node types">
      <div className="palette-search input-group">
        <SearchIcon />
        <Input
          small
          type="search"
          placeholder="Find a node type…"
          aria-label="Find a node type"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      <div className="palette-groups">
        {groups.map((g) => (
          <section key={g.group} className="palette-group" aria-label={g.title}>
            <h3>{g.title}</h3>
            {g.types.map((t) => {
              const Icon = iconOf(t.type)
              return (
                <button
                  key={t.type}
                  type="button"
                  className={`palette-item flow-node-${groupOf(t)}`}
                  draggable={!props.disabled}
                  disabled={props.disabled}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(NODE_TYPE_DRAG, t.type)
                    e.dataTransfer.effectAllowed = 'copy'
                  }}
                  onClick={() => props.onAdd(t.type)}
                  title={t.description}
                  aria-describedby={`palette-desc-${t.type}`}
                >
                  <span className="flow-node-icon" aria-hidden="true">
                    <Icon size={14} />
                  </span>
                  <span className="palette-item-text">
                    <span className="palette-item-name">
                      <span className="visually-hidden">Add </span>
                      {t.name}
                    </span>
                    {/* read as the button's description, not as part of its name */}
                    <span className="palette-item-desc" id={`palette-desc-${t.type}`} aria-hidden="true">
                      {t.description}
                    </span>
                  </span>
                </button>
              )
            })}
          </section>
        ))}
        {!groups.length && <p className="subtle palette-empty">No node type matches “{search}”.</p>}
      </div>
    </aside>
  )
}
