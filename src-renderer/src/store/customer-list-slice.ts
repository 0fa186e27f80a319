import type { CustomerDto } from '@contract/customers'
import { messageOf } from '../api/console-client'
import type { SliceCreator } from './store'

/** Which customers the list shows. */
export type CustomerView = 'active' | 'archived' | 'all'

/** Rows fetched per page; a page is read at its position, so any page loads without the ones before it. */
export const CUSTOMER_PAGE_SIZE = 200

/**
 * The customers list: query, how many customers it holds, the pages loaded so far (by page
 * number: a scroll bar over the whole list can land anywhere, so pages load out of order), and
 * its state.
 */
export interface CustomerListState {
  search: string
  view: CustomerView
  /** How many customers the list holds (the scroll bar's length). */
  total: number
  /** Loaded pages by page number (`position / CUSTOMER_PAGE_SIZE`). */
  pages: Readonly<Record<number, readonly CustomerDto[]>>
  status: 'idle' | 'loading' | 'ready' | 'error'
  error: string | null
  /** Where the person had scrolled to when they left the list, restored when they come back. */
  scrollTop: number
}

/** The customer at a position of the list, when its page is loaded. */
export function customerAt(list: CustomerListState, position: number): CustomerDto | undefined {
  return list.pages[Math.floor(position / CUSTOMER_PAGE_SIZE)]?.[position % CUSTOMER_PAGE_SIZE]
}

/** Kept in the store so going to a customer and back keeps the list, its query and its scroll. */
export interface CustomerListSlice {
  customerList: CustomerListState
  setCustomerQuery(query: Partial<Pick<CustomerListState, 'search' | 'view'>>): void
  /** Reads the list again from its first page (the other pages load again as they are shown). */
  reloadCustomers(): Promise<void>
  /** Loads the pages holding positions `first`..`last` that are not loaded or loading yet. */
  loadCustomerRange(first: number, last: number): Promise<void>
  /** Puts a changed customer into the loaded rows; one that joins or leaves the view reloads the list. */
  putCustomer(customer: CustomerDto): void
  rememberCustomerScroll(scrollTop: number): void
}

const initial: CustomerListState = {
  search: '',
  view: 'active',
  total: 0,
  pages: {},
  status: 'idle',
  error: null,
  scrollTop: 0
}

export const createCustomerListSlice: SliceCreator<CustomerListSlice> = (set, get, { client }) => {
  // a reload or a new query starts a new generation: answers of an older one are dropped
  let generation = 0
  let loading = new Set<number>()
  // the pages of the rows on screen: a reload reads them again beside the first, the others when shown
  let shown: number[] = []
  const patch = (changes: Partial<CustomerListState>) => set({ customerList: { ...get().customerList, ...changes } })
  const fetchPage = (state: CustomerListState, page: number) =>
    client.call('customers.list', {
      search: state.search.trim() || undefined,
      archivedOnly: state.view === 'archived' || undefined,
      includeArchived: state.view === 'all' || undefined,
      offset: page * CUSTOMER_PAGE_SIZE,
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
      loading = new Set([0])
      const before = get().customerList
      // pages on screen stay while they are read again, so a change elsewhere does not blank the list
      const again = before.status === 'ready' ? shown.filter((p) => p > 0 && before.pages[p]) : []
      patch({ status: before.status === 'ready' ? 'ready' : 'loading', error: null })
      try {
        const page = await fetchPage(get().customerList, 0)
        if (mine !== generation) return
        loading.delete(0)
        const kept: Record<number, readonly CustomerDto[]> = { 0: page.items }
        for (const p of again) if (p * CUSTOMER_PAGE_SIZE < page.total) kept[p] = before.pages[p]
        patch({ pages: kept, total: page.total, status: 'ready' })
        await Promise.all(
          Object.keys(kept)
            .map(Number)
            .filter((p) => p > 0)
            .map(async (p) => {
              loading.add(p)
              try {
                const fresh = await fetchPage(get().customerList, p)
                if (mine !== generation) return
                patch({ pages: { ...get().customerList.pages, [p]: fresh.items }, total: fresh.total })
              } finally {
                if (mine === generation) loading.delete(p)
              }
            })
        )
      } catch (error) {
        if (mine !== generation) return
        patch({ status: 'error', error: messageOf(error), pages: {}, total: 0 })
      }
    },
    async loadCustomerRange(first, last) {
      const state = get().customerList
      if (state.status !== 'ready') return
      const mine = generation
      const lastPage = Math.floor(Math.min(last, state.total - 1) / CUSTOMER_PAGE_SIZE)
      shown = []
      for (let p = Math.floor(Math.max(0, first) / CUSTOMER_PAGE_SIZE); p <= lastPage; p++) shown.push(p)
      const wanted = shown.filter((p) => !state.pages[p] && !loading.has(p))
      await Promise.all(
        wanted.map(async (p) => {
          loading.add(p)
          try {
            const page = await fetchPage(state, p)
            if (mine !== generation) return
            const current = get().customerList
            patch({ pages: { ...current.pages, [p]: page.items }, total: page.total })
          } catch (error) {
            if (mine !== generation) return
            patch({ error: messageOf(error) })
          } finally {
            if (mine === generation) loading.delete(p)
          }
        })
      )
    },
    putCustomer(customer) {
      const state = get().customerList
      if (state.status === 'idle') return
      const belongs = state.view === 'all' || (state.view === 'archived') === !!customer.archivedAt
      for (const [key, rows] of Object.entries(state.pages)) {
        const index = rows.findIndex((c) => c.id === customer.id)
        if (index < 0) continue
        if (!belongs) break
        const page = [...rows]
        page[index] = customer
        patch({ pages: { ...state.pages, [key]: page } })
        return
      }
      // it joined or left the view: every position after it moved
      void get().reloadCustomers()
    },
    rememberCustomerScroll(scrollTop) {
      patch({ scrollTop })
    }
  }
}
