import type { FieldSchema, WorkspaceDto } from '@contract/workspace'
import type { SliceCreator } from './store'

/** The workspace (name, field schema, token lifetime), shared by every page that shows fields. */
export interface WorkspaceSlice {
  workspace: WorkspaceDto | null
  loadWorkspace(): Promise<void>
  setWorkspace(workspace: WorkspaceDto): void
}

export const createWorkspaceSlice: SliceCreator<WorkspaceSlice> = (set, get, { client }) => ({
  workspace: null,
  async loadWorkspace() {
    try {
      set({ workspace: await client.call('workspace.get') })
    } catch {
      // pages that need it show their own error state
    }
  },
  setWorkspace(workspace) {
    set({ workspace })
    void get().refreshInfo()
  }
})

/** The field schema, or undefined when the workspace has none. */
export function selectFieldSchema(state: { workspace: WorkspaceDto | null }): FieldSchema | undefined {
  return state.workspace?.userFieldsSchema
}
