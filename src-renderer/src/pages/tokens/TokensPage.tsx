import { PageHeader } from '../../ui/page-header'
import { InspectTokenCard } from './InspectTokenCard'
import { MintTokenCard } from './MintTokenCard'

/** Tokens: mint for anyone with chosen claims, copy in every form; inspect any token. */
export function TokensPage(props: { customerId?: string }) {
  return (
    <div className="page">
      <PageHeader
        title="Tokens"
        description="Access tokens are JWTs signed with the workspace secret. Mint one for a customer or an admin and copy it into your app, or paste one to see why it is accepted or rejected."
      />
      <MintTokenCard initialCustomerId={props.customerId} />
      <InspectTokenCard />
    </div>
  )
}
