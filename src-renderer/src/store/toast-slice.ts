import type { SliceCreator } from './store'

/** A short notice in the corner. */
export interface Toast {
  id: number
  kind: 'success' | 'error' | 'info'
  title: string
  text?: string
}

/** Notices that dismiss themselves. */
export interface ToastSlice {
  toasts: Toast[]
  notify(toast: Omit<Toast, 'id'>): void
  dismiss(id: number): void
}

let nextId = 1

export const createToastSlice: SliceCreator<ToastSlice> = (set, get) => ({
  toasts: [],
  notify(toast) {
    const id = nextId++
    set({ toasts: [...get().toasts.slice(-3), { ...toast, id }] })
    setTimeout(() => get().dismiss(id), toast.kind === 'error' ? 8000 : 4000)
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) })
  }
})
