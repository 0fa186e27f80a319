import type { SliceCreator } from './store'

/** The colour scheme the person chose. */
export type ThemeChoice = 'system' | 'light' | 'dark'

/** Light, dark, or follow the system; remembered on this machine. */
export interface ThemeSlice {
  theme: ThemeChoice
  setTheme(theme: ThemeChoice): void
}

const KEY = 'workbench.theme'

function stored(): ThemeChoice {
  try {
    const value = window.localStorage.getItem(KEY)
    return value === 'light' || value === 'dark' ? value : 'system'
  } catch {
    return 'system'
  }
}

/** Puts the effective theme on `<html data-theme>`. */
export function applyTheme(theme: ThemeChoice): void {
  const dark = theme === 'dark' || (theme === 'system' && window.matchMedia?.('(prefers-color-scheme: dark)').matches)
  document.documentElement.dataset.theme = dark ? 'dark' : 'light'
}

export const createThemeSlice: SliceCreator<ThemeSlice> = (set) => ({
  theme: typeof window === 'undefined' ? 'system' : stored(),
  setTheme(theme) {
    try {
      window.localStorage.setItem(KEY, theme)
    } catch {
      // storage may be unavailable; the choice still applies to this page
    }
    applyTheme(theme)
    set({ theme })
  }
})
