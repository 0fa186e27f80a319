import { useState } from 'react'
import { PageHeader } from '../../ui/page-header'
import { ExportCard } from './ExportCard'
import { ImportCard } from './ImportCard'
import { MembraneZipCard } from './MembraneZipCard'
import { ScenariosCard } from './ScenariosCard'

/** Export and import of customers and workspaces, and the demo scenarios. */
export function SnapshotsPage() {
  const [importedAt, setImportedAt] = useState(0)
  return (
    <div className="page">
      <PageHeader
        title="Snapshots"
        description="Take a customer's setup from one Workbench to another, start from a known state, and switch between demo stories."
      />
      <div className="grid-2 align-start">
        <ExportCard />
        <ImportCard onImported={() => setImportedAt(Date.now())} />
      </div>
      <MembraneZipCard onImported={() => setImportedAt(Date.now())} />
      <ScenariosCard key={importedAt} />
    </div>
  )
}
