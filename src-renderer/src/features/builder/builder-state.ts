import type { ActionChoice } from '@contract/console-views'
import type { ErrorDetail } from '@contract/errors'
import type { FlowNodes } from '@contract/flows'
import { INPUT_RANK } from './trigger-input'

/** An integration a node can work through, with the collections of its app. */
export interface IntegrationChoice {
  key: string
  name: string
  collections: string[]
}

/** The rank of an input the person ran with: no suggestion replaces it. */
const CHOSEN_RANK = INPUT_RANK.chosen
/** What the run dialog says of the input the person ran with before. */
export const RAN_WITH = 'The input you ran this flow with last time.'

/** How many steps back undo reaches. */
export const UNDO_LIMIT = 100

/** One point in the edit history: the draft and which node was open. */
interface HistoryEntry {
  name: string
  nodes: FlowNodes
  selected: string | null
}

/** The side panel's tab. */
export type PanelTab = 'settings' | 'run'

/** Everything the builder keeps while a flow is edited: the draft, its history, and what is shown. */
export interface BuilderState {
  name: string
  nodes: FlowNodes
  /** What the engine holds; null until a new flow is saved the first time. */
  saved: { name: string; nodes: FlowNodes } | null
  selected: string | null
  panelTab: PanelTab
  problems: ErrorDetail[]
  checking: boolean
  saving: boolean
  saveError: string | null
  runOpen: boolean
  runBusy: boolean
  runError: string | null
  runInput: string
  /** Where the run input came from, in words for the run dialog. */
  runInputSource: string
  /** How good the run input is (trigger-input.ts INPUT_RANK): a suggestion replaces only a worse one. */
  runInputRank: number
  /** What the trigger would output for the suggested input (a record with its mapped fields), for previews. */
  sampleTriggerOutput?: unknown
  showRun: boolean
  fitToken: number
  focus?: { key: string; token: number }
  actions: ActionChoice[]
  integrations: IntegrationChoice[]
  past: HistoryEntry[]
  future: HistoryEntry[]
  /** Edits of the same group in a row (typing in one field) are one undo step. */
  lastGroup?: string
  /** A notice about the last edit (a deletion), with a way to undo it. */
  notice?: { text: string; token: number }
}

/** Something that happens in the builder. */
export type BuilderAction =
  | {
      type: 'edit'
      nodes: FlowNodes
      /** Edits of one group in a row merge into one undo step. */
      group?: string
      /** Opens this node (or closes the panel with null). */
      select?: string | null
      /** Tells the person what happened (with undo). */
      notice?: string
    }
  | { type: 'rename'; name: string }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'select'; key: string | null; tab?: PanelTab }
  | { type: 'focus'; key: string }
  | { type: 'fit' }
  | { type: 'dismissNotice' }
  | { type: 'checking' }
  | { type: 'checked'; problems?: ErrorDetail[] }
  | { type: 'saving' }
  | { type: 'saved'; name: string; nodes: FlowNodes }
  | { type: 'saveFailed'; message: string; problems?: ErrorDetail[] }
  | { type: 'dismissSaveError' }
  | { type: 'openRun'; input?: string }
  /** An input that fits the trigger better (the last run's, a real record): taken unless the person chose one. */
  | { type: 'suggestInput'; input: string; source: string; rank: number; triggerOutput?: unknown }
  | { type: 'closeRun' }
  | { type: 'runStarting'; input: string }
  | { type: 'runStarted'; openRunTab: boolean }
  | { type: 'runFailed'; message: string }
  | { type: 'showRun'; show: boolean }
  | { type: 'choices'; actions?: ActionChoice[]; integrations?: IntegrationChoice[] }

/** The state a builder opens with. `isNew`: nothing is saved yet, so the draft is not "Saved". */
export function initialBuilderState(options: {
  name: string
  nodes: FlowNodes
  isNew: boolean
  runInput: string
  runInputSource?: string
  runInputRank?: number
  showRun: boolean
}): BuilderState {
  return {
    name: options.name,
    nodes: options.nodes,
    saved: options.isNew ? null : { name: options.name, nodes: options.nodes },
    selected: null,
    panelTab: 'settings',
    problems: [],
    checking: false,
    saving: false,
    saveError: null,
    runOpen: false,
    runBusy: false,
    runError: null,
    runInput: options.runInput,
    runInputSource: options.runInputSource ?? '',
    runInputRank: options.runInputRank ?? 0,
    showRun: options.showRun,
    fitToken: 0,
    actions: [],
    integrations: [],
    past: [],
    future: []
  }
}

function entryOf(state: BuilderState): HistoryEntry {
  return { name: state.name, nodes: state.nodes, selected: state.selected }
}

