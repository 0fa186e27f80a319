import { useConsole } from '../store/store'
import { Button } from './button'
import { AlertCircleIcon, CheckCircleIcon, InfoIcon, XIcon } from './icons'

/** The corner where notices appear (announced to screen readers). */
export function Toaster() {
  const toasts = useConsole((s) => s.toasts)
  const dismiss = useConsole((s) => s.dismiss)
  return (
    <div className="toaster" aria-live="polite" aria-relevant="additions">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'}>
          {t.kind === 'success' ? <CheckCircleIcon /> : t.kind === 'error' ? <AlertCircleIcon /> : <InfoIcon />}
          <div className="toast-body">
            <div className="toast-title">{t.title}</div>
            {t.text && <div className="toast-text">{t.text}</div>}
          </div>
          <Button
            variant="ghost"
            size="sm"
            iconOnly
            aria-label="Dismiss"
            icon={<XIcon size={14} />}
            onClick={() => dismiss(t.id)}
          />
        </div>
      ))}
    </div>
  )
}
