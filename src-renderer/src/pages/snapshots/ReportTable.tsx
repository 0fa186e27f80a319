import { useState } from 'react'
import type { ImportReport } from '@contract/snapshots'
import { formatCount } from '../../format/time'
import { Badge, Callout } from '../../ui/card'
import { AlertIcon } from '../../ui/icons'
import { Button } from '../../ui/button'
import { sectionName } from './snapshot-format'
import { countOf } from '../../format/plural'

const REPORT_ACTIONS = ['added', 'changed', 'skipped', 'renamed', 'removed'] as const
const ACTION_TITLES: Record<(typeof REPORT_ACTIONS)[number], string> = {
  added: 'Added',
  changed: 'Changed',
  skipped: 'Skipped',
  renamed: 'Renamed',
  removed: 'Removed'
}

/** What a snapshot import (or a scenario switch) did or would do, per section, with the items on demand. */
export function ReportTable(props: { report: ImportReport }) {
  const sections = Object.entries(props.report.counts)
  // Only the outcomes that happened, so the table fits beside the file's details.
  const columns = REPORT_ACTIONS.filter((k) => k === 'added' || sections.some(([, c]) => c[k] > 0))
  const [showItems, setShowItems] = useState(false)
  return (
    <div className="stack-sm">
      <div className="report-scroll">
        <table className="table table-compact report-table" aria-label="Import report">
          <thead>
            <tr>
              <th>Section</th>
              {columns.map((k) => (
                <th key={k}>{ACTION_TITLES[k]}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sections.map(([key, c]) => (
              <tr key={key}>
                <td className="nowrap">{sectionName(key)}</td>
                {columns.map((k) => (
                  <td key={k} className={`tabular ${c[k] ? `report-${k}` : 'subtle'}`}>
                    {c[k] ? formatCount(c[k]) : '—'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.report.warnings.map((w, i) => (
        <Callout key={i} tone="warning" icon={<AlertIcon />}>
          {w}
        </Callout>
      ))}
      {props.report.items.length > 0 && (
        <>
          <Button size="sm" variant="ghost" onClick={() => setShowItems(!showItems)} aria-expanded={showItems}>
            {showItems ? 'Hide the details' : `Show the ${countOf(props.report.items.length, 'item')}`}
          </Button>
          {showItems && (
            <table className="table table-compact" aria-label="Import items">
              <tbody>
                {props.report.items.map((item, i) => (
                  <tr key={i}>
                    <td>
                      <Badge
                        tone={
                          item.action === 'added'
                            ? 'success'
                            : item.action === 'skipped'
                              ? 'neutral'
                              : item.action === 'removed'
                                ? 'danger'
                                : 'warning'
                        }
                      >
                        {item.action}
                      </Badge>
                    </td>
                    <td className="subtle nowrap">{sectionName(item.section)}</td>
                    <td>{item.label}</td>
                    <td className="subtle">{item.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  )
}
