import type { SnapshotProgress } from '../contract/snapshots'

/** Prints snapshot progress on stderr: one updating line on a terminal, a line per phase otherwise. */
export function createProgressPrinter(stream: NodeJS.WriteStream = process.stderr): {
  update(p: SnapshotProgress): void
  done(): void
} {
  let lastPhase = ''
  let lastPaint = 0
  return {
    update(p) {
      if (stream.isTTY) {
        const now = Date.now()
        if (p.phase === lastPhase && now - lastPaint < 100 && p.done !== p.total) return
        lastPaint = now
        const pct = p.total ? Math.floor((p.done / p.total) * 100) : 100
        stream.write(`\r\x1b[2K${p.phase} ${p.total > 1 ? `${p.done}/${p.total} (${pct}%)` : ''}`)
      } else if (p.phase !== lastPhase) {
        stream.write(`${p.phase}${p.total > 1 ? ` (${p.total})` : ''}\n`)
      }
      lastPhase = p.phase
    },
    done() {
      if (stream.isTTY) stream.write('\r\x1b[2K')
    }
  }
}
