import { useEffect, useState } from 'react'
import type { CustomerDto } from '@contract/customers'
import type { MintedToken, MintTokenRequest, TokenAlgorithm } from '@contract/tokens'
import { ConsoleCallError, messageOf } from '../../api/console-client'
import { CustomerPicker } from '../../features/customers/CustomerPicker'
import { placeErrors } from '../../features/fields/field-form-model'
import { FieldControls, useFieldsForm } from '../../features/fields/FieldsForm'
import { LIFETIMES } from '../../features/tokens/lifetimes'
import { TokenOutput } from '../../features/tokens/TokenOutput'
import { useApi, useConsole } from '../../store/store'
import { selectFieldSchema } from '../../store/workspace-slice'
import { Button } from '../../ui/button'
import { Card } from '../../ui/card'
import { Input, Segmented, Select, Switch } from '../../ui/controls'
import { controlProps, Field } from '../../ui/field'
import { KeyIcon, PlusIcon, TrashIcon } from '../../ui/icons'
import { EmptyState } from '../../ui/states'

type Subject = 'customer' | 'test' | 'admin'

/** Mint a token for any customer, the test customer or an admin, with chosen claims, lifetime and algorithm. */
export function MintTokenCard(props: { initialCustomerId?: string }) {
  const api = useApi()
  const defaultTtl = useConsole((s) => s.workspace?.defaultTokenTtlSeconds)
  const schema = useConsole(selectFieldSchema)
  const [subject, setSubject] = useState<Subject>('customer')
  const [customer, setCustomer] = useState<CustomerDto | null>(null)
  const [testCustomer, setTestCustomer] = useState<CustomerDto | null>(null)
  const [includeName, setIncludeName] = useState(true)
  const [includeFields, setIncludeFields] = useState(false)
  const [ttl, setTtl] = useState('2h')
  const [customTtl, setCustomTtl] = useState('')
  const [algorithm, setAlgorithm] = useState<TokenAlgorithm>('HS256')
  const [extra, setExtra] = useState<{ key: string; value: string }[]>([])
  const [minted, setMinted] = useState<MintedToken | null>(null)
  const [errors, setErrors] = useState<{ customer?: string; ttl?: string; form?: string }>({})
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    if (props.initialCustomerId)
      api.call('customers.get', { id: props.initialCustomerId }).then(setCustomer, () => undefined)
    api.call('testCustomer.get').then(setTestCustomer, () => undefined)
  }, [api, props.initialCustomerId])

  useEffect(() => {
    // start from the workspace's default lifetime when the picker offers it
    if (!defaultTtl) return
    const named =
      defaultTtl % 86400 === 0
        ? `${defaultTtl / 86400}d`
        : defaultTtl % 3600 === 0
          ? `${defaultTtl / 3600}h`
          : defaultTtl % 60 === 0
            ? `${defaultTtl / 60}m`
            : ''
    if (LIFETIMES.some((l) => l.value === named)) setTtl(named)
  }, [defaultTtl])

  const target = subject === 'customer' ? customer : subject === 'test' ? testCustomer : null
  const fieldsForm = useFieldsForm(schema, target?.fields ?? {})
  const { reset: resetFields } = fieldsForm
  useEffect(() => resetFields(target?.fields ?? {}), [target?.id])

  const mint = async () => {
    const problems: typeof errors = {}
    if (subject === 'customer' && !customer) problems.customer = 'Choose the customer the token is for.'
    const lifetime = ttl === 'custom' ? customTtl.trim() : ttl
    if (!lifetime) problems.ttl = 'Say how long the token lives, e.g. 90s, 15m, 2h or 7d.'
    let fields: Record<string, unknown> | undefined
    if (subject !== 'admin' && includeFields) {
      fields = fieldsForm.collect()
      if (!fields) problems.form = 'Fix the highlighted fields.'
    }
    setErrors(problems)
    if (Object.keys(problems).length) return
    const extraClaims = Object.fromEntries(extra.filter((e) => e.key.trim()).map((e) => [e.key.trim(), e.value]))
    const request: MintTokenRequest = {
      ttl: lifetime,
      algorithm,
      ...(subject === 'admin' ? { isAdmin: true } : { customerId: target!.internalId }),
      ...(subject !== 'admin' && includeName ? { name: target!.name } : {}),
      ...(fields ? { fields } : {}),
      ...(Object.keys(extraClaims).length ? { extraClaims } : {})
    }
    setBusy(true)
    try {
      setMinted(await api.call('tokens.mint', request))
    } catch (e) {
      if (e instanceof ConsoleCallError && e.details.some((d) => d.path === 'ttl')) setErrors({ ttl: e.message })
      else if (e instanceof ConsoleCallError && e.details.length && includeFields) {
        const placed = placeErrors(e.details, fieldsForm.form)
        fieldsForm.setErrors(placed.byPath)
        setErrors({ form: placed.rest.join(' ') || 'Fix the highlighted fields.' })
      } else setErrors({ form: messageOf(e) })
      setMinted(null)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Card title="Mint a token" description="Signed with the workspace secret, accepted by the local API and the SDK.">
      <div className="grid-2" style={{ alignItems: 'start', gap: 'var(--space-6)' }}>
        <form
          className="stack"
          noValidate
          aria-label="Token request"
          onSubmit={(e) => {
            e.preventDefault()
            void mint()
          }}
        >
          <Segmented<Subject>
            label="Who the token is for"
            value={subject}
            onChange={(s) => {
              setSubject(s)
              setMinted(null)
            }}
            options={[
              { value: 'customer', label: 'Customer' },
              { value: 'test', label: 'Test customer' },
              { value: 'admin', label: 'Admin' }
            ]}
          />
          {subject === 'customer' && (
            <Field label="Customer" required error={errors.customer}>
              {(ids) => (
                <CustomerPicker
                  id={ids.id}
                  describedBy={ids.describedBy}
                  invalid={ids.invalid}
                  value={customer}
                  onChange={(c) => {
                    setCustomer(c)
                    setErrors((x) => ({ ...x, customer: undefined }))
                  }}
                />
              )}
            </Field>
          )}
          {subject === 'test' && testCustomer && (
            <p className="muted">
              For <strong>{testCustomer.name}</strong> <span className="inline-code">{testCustomer.internalId}</span>.
            </p>
          )}
          {subject === 'admin' && (
            <p className="muted">
              Admin tokens carry isAdmin and no customer: they may manage every customer and read secrets when asked to.
            </p>
          )}

          <div className="form-grid">
            <Field label="Lifetime" error={errors.ttl}>
              {(ids) => (
                <Select {...controlProps(ids)} value={ttl} onChange={(e) => setTtl(e.target.value)}>
                  {LIFETIMES.map((l) => (
                    <option key={l.value} value={l.value}>
                      {l.label}
                    </option>
                  ))}
                  <option value="custom">Custom…</option>
                </Select>
              )}
            </Field>
            <Field label="Algorithm">
              {() => (
                <Segmented<TokenAlgorithm>
                  label="Algorithm"
                  value={algorithm}
                  onChange={setAlgorithm}
                  options={[
                    { value: 'HS256', label: 'HS256' },
                    { value: 'HS512', label: 'HS512' }
                  ]}
                />
              )}
            </Field>
            {ttl === 'custom' && (
              <Field label="Custom lifetime" hint="Seconds, or 90s, 15m, 2h, 7d" className="span-2">
                {(ids) => (
                  <Input
                    {...controlProps(ids)}
                    mono
                    value={customTtl}
                    onChange={(e) => setCustomTtl(e.target.value)}
                    placeholder="45m"
                  />
                )}
              </Field>
            )}
          </div>

          {subject !== 'admin' && (
            <div className="stack-sm">
              <Switch
                checked={includeName}
                onChange={setIncludeName}
                label={<span>Include the name claim {target && <span className="subtle">({target.name})</span>}</span>}
              />
              <Switch
                checked={includeFields}
                onChange={setIncludeFields}
                label="Include a fields claim (replaces the customer's stored fields when used)"
              />
            </div>
          )}
          {subject !== 'admin' && includeFields && (
            <div className="fieldset">
              {fieldsForm.form.length ? (
                <FieldControls state={fieldsForm} />
              ) : (
                <p className="subtle">
                  The workspace has no field schema: define fields first to set them through tokens.
                </p>
              )}
            </div>
          )}

          <div className="stack-sm">
            <div className="row-between">
              <h3>Extra claims</h3>
              <Button
                size="sm"
                variant="ghost"
                icon={<PlusIcon size={14} />}
                onClick={() => setExtra([...extra, { key: '', value: '' }])}
              >
                Add claim
              </Button>
            </div>
            {extra.map((claim, i) => (
              <div key={i} className="row">
                <Input
                  small
                  mono
                  aria-label={`Name of extra claim ${i + 1}`}
                  placeholder="claim"
                  value={claim.key}
                  onChange={(e) => setExtra(extra.map((c, j) => (j === i ? { ...c, key: e.target.value } : c)))}
                />
                <Input
                  small
                  aria-label={`Value of extra claim ${i + 1}`}
                  placeholder="value"
                  value={claim.value}
                  onChange={(e) => setExtra(extra.map((c, j) => (j === i ? { ...c, value: e.target.value } : c)))}
                />
                <Button
                  size="sm"
                  variant="ghost"
                  iconOnly
                  icon={<TrashIcon size={14} />}
                  aria-label={`Remove extra claim ${i + 1}`}
                  onClick={() => setExtra(extra.filter((_, j) => j !== i))}
                />
              </div>
            ))}
          </div>

          {errors.form && (
            <div className="field-error" role="alert">
              {errors.form}
            </div>
          )}
          <div>
            <Button type="submit" variant="primary" icon={<KeyIcon />} busy={busy}>
              Mint token
            </Button>
          </div>
        </form>
        <div aria-live="polite">
          {minted ? (
            <TokenOutput minted={minted} />
          ) : (
            <div className="card" style={{ boxShadow: 'none', background: 'var(--surface-2)' }}>
              <EmptyState icon={<KeyIcon size={20} />} title="No token yet">
                Choose who it is for and mint: the token appears here, ready to copy as a raw token, .env lines, a curl
                command or an SDK snippet.
              </EmptyState>
            </div>
          )}
        </div>
      </div>
    </Card>
  )
}
