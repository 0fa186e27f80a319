import { Button } from './button'
import { ErrorState } from './states'

/** A full-width error with a way back, for pages whose subject does not exist. */
export function NotFound(props: { message: string }) {
  return (
    <div className="page">
      <div className="card">
        <ErrorState title="Not found" message={props.message} />
        <div className="row" style={{ justifyContent: 'center', paddingBottom: 'var(--space-6)' }}>
          <Button onClick={() => (window.location.hash = '#/customers')}>Back to customers</Button>
        </div>
      </div>
    </div>
  )
}
