import type { CustomerDto } from '@contract/customers'
import { messageOf } from '../api/console-client'
import type { SliceCreator } from './store'

/** Which customers the list shows. */
export type CustomerView = 'active' | 'archived' | 'all'

/** Rows fetched per page while scrolling. */
export const CUSTOMER_PAGE_SIZE = 200

/** The customers list: query, the rows loaded so far (cursor paging), and its state. */
export interface CustomerListState {
  search: string
  view: CustomerView
  items: CustomerDto[]
  cursor?: string
  status: 'idle' | 'loading' | 'ready' | 'error'
  loadingMore: boolean
  error: string | null
  /** Where the person had scrolled to when they left the list, restored when they come back. */
  scrollTop: number
}

/** Kept in the store so going to a customer and back keeps the list, its query and its scroll. */
export interface CustomerListSlice {
  customerList: CustomerListState
  setCustomerQuery(query: Partial<Pick<CustomerListState, 'search' | 'view'>>): void
  reloadCustomers(): Promise<void>
  loadMoreCustomers(): Promise<void>
  /** Puts a changed customer into the loaded rows (or drops it when it left the view). */
  putCustomer(customer: CustomerDto): void
  rememberCustomerScroll(scrollTop: number): void
}

const initial: CustomerListState = {
  search: '',
  view: 'active',
  items: [],
  status: 'idle',
  loadingMore: false,
  error: null,
  scrollTop: 0
}

export const createCustomerListSlice: SliceCreator<CustomerListSlice> = (set, get, { client }) => {
  let generation = 0
  const patch = (changes: Partial<CustomerListState>) => set({ customerList: { ...get().customerList, ...changes } })
  const queryOf = (state: CustomerListState, cursor?: string) => ({
    search: state.search.trim() || undefined,
    archivedOnly: state.view === 'archived' || undefined,
    includeArchived: state.view === 'all' || undefined,
    cursor,
    limit: CUSTOMER_PAGE_SIZE
  })

  return {
    customerList: initial,
    setCustomerQuery(query) {
      patch({ ...query, scrollTop: 0 })
      void get().reloadCustomers()
    },
    async reloadCustomers() {
      const mine = ++generation
      patch({ status: 'loading', error: null, loadingMore: false })
      try {
        const page = await client.call('customers.list', queryOf(get().customerList))
        if (mine !== generation) return
        patch({ items: page.items, cursor: page.cursor, status: 'ready' })
      } catch (error) {
        if (mine !== generation) return
        patch({ status: 'error', error: messageOf(error), items: [], cursor: undefined })
      }
    },
    async loadMoreCustomers() {
      const state = get().customerList
      if (!state.cursor || state.loadingMore || state.status !== 'ready') return
      const mine = generation
      patch({ loadingMore: true })
      try {
        const page = await client.call('customers.list', queryOf(state, state.cursor))
        if (mine !== generation) return
        patch({ items: [...get().customerList.items, ...page.items], cursor: page.cursor, loadingMore: false })
      } catch (error) {
        if (mine !== generation) return
        patch({ loadingMore: false, error: messageOf(error) })
      }
    },
    putCustomer(customer) {
      const state = get().customerList
      const belongs = state.view === 'all' || (state.view === 'archived') === !!customer.archivedAt
      const index = state.items.findIndex((c) => c.id === customer.id)
      if (index < 0) {
        if (belongs && !state.search) patch({ items: [customer, ...state.items] })
        return
      }
      const items = [...state.items]
      if (belongs) items[index] = customer
      else items.splice(index, 1)
      patch({ items })
    },
    rememberCustomerScroll(scrollTop) {
      patch({ scrollTop })
    }
  }
}
