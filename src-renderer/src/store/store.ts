import { createContext, createElement, useContext, type ReactNode } from 'react'
import { createStore, useStore, type StoreApi } from 'zustand'
import type { ConsoleClient } from '../api/console-client'
import type { CredentialStore } from '../api/console-credentials'
import { createCustomerListSlice, type CustomerListSlice } from './customer-list-slice'
import { createLiveSlice, type LiveSlice } from './live-slice'
import { createNavSlice, type NavSlice } from './nav-slice'
import { createReachabilitySlice, type ReachabilitySlice } from './reachability-slice'
import { createSessionSlice, type SessionSlice } from './session-slice'
import { createThemeSlice, type ThemeSlice } from './theme-slice'
import { createToastSlice, type ToastSlice } from './toast-slice'
import { createWorkspaceSlice, type WorkspaceSlice } from './workspace-slice'

/** The console's whole state: small slices, one store. */
export type ConsoleState = SessionSlice &
  NavSlice &
  WorkspaceSlice &
  CustomerListSlice &
  ToastSlice &
  ThemeSlice &
  LiveSlice &
  ReachabilitySlice

/** What the slices need from outside: the client, and where the browser keeps its credential. */
export interface StoreDeps {
  client: ConsoleClient
  credentials?: CredentialStore
}

/** A slice creator with access to the whole store and the deps. */
export type SliceCreator<T> = (
  set: StoreApi<ConsoleState>['setState'],
  get: StoreApi<ConsoleState>['getState'],
  deps: StoreDeps
) => T

/** Creates the store (one per page load; tests make their own). */
export function createConsoleStore(deps: StoreDeps): StoreApi<ConsoleState> {
  return createStore<ConsoleState>()((set, get) => ({
    ...createSessionSlice(set, get, deps),
    ...createNavSlice(set, get, deps),
    ...createWorkspaceSlice(set, get, deps),
    ...createCustomerListSlice(set, get, deps),
    ...createToastSlice(set, get, deps),
    ...createThemeSlice(set, get, deps),
    ...createLiveSlice(set, get, deps),
    ...createReachabilitySlice(set, get, deps)
  }))
}

const StoreContext = createContext<{ store: StoreApi<ConsoleState>; client: ConsoleClient } | null>(null)

/** Provides the store and the client to the tree. */
export function ConsoleProvider(props: { store: StoreApi<ConsoleState>; client: ConsoleClient; children: ReactNode }) {
  return createElement(StoreContext.Provider, { value: { store: props.store, client: props.client } }, props.children)
}

function useContextValue() {
  const value = useContext(StoreContext)
  if (!value) throw new Error('ConsoleProvider is missing')
  return value
}

/** Selects from the store; use narrow selectors (or `useShallow` for several fields). */
export function useConsole<T>(selector: (state: ConsoleState) => T): T {
  return useStore(useContextValue().store, selector)
}

/** The console client, for page-local calls. */
export function useApi(): ConsoleClient {
  return useContextValue().client
}

/** The store itself, for hooks that follow changes outside React's render (subscriptions). */
export function useStoreApi(): StoreApi<ConsoleState> {
  return useContextValue().store
}
