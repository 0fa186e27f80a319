import { useEffect, useState } from 'react'
import type { CustomerDto } from '@contract/customers'
import { messageOf } from '../../api/console-client'
import { CustomerTokenDialog } from '../../features/tokens/CustomerTokenDialog'
import { useChangeVersion } from '../../store/live-slice'
import { useApi, useConsole } from '../../store/store'
import { Button } from '../../ui/button'
import { Card } from '../../ui/card'
import { CopyButton } from '../../ui/copy-button'
import { FlaskIcon, KeyIcon } from '../../ui/icons'
import { PageHeader } from '../../ui/page-header'
import { ErrorState, SkeletonRows } from '../../ui/states'
import { CustomerEditor } from '../customers/CustomerEditor'
import { CustomerFacts } from '../customers/CustomerPage'

/** The test customer: its id, name and fields (the same generated form), and its token one click away. */
export function TestCustomerPage() {
  const api = useApi()
  const putCustomer = useConsole((s) => s.putCustomer)
  const refreshInfo = useConsole((s) => s.refreshInfo)
  const [customer, setCustomer] = useState<CustomerDto | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [tokenOpen, setTokenOpen] = useState(false)

  const load = () => {
    setError(null)
    api.call('testCustomer.get').then(setCustomer, (e: unknown) => setError(messageOf(e)))
  }
  const customersVersion = useChangeVersion('customers')
  useEffect(load, [api, customersVersion])

  return (
    <div className="page">
      <PageHeader
        icon={
          <span className="state-icon" style={{ margin: 0, width: 40, height: 40, color: 'var(--accent)' }}>
            <FlaskIcon size={18} />
          </span>
        }
        title="Test customer"
        description="The customer the console acts as when you try things: its token is always one click away. Set the id, name and fields your app expects."
        actions={
          customer && (
            <>
              <Button icon={<KeyIcon />} onClick={() => setTokenOpen(true)}>
                Token options
              </Button>
              <CopyButton
                size="md"
                variant="primary"
                label="Copy token"
                copiedLabel="Token copied"
                text={async () =>
                  (await api.call('tokens.mint', { customerId: customer.internalId, name: customer.name })).token
                }
              />
            </>
          )
        }
      />
      {error ? (
        <div className="card">
          <ErrorState message={error} onRetry={load} />
        </div>
      ) : !customer ? (
        <div className="card">
          <SkeletonRows rows={5} label="Loading the test customer" />
        </div>
      ) : (
        <div className="grid-main-aside">
          <CustomerEditor
            key={customer.id}
            customer={customer}
            save={(changes) => api.call('testCustomer.update', changes)}
            onSaved={(c) => {
              setCustomer(c)
              putCustomer(c)
              void refreshInfo()
            }}
          />
          <div className="stack sticky-aside">
            <CustomerFacts customer={customer} />
            <Card title="How it is used">
              <p className="muted">
                Tokens minted here carry <span className="inline-code">id: {customer.internalId}</span>. An SDK pointed
                at this Workbench with such a token acts as this customer, and a{' '}
                <span className="inline-code">fields</span> claim in it replaces the stored fields.
              </p>
            </Card>
          </div>
        </div>
      )}
      {customer && <CustomerTokenDialog open={tokenOpen} customer={customer} onClose={() => setTokenOpen(false)} />}
    </div>
  )
}
