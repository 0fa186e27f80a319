import { json } from '@codemirror/lang-json'
import { EditorState } from '@codemirror/state'
import { Decoration, EditorView, MatchDecorator, ViewPlugin, type DecorationSet, type ViewUpdate } from '@codemirror/view'
import { basicSetup } from 'codemirror'
import { useEffect, useRef } from 'react'

/** JSON tokens coloured with the design tokens (so light and dark both read well). */
const tokenDecorator = new MatchDecorator({
  regexp: /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g,
  decoration: (match) => Decoration.mark({ class: match[1] ? (match[2] ? 'cm-json-key' : 'cm-json-string') : match[3] ? 'cm-json-number' : 'cm-json-literal' })
})

const jsonTokens = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet
    constructor(view: EditorView) {
      this.decorations = tokenDecorator.createDeco(view)
    }
    update(update: ViewUpdate) {
      this.decorations = tokenDecorator.updateDeco(update, this.decorations)
    }
  },
  { decorations: (v) => v.decorations }
)

const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--surface)', color: 'var(--text)', fontSize: '12.5px' },
  '.cm-content': { fontFamily: 'var(--font-mono)', caretColor: 'var(--text)', padding: '8px 0' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '1.6' },
  '.cm-gutters': { backgroundColor: 'var(--surface-2)', color: 'var(--text-3)', border: 'none', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'var(--surface-hover)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--surface-3)', color: 'var(--text-2)' },
  '&.cm-focused': { outline: 'none' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--accent-soft-border) !important' },
  '.cm-cursor': { borderLeftColor: 'var(--text)' },
  '.cm-matchingBracket': { backgroundColor: 'var(--accent-soft)', outline: '1px solid var(--accent-soft-border)' },
  '.cm-json-key': { color: 'var(--accent-text)' },
  '.cm-json-string': { color: 'var(--success)' },
  '.cm-json-number': { color: 'var(--warning)' },
  '.cm-json-literal': { color: 'var(--danger)' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', border: '1px solid var(--border-strong)', color: 'var(--text)' },
  '.cm-panels': { backgroundColor: 'var(--surface-2)', color: 'var(--text)' }
})

/** Props of the JSON editor. */
export interface JsonEditorProps {
  value: string
  onChange(text: string): void
  label: string
  invalid?: boolean
  minHeight?: number
  maxHeight?: number
  id?: string
  describedBy?: string
}

/**
 * A JSON editor (CodeMirror 6). `value` from outside replaces the text when it differs from what
 * the person typed last, so a table and this view can edit the same thing.
 */
export default function JsonEditorImpl(props: JsonEditorProps) {
  const host = useRef<HTMLDivElement>(null)
  const view = useRef<EditorView | null>(null)
  const onChange = useRef(props.onChange)
  onChange.current = props.onChange

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: props.value,
        extensions: [
          basicSetup,
          json(),
          jsonTokens,
          theme,
          EditorView.theme({ '&': { minHeight: `${props.minHeight ?? 160}px`, maxHeight: `${props.maxHeight ?? 520}px` }, '.cm-scroller': { overflow: 'auto' } }),
          EditorView.contentAttributes.of({ 'aria-label': props.label, ...(props.describedBy ? { 'aria-describedby': props.describedBy } : {}) }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChange.current(update.state.doc.toString())
          })
        ]
      })
    })
    view.current = editor
    return () => editor.destroy()
    // the editor is created once; later values arrive through the effect below
  }, [])

  useEffect(() => {
    const editor = view.current
    if (!editor) return
    const current = editor.state.doc.toString()
    if (current !== props.value) editor.dispatch({ changes: { from: 0, to: current.length, insert: props.value } })
  }, [props.value])

  return <div ref={host} id={props.id} className="cm-host" aria-invalid={props.invalid || undefined} />
}
