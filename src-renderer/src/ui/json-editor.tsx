import { lazy, Suspense } from 'react'
import type { JsonEditorProps } from './json-editor-impl'

// CodeMirror is most of the console's weight: load it only when a JSON editor is shown.
const Editor = lazy(() => import('./json-editor-impl'))

/** A JSON editor (CodeMirror 6, loaded on first use). */
export function JsonEditor(props: JsonEditorProps) {
  return (
    <Suspense
      fallback={
        <div
          className="cm-host skeleton"
          style={{ height: props.minHeight ?? 160, borderRadius: 'var(--radius)' }}
          aria-label={`${props.label} (loading)`}
        />
      }
    >
      <Editor {...props} />
    </Suspense>
  )
}
