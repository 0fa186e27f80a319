import { describe, expect, it } from 'vitest'
import type { FlowNodes } from '../../src-main/contract/flows'
import {
  builderReducer,
  historyOf,
  initialBuilderState,
  isDirty,
  RAN_WITH,
  type BuilderAction,
  type BuilderState
} from '../../src-renderer/src/features/builder/builder-state'
import { distinctName } from '../../src-renderer/src/features/builder/flow-names'
import { addNode, removeNodes } from '../../src-renderer/src/features/builder/graph-model'
import { exampleInput, INPUT_RANK, recordTriggerOf } from '../../src-renderer/src/features/builder/trigger-input'

// Issue 15, defect 4: the builder's state lives in one reducer with undo and redo.

const TWO: FlowNodes = {
  trigger: { type: 'api-trigger', links: [{ key: 'shape' }] },
  shape: { type: 'transform-data', config: { output: { a: 1 } } }
}

function start(isNew = false, nodes: FlowNodes = TWO): BuilderState {
  return initialBuilderState({ name: 'Flow', nodes, isNew, runInput: '{}', showRun: false })
}

function apply(state: BuilderState, ...actions: BuilderAction[]): BuilderState {
  return actions.reduce(builderReducer, state)
}

describe('builder state', () => {
  it('a new flow is unsaved once it has a node, and saved after the first save', () => {
    const fresh = start(true, {})
    expect(fresh.saved).toBeNull()
    expect(isDirty(fresh)).toBe(false)
    const withTrigger = apply(fresh, { type: 'edit', nodes: addNode({}, 'api-trigger').nodes })
    expect(isDirty(withTrigger)).toBe(true)
    const saved = apply(withTrigger, { type: 'saving' }, { type: 'saved', name: 'Flow', nodes: withTrigger.nodes })
    expect(saved.saved).not.toBeNull()
    expect(isDirty(saved)).toBe(false)
    expect(saved.saving).toBe(false)
  })

  it('undoes and redoes edits, deletion included, and restores which node was open', () => {
    let s = apply(start(), { type: 'select', key: 'shape' })
    s = apply(s, { type: 'edit', nodes: removeNodes(s.nodes, ['shape']), select: null, notice: 'Deleted node “shape”' })
    expect(Object.keys(s.nodes)).toEqual(['trigger'])
    expect(s.selected).toBeNull()
    expect(s.notice?.text).toBe('Deleted node “shape”')
    expect(isDirty(s)).toBe(true)

    s = apply(s, { type: 'undo' })
    expect(s.nodes).toBe(TWO)
    expect(s.selected).toBe('shape')
    expect(s.notice).toBeUndefined()
    expect(isDirty(s)).toBe(false)
    expect(historyOf(s)).toEqual({ canUndo: false, canRedo: true })

    s = apply(s, { type: 'redo' })
    expect(Object.keys(s.nodes)).toEqual(['trigger'])
    expect(historyOf(s)).toEqual({ canUndo: true, canRedo: false })
    // undo with nothing left does nothing
    expect(apply(start(), { type: 'undo' })).toEqual(start())
  })

  it('keeps typing in one field as one undo step, and a new edit clears redo', () => {
    const edit = (s: BuilderState, a: number, group?: string): BuilderState =>
      apply(s, {
        type: 'edit',
        nodes: { ...s.nodes, shape: { ...s.nodes.shape, config: { output: { a } } } },
        group
      })
    let s = edit(edit(edit(start(), 2, 'node:shape'), 3, 'node:shape'), 4, 'node:shape')
    expect(s.past).toHaveLength(1)
    s = apply(s, { type: 'undo' })
    expect(s.nodes.shape.config).toEqual({ output: { a: 1 } })
    s = edit(s, 9)
    expect(historyOf(s).canRedo).toBe(false)
    // renaming the flow is undoable too
    s = apply(s, { type: 'rename', name: 'Other' }, { type: 'undo' })
    expect(s.name).toBe('Flow')
  })

  it('closes the panel, and drops a selection whose node an undo removed', () => {
    const added = addNode(TWO, 'run-javascript', { from: 'shape' })
    let s = apply(start(), { type: 'edit', nodes: added.nodes, select: added.key })
    expect(s.selected).toBe('runJavascript')
    s = apply(s, { type: 'undo' })
    expect(s.selected).toBeNull()
    s = apply(s, { type: 'select', key: 'shape', tab: 'run' })
    expect(s.panelTab).toBe('run')
    expect(apply(s, { type: 'select', key: null }).selected).toBeNull()
  })

  it('tracks saving and running', () => {
    let s = apply(
      start(),
      { type: 'saving' },
      { type: 'saveFailed', message: 'no', problems: [{ path: 'x', message: 'y' }] }
    )
    expect(s).toMatchObject({ saving: false, saveError: 'no', problems: [{ path: 'x', message: 'y' }] })
    s = apply(s, { type: 'openRun', input: '{"a":1}' }, { type: 'runStarting', input: '{"a":2}' })
    expect(s).toMatchObject({ runOpen: true, runBusy: true, runInput: '{"a":2}' })
    s = apply(s, { type: 'runStarted', openRunTab: true })
    expect(s).toMatchObject({ runOpen: false, runBusy: false, showRun: true })
  })
})

