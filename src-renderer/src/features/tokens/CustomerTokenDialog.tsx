import { useEffect, useState } from 'react'
import type { MintedToken } from '@contract/tokens'
import { messageOf } from '../../api/console-client'
import { hrefOf } from '../../app/routes'
import { useApi } from '../../store/store'
import { Button } from '../../ui/button'
import { Select } from '../../ui/controls'
import { Dialog } from '../../ui/dialog'
import { Field } from '../../ui/field'
import { Loading } from '../../ui/states'
import { LIFETIMES } from './lifetimes'
import { TokenOutput } from './TokenOutput'

/** Mints a token for one customer (name claim included) and shows every way to copy it. */
export function CustomerTokenDialog(props: {
  open: boolean
  customer: { id: string; internalId: string; name: string }
  onClose(): void
}) {
  const api = useApi()
  const [ttl, setTtl] = useState('2h')
  const [minted, setMinted] = useState<MintedToken | null>(null)
  const [error, setError] = useState<string | null>(null)
  const { open, customer } = props

  useEffect(() => {
    if (!open) return
    let live = true
    setMinted(null)
    setError(null)
    api.call('tokens.mint', { customerId: customer.internalId, name: customer.name, ttl }).then(
      (token) => live && setMinted(token),
      (e: unknown) => live && setError(messageOf(e))
    )
    return () => {
      live = false
    }
  }, [api, open, customer.internalId, customer.name, ttl])

  return (
    <Dialog
      open={open}
      wide
      title={`Token for ${customer.name}`}
      description={
        <>
          Signed with the workspace secret; the SDK and the REST API accept it as customer{' '}
          <span className="inline-code">{customer.internalId}</span>.
        </>
      }
      onClose={props.onClose}
      footer={
        <>
          <a
            className="btn btn-ghost"
            href={hrefOf({ name: 'tokens', customerId: customer.id })}
            onClick={props.onClose}
          >
            More options
          </a>
          <Button onClick={props.onClose}>Done</Button>
        </>
      }
    >
      <Field label="Lifetime">
        {(ids) => (
          <Select id={ids.id} value={ttl} onChange={(e) => setTtl(e.target.value)} style={{ maxWidth: 220 }}>
            {LIFETIMES.map((l) => (
              <option key={l.value} value={l.value}>
                {l.label}
              </option>
            ))}
          </Select>
        )}
      </Field>
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : minted ? (
        <TokenOutput minted={minted} />
      ) : (
        <Loading label="Signing…" />
      )}
    </Dialog>
  )
}
