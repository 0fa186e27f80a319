import type { Engine } from '../engine'
import type { ConsoleHandlers } from './console-handler'
import { parseMembraneImport } from './console-membrane.inputs'
import { parseNoInput } from './console.inputs'

/** Methods of the Snapshots page's "Membrane workspace (.zip)" card. */
export type MembraneZipMethods = 'membrane.export' | 'membrane.import'

/** Export and import of Membrane's workspace zip for the console (the same checks and plan as `POST /import`). */
export function createMembraneZipHandlers(engine: Engine): Pick<ConsoleHandlers, MembraneZipMethods> {
  const { interchange } = engine
  return {
    'membrane.export': {
      parse: parseNoInput('membrane.export'),
      run: () => {
        const { bytes, counts } = interchange.buildZip()
        const stamp = engine.workspace.get().updatedAt.slice(0, 10)
        return {
          fileName: `membrane-${engine.workspace.get().key}-${stamp}.zip`,
          base64: Buffer.from(bytes).toString('base64'),
          sizeBytes: bytes.byteLength,
          counts
        }
      }
    },
    'membrane.import': {
      parse: parseMembraneImport,
      run: async ({ base64, dryRun, partial, force }) => {
        const prepared = await interchange.prepareImport(new Uint8Array(Buffer.from(base64, 'base64')), {
          dryRun,
          partial,
          force,
          diff: true
        })
        if (!dryRun) await interchange.apply(prepared)
        return prepared.result
      }
    }
  }
}
