import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ImportReport, ScenarioDto, SnapshotFile } from '../../contract/snapshots'
import type { EngineContext } from '../common/engine-context'
import { invalidData, notFound } from '../common/engine-error'
import type { SnapshotService } from './snapshot.service'

/** A scenario built by code on first use, then saved like any other. */
export interface BuiltinScenario {
  description: string
  /** Builds the scenario's state in the (emptied) workspace. */
  build(): Promise<void>
}

const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/i
const KEY_FILE = '.passphrase'
const CURRENT_FILE = '.current'

/**
 * Named whole-workspace snapshots in `<data folder>/scenarios/`: save the current state, switch
 * to another, reset to the start of the current one. Scenario files keep their secrets sealed
 * with a random passphrase that is itself sealed by the engine's secret port.
 */
export class ScenarioService {
  private readonly dir: string

  private readonly builtins: Record<string, BuiltinScenario> = {}

  constructor(
    private readonly ctx: EngineContext,
    private readonly snapshots: SnapshotService,
    dataDir: string
  ) {
    this.dir = join(dataDir, 'scenarios')
  }

  /** Adds a scenario that is built by code the first time someone switches to it. */
  registerBuiltin(name: string, scenario: BuiltinScenario): void {
    this.assertName(name)
    this.builtins[name] = scenario
  }

  /** Saved scenarios, plus built-in ones not saved yet. */
  list(): ScenarioDto[] {
    const current = this.currentName()
    const saved = existsSync(this.dir)
      ? readdirSync(this.dir)
          .filter((f) => f.endsWith('.json'))
          .map((f) => {
            const name = f.slice(0, -5)
            const path = join(this.dir, f)
            const head = this.readHead(path)
            return {
              name,
              description: head.description,
              savedAt: head.exportedAt,
              customers: head.customers,
              current: name === current,
              sizeBytes: statSync(path).size
            }
          })
      : []
    for (const [name, builtin] of Object.entries(this.builtins)) {
      if (!saved.some((s) => s.name === name))
        saved.push({ name, description: builtin.description, savedAt: '', customers: 0, current: false, sizeBytes: 0 })
    }
    return saved.sort((a, b) => a.name.localeCompare(b.name))
  }

  /** Saves the whole workspace as scenario `name` (replacing a scenario of that name). */
  save(name: string, description?: string): ScenarioDto {
    this.assertName(name)
    const file = this.snapshots.exportSnapshot({ passphrase: this.passphrase(), includeRuns: true, description })
    mkdirSync(this.dir, { recursive: true })
    const path = join(this.dir, `${name}.json`)
    writeFileSync(path + '.tmp', JSON.stringify(file))
    renameSync(path + '.tmp', path)
    return this.list().find((s) => s.name === name)!
  }

  /** Replaces the whole workspace with scenario `name` (building a built-in one first if needed). */
  async switchTo(name: string): Promise<ImportReport> {
    this.assertName(name)
    const path = join(this.dir, `${name}.json`)
    if (!existsSync(path)) {
      const builtin = this.builtins[name]
      if (!builtin)
        throw notFound(
          `No scenario "${name}". Saved scenarios: ${
            this.list()
              .map((s) => s.name)
              .join(', ') || 'none'
          }.`
        )
      await builtin.build()
      this.save(name, builtin.description)
    }
    // Answers once the scenario's flow instances are subscribed here again (see importAndSetUp).
    const report = await this.snapshots.importAndSetUp(readFileSync(path, 'utf8'), {
      passphrase: this.passphrase(),
      replaceWorkspace: true
    })
    mkdirSync(this.dir, { recursive: true })
    writeFileSync(join(this.dir, CURRENT_FILE), name)
    return report
  }

  /** Puts the current scenario back to how it was saved. */
  async reset(): Promise<ImportReport> {
    const current = this.currentName()
    if (!current)
      throw invalidData('No scenario is active: switch to one first.', [{ path: 'scenario', message: 'none active' }])
    return this.switchTo(current)
  }

  /** Deletes a saved scenario. */
  remove(name: string): void {
    this.assertName(name)
    const path = join(this.dir, `${name}.json`)
    if (!existsSync(path)) throw notFound(`No saved scenario "${name}".`)
    rmSync(path)
    if (this.currentName() === name) rmSync(join(this.dir, CURRENT_FILE), { force: true })
  }

  private currentName(): string | undefined {
    try {
      return readFileSync(join(this.dir, CURRENT_FILE), 'utf8').trim() || undefined
    } catch {
      return undefined
    }
  }

  private passphrase(): string {
    const file = join(this.dir, KEY_FILE)
    if (existsSync(file)) return this.ctx.secrets.decrypt(readFileSync(file, 'utf8').trim())
    mkdirSync(this.dir, { recursive: true })
    const passphrase = randomBytes(24).toString('base64url')
    writeFileSync(file, this.ctx.secrets.encrypt(passphrase), { mode: 0o600 })
    return passphrase
  }

  private readHead(path: string): { exportedAt: string; description?: string; customers: number } {
    try {
      const file = JSON.parse(readFileSync(path, 'utf8')) as SnapshotFile
      return { exportedAt: file.exportedAt, description: file.description, customers: file.customers?.length ?? 0 }
    } catch {
      return { exportedAt: '', description: 'unreadable file', customers: 0 }
    }
  }

  private assertName(name: string): void {
    if (!NAME.test(name)) {
      throw invalidData(
        `Scenario name "${name}" may use letters, digits, ".", "_" and "-" (up to 64, starting with a letter or digit).`,
        [{ path: 'name', message: 'invalid name' }]
      )
    }
  }
}
