import type { ReactNode } from 'react'
import { formatCount } from '../format/time'
import { useConsole } from '../store/store'
import type { ThemeChoice } from '../store/theme-slice'
import { CopyButton } from '../ui/copy-button'
import {
  ActivityIcon,
  BoltIcon,
  BracesIcon,
  BrandMark,
  CameraIcon,
  DatabaseIcon,
  FlaskIcon,
  FlowIcon,
  GridIcon,
  HistoryIcon,
  KeyIcon,
  LayersIcon,
  MonitorIcon,
  MoonIcon,
  PlugIcon,
  SettingsIcon,
  SunIcon,
  UsersIcon
} from '../ui/icons'
import { hrefOf, type Route } from './routes'

function NavLink(props: { to: Route; icon: ReactNode; label: string; active: boolean; count?: string }) {
  return (
    <a className="nav-link" href={hrefOf(props.to)} aria-current={props.active ? 'page' : undefined}>
      {props.icon}
      <span>{props.label}</span>
      {props.count && <span className="nav-count">{props.count}</span>}
    </a>
  )
}

const THEMES: { value: ThemeChoice; label: string; icon: ReactNode }[] = [
  { value: 'system', label: 'System theme', icon: <MonitorIcon size={14} /> },
  { value: 'light', label: 'Light theme', icon: <SunIcon size={14} /> },
  { value: 'dark', label: 'Dark theme', icon: <MoonIcon size={14} /> }
]

/** Navigation, the workspace, the API address and the theme switch. */
export function Sidebar() {
  const route = useConsole((s) => s.route)
  const info = useConsole((s) => s.info)
  const theme = useConsole((s) => s.theme)
  const setTheme = useConsole((s) => s.setTheme)
  const reachable = useConsole((s) => s.reachable)
  const at = (...names: Route['name'][]) => names.includes(route.name)
  return (
    <nav className="sidebar" aria-label="Console">
      <div className="sidebar-brand">
        <span className="brand-mark">
          <BrandMark />
        </span>
        <div className="brand-text">
          <span className="brand-name">Integration Workbench</span>
          <span className="brand-sub truncate" title={info?.workspaceName}>
            {info?.workspaceName ?? 'Local workspace'} · {info?.mode === 'desktop' ? 'Desktop' : 'Headless'}
            {info?.apiUrl ? ` · :${new URL(info.apiUrl).port}` : ''}
          </span>
        </div>
      </div>

      <div className="nav-section-label">Customers</div>
      <NavLink
        to={{ name: 'customers' }}
        icon={<UsersIcon />}
        label="Customers"
        active={at('customers', 'customer')}
        count={info ? formatCount(info.customerCount) : undefined}
      />
      <NavLink to={{ name: 'test-customer' }} icon={<FlaskIcon />} label="Test customer" active={at('test-customer')} />
      <NavLink to={{ name: 'field-schema' }} icon={<BracesIcon />} label="Field schema" active={at('field-schema')} />

      <div className="nav-section-label">Apps</div>
      <NavLink to={{ name: 'integrations' }} icon={<GridIcon />} label="Integrations" active={at('integrations')} />
      <NavLink
        to={{ name: 'connections' }}
        icon={<PlugIcon />}
        label="Connections"
        active={at('connections', 'connection')}
      />
      <NavLink
        to={{ name: 'sandbox-data', place: {} }}
        icon={<DatabaseIcon />}
        label="Sandbox data"
        active={at('sandbox-data')}
      />
      <NavLink
        to={{ name: 'data-sources' }}
        icon={<LayersIcon />}
        label="Data sources"
        active={at('data-sources', 'data-source')}
      />
      <NavLink
        to={{ name: 'field-mappings' }}
        icon={<BracesIcon />}
        label="Field mappings"
        active={at('field-mappings', 'field-mapping')}
      />

      <div className="nav-section-label">Automation</div>
      <NavLink to={{ name: 'flows' }} icon={<FlowIcon />} label="Flows" active={at('flows', 'flow', 'new-flow')} />
      <NavLink
        to={{ name: 'app-event-types' }}
        icon={<BoltIcon />}
        label="App events"
        active={at('app-event-types', 'app-event-type')}
      />
      <NavLink
        to={{ name: 'instances' }}
        icon={<LayersIcon />}
        label="Instances"
        active={at('instances', 'instance')}
      />
      <NavLink to={{ name: 'runs', filters: {} }} icon={<HistoryIcon />} label="Runs" active={at('runs', 'run')} />

      <div className="nav-section-label">Access</div>
      <NavLink to={{ name: 'tokens' }} icon={<KeyIcon />} label="Tokens" active={at('tokens')} />

      <div className="nav-section-label">Workbench</div>
      <NavLink to={{ name: 'snapshots' }} icon={<CameraIcon />} label="Snapshots" active={at('snapshots')} />
      <NavLink to={{ name: 'activity' }} icon={<ActivityIcon />} label="Activity" active={at('activity')} />
      <NavLink to={{ name: 'settings' }} icon={<SettingsIcon />} label="Settings" active={at('settings')} />

      <div className="sidebar-footer">
        {info && (
          <div
            className="api-pill"
            title={
              reachable ? "The local REST API: point the SDK's apiUri here" : 'The local REST API is not answering'
            }
          >
            <span className="status-dot" aria-hidden="true" />
            <span className="mono truncate" style={{ flex: 1 }}>
              {info.apiUrl.replace(/^https?:\/\//, '')}
            </span>
            <span className="visually-hidden">{reachable ? 'API answering' : 'API not answering'}</span>
            <CopyButton text={info.apiUrl} iconOnly variant="ghost" aria-label="Copy the API URL" />
          </div>
        )}
        <div className="segmented" role="radiogroup" aria-label="Theme" style={{ alignSelf: 'flex-start' }}>
          {THEMES.map((t) => (
            <button
              key={t.value}
              type="button"
              role="radio"
              aria-checked={theme === t.value}
              aria-label={t.label}
              title={t.label}
              onClick={() => setTheme(t.value)}
            >
              {t.icon}
            </button>
          ))}
        </div>
      </div>
    </nav>
  )
}
