import { countOf } from '../../format/plural'

// Words and files shared by the Snapshots page's cards.

/** Sections in the order the report lists them, with names for people. */
const SECTION_NAMES: Record<string, string> = {
  workspace: 'Workspace',
  customers: 'Customers',
  sandboxAccounts: 'Sandbox accounts',
  integrations: 'Integrations',
  connections: 'Connections',
  flows: 'Flow templates',
  actions: 'Action templates',
  flowInstances: 'Flow instances',
  flowRuns: 'Flow runs'
}

const SINGULAR: Record<string, string> = {
  customers: 'customer',
  sandboxAccounts: 'sandbox account',
  integrations: 'integration',
  connections: 'connection',
  flows: 'flow template',
  actions: 'action template',
  flowInstances: 'flow instance',
  flowRuns: 'flow run'
}

/** "1 customer", "3 connections": a snapshot section's count, in the section's own nouns. */
export function sectionCountOf(key: string, n: number): string {
  const plural = sectionName(key).toLowerCase()
  return countOf(n, SINGULAR[key] ?? plural, plural)
}

export function sectionName(key: string): string {
  return SECTION_NAMES[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase())
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** Saves bytes or text as a file through the browser (the desktop window shows its save dialog). */
export function saveFile(fileName: string, content: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