function restore(state: BuilderState, entry: HistoryEntry): BuilderState {
  const selected = entry.selected && entry.nodes[entry.selected] ? entry.selected : null
  return { ...state, name: entry.name, nodes: entry.nodes, selected, saveError: null, lastGroup: undefined }
}

function remember(state: BuilderState, group: string | undefined): Pick<BuilderState, 'past' | 'future' | 'lastGroup'> {
  if (group && group === state.lastGroup) return { past: state.past, future: [], lastGroup: group }
  return { past: [...state.past, entryOf(state)].slice(-UNDO_LIMIT), future: [], lastGroup: group }
}

/** The builder's reducer: edits go through here so each one can be undone and redone. */
export function builderReducer(state: BuilderState, action: BuilderAction): BuilderState {
  switch (action.type) {
    case 'edit': {
      if (action.nodes === state.nodes && action.select === undefined) return state
      const selected =
        action.select !== undefined
          ? action.select
          : state.selected && action.nodes[state.selected]
            ? state.selected
            : null
      return {
        ...state,
        ...remember(state, action.group),
        nodes: action.nodes,
        selected,
        panelTab: action.select !== undefined ? 'settings' : state.panelTab,
        saveError: null,
        notice: action.notice ? { text: action.notice, token: (state.notice?.token ?? 0) + 1 } : state.notice
      }
    }
    case 'rename':
      if (action.name === state.name) return state
      return { ...state, ...remember(state, 'name'), name: action.name }
    case 'undo': {
      const entry = state.past[state.past.length - 1]
      if (!entry) return state
      return {
        ...restore(state, entry),
        past: state.past.slice(0, -1),
        future: [entryOf(state), ...state.future],
        notice: undefined
      }
    }
    case 'redo': {
      const entry = state.future[0]
      if (!entry) return state
      return {
        ...restore(state, entry),
        past: [...state.past, entryOf(state)],
        future: state.future.slice(1),
        notice: undefined
      }
    }
    case 'select':
      return {
        ...state,
        selected: action.key,
        panelTab: action.tab ?? 'settings',
        lastGroup: undefined
      }
    case 'focus':
      return { ...state, focus: { key: action.key, token: (state.focus?.token ?? 0) + 1 } }
    case 'fit':
      return { ...state, fitToken: state.fitToken + 1 }
    case 'dismissNotice':
      return { ...state, notice: undefined }
    case 'checking':
      return { ...state, checking: true }
    case 'checked':
      return { ...state, checking: false, problems: action.problems ?? state.problems }
    case 'saving':
      return { ...state, saving: true, saveError: null }
    case 'saved':
      // the engine's cleaned nodes replace the draft; history stays, so an undo after a save works
      return {
        ...state,
        saving: false,
        name: action.name,
        nodes: action.nodes,
        saved: { name: action.name, nodes: action.nodes }
      }
    case 'saveFailed':
      return {
        ...state,
        saving: false,
        saveError: action.message,
        problems: action.problems?.length ? action.problems : state.problems
      }
    case 'dismissSaveError':
      return { ...state, saveError: null }
    case 'openRun':
      return { ...state, runOpen: true, runError: null, runInput: action.input ?? state.runInput }
    case 'closeRun':
      return { ...state, runOpen: false, runError: null }
    case 'suggestInput':
      if (action.rank < state.runInputRank || state.runInputRank >= CHOSEN_RANK) return state
      return {
        ...state,
        runInput: action.input,
        runInputSource: action.source,
        runInputRank: action.rank,
        sampleTriggerOutput: action.triggerOutput
      }
    case 'runStarting':
      return {
        ...state,
        runBusy: true,
        runError: null,
        runInput: action.input,
        runInputSource: RAN_WITH,
        runInputRank: CHOSEN_RANK,
        sampleTriggerOutput: undefined
      }
    case 'runStarted':
      return {
        ...state,
        runBusy: false,
        runOpen: false,
        showRun: true,
        panelTab: action.openRunTab && state.selected ? 'run' : state.panelTab
      }
    case 'runFailed':
      return { ...state, runBusy: false, runError: action.message }
    case 'showRun':
      return { ...state, showRun: action.show }
    case 'choices':
      return {
        ...state,
        actions: action.actions ?? state.actions,
        integrations: action.integrations ?? state.integrations
      }
  }
}

/** Whether the draft differs from what is saved (a new flow with anything on it is unsaved). */
export function isDirty(state: BuilderState): boolean {
  if (!state.saved) return Object.keys(state.nodes).length > 0
  return state.name !== state.saved.name || JSON.stringify(state.nodes) !== JSON.stringify(state.saved.nodes)
}

/** Whether undo and redo have anything to do. */
export function historyOf(state: BuilderState): { canUndo: boolean; canRedo: boolean } {
  return { canUndo: state.past.length > 0, canRedo: state.future.length > 0 }
}