describe('new flow names', () => {
  it('gives each new flow a name of its own', () => {
    expect(distinctName('Acme flow', [])).toBe('Acme flow')
    expect(distinctName('Acme flow', ['Acme flow', 'acme flow 2'])).toBe('Acme flow 3')
  })
})

describe('node keys', () => {
  it('are camelCase, safe to name in JSONata', () => {
    const a = addNode(TWO, 'custom-http-request')
    expect(a.key).toBe('customHttpRequest')
    expect(addNode(a.nodes, 'custom-http-request').key).toBe('customHttpRequest2')
    expect(a.key).not.toContain('-')
  })
})

// Issue 15, defect 3: the run input fits the trigger, and a suggestion never replaces a better one.
describe('run input suggestions', () => {
  const RECORD_FLOW: FlowNodes = {
    trigger: {
      type: 'data-record-created-trigger',
      config: { dataSource: { key: 'contacts' }, fieldMapping: { key: 'contact-to-person' } },
      links: [{ key: 'shape' }]
    },
    shape: { type: 'transform-data', config: { output: {} } }
  }

  it("a data-record trigger's example is a record event of its collection, not the API sample", () => {
    expect(recordTriggerOf(RECORD_FLOW)).toEqual({
      key: 'trigger',
      event: 'created',
      dataSource: { key: 'contacts' },
      fieldMappingKey: 'contact-to-person'
    })
    const example = exampleInput(RECORD_FLOW)
    expect(example.input).toMatchObject({ event: 'created', collectionKey: 'contacts', record: { id: 'example-id' } })
    expect(example.source).toMatch(/example contacts event/)
    expect(exampleInput(TWO).input).toMatchObject({ email: 'ada@example.com' })
    expect(recordTriggerOf(TWO)).toBeUndefined()
  })

  it('takes a better suggestion, keeps a better input, and never replaces what the person ran with', () => {
    const example = exampleInput(RECORD_FLOW)
    let s = initialBuilderState({
      name: 'Flow',
      nodes: RECORD_FLOW,
      isNew: false,
      runInput: JSON.stringify(example.input),
      runInputSource: example.source,
      runInputRank: example.rank,
      showRun: false
    })
    s = apply(s, {
      type: 'suggestInput',
      input: '{"recordId":"c1"}',
      source: 'A real contacts record (c1)',
      rank: INPUT_RANK.record,
      triggerOutput: { recordId: 'c1', fields: { fullName: 'Ada' } }
    })
    expect(s).toMatchObject({ runInput: '{"recordId":"c1"}', runInputSource: 'A real contacts record (c1)' })
    expect(s.sampleTriggerOutput).toEqual({ recordId: 'c1', fields: { fullName: 'Ada' } })
    s = apply(s, { type: 'suggestInput', input: '{}', source: 'An example', rank: INPUT_RANK.example })
    expect(s.runInput).toBe('{"recordId":"c1"}')
    s = apply(s, {
      type: 'suggestInput',
      input: '{"last":1}',
      source: "The last run's input.",
      rank: INPUT_RANK.lastRun
    })
    expect(s.runInputSource).toBe("The last run's input.")
    expect(s.sampleTriggerOutput).toBeUndefined()

    s = apply(s, { type: 'runStarting', input: '{"typed":1}' })
    expect(s).toMatchObject({ runInput: '{"typed":1}', runInputSource: RAN_WITH, runInputRank: INPUT_RANK.chosen })
    s = apply(s, {
      type: 'suggestInput',
      input: '{"last":2}',
      source: "The last run's input.",
      rank: INPUT_RANK.lastRun
    })
    expect(s.runInput).toBe('{"typed":1}')
  })
})
