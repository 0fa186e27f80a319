import { javascript } from '@codemirror/lang-javascript'
import { json } from '@codemirror/lang-json'
import { EditorState } from '@codemirror/state'
import {
  Decoration,
  EditorView,
  MatchDecorator,
  ViewPlugin,
  type DecorationSet,
  type ViewUpdate
} from '@codemirror/view'
import { basicSetup } from 'codemirror'
import { useEffect, useRef } from 'react'

/** JSON tokens coloured with the design tokens (so light and dark both read well). */
const tokenDecorator = new MatchDecorator({
  regexp: /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g,
  decoration: (match) =>
    Decoration.mark({
      class: match[1] ? (match[2] ? 'cm-json-key' : 'cm-json-string') : match[3] ? 'cm-json-number' : 'cm-json-literal'
    })
})

/** JavaScript tokens (per line), coloured the same way: the default highlight colours do not suit the dark theme. */
const jsDecorator = new MatchDecorator({
  regexp:
    /(\/\/.*$)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`)|\b(\d+(?:\.\d+)?)\b|\b(export|default|async|function|return|const|let|var|if|else|for|while|await|new|throw|try|catch|of|in|typeof|null|undefined|true|false|this)\b/g,
  decoration: (match) =>
    Decoration.mark({
      class: match[1] ? 'cm-js-comment' : match[2] ? 'cm-json-string' : match[3] ? 'cm-json-number' : 'cm-json-key'
    })
})

function tokenPlugin(decorator: MatchDecorator) {
  return ViewPlugin.fromClass(
    class {
      decorations: DecorationSet
      constructor(view: EditorView) {
        this.decorations = decorator.createDeco(view)
      }
      update(update: ViewUpdate) {
        this.decorations = decorator.updateDeco(update, this.decorations)
      }
    },
    { decorations: (v) => v.decorations }
  )
}

const jsonTokens = tokenPlugin(tokenDecorator)
const jsTokens = tokenPlugin(jsDecorator)

const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--surface)', color: 'var(--text)', fontSize: '12.5px' },
  '.cm-content': { fontFamily: 'var(--font-mono)', caretColor: 'var(--text)', padding: '8px 0' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '1.6' },
  '.cm-gutters': {
    backgroundColor: 'var(--surface-2)',
    color: 'var(--text-3)',
    border: 'none',
    borderRight: '1px solid var(--border)'
  },
  '.cm-activeLine': { backgroundColor: 'var(--surface-hover)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--surface-3)', color: 'var(--text-2)' },
  '&.cm-focused': { outline: 'none' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
    backgroundColor: 'var(--accent-soft-border) !important'
  },
  '.cm-cursor': { borderLeftColor: 'var(--text)' },
  '.cm-matchingBracket': { backgroundColor: 'var(--accent-soft)', outline: '1px solid var(--accent-soft-border)' },
  // the token colours win over the default highlight colours nested inside them
  '.cm-json-key, .cm-json-key *': { color: 'var(--accent-text) !important' },
  '.cm-json-string, .cm-json-string *': { color: 'var(--success) !important' },
  '.cm-json-number, .cm-json-number *': { color: 'var(--warning) !important' },
  '.cm-json-literal, .cm-json-literal *': { color: 'var(--danger) !important' },
  '.cm-js-comment, .cm-js-comment *': { color: 'var(--text-3) !important', fontStyle: 'italic' },
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
  /** JSON (the default) or JavaScript (code nodes). */
  language?: 'json' | 'javascript'
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
          EditorView.lineWrapping,
          ...(props.language === 'javascript' ? [javascript(), jsTokens] : [json(), jsonTokens]),
          theme,
          EditorView.theme({
            '&': { minHeight: `${props.minHeight ?? 160}px`, maxHeight: `${props.maxHeight ?? 520}px` },
            '.cm-scroller': { overflow: 'auto' }
          }),
          EditorView.contentAttributes.of({
            'aria-label': props.label,
            ...(props.describedBy ? { 'aria-describedby': props.describedBy } : {})
          }),
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
