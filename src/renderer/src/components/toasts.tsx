import { useNoticesStore } from '../stores/notices-store';
import { CloseIcon } from './icons';

/** Errors from commands, stacked until dismissed. */
export function Toasts() {
  const notices = useNoticesStore((state) => state.notices);
  const dismiss = useNoticesStore((state) => state.dismiss);
  return (
    <div className="toasts" role="region" aria-label="Notifications" aria-live="polite">
      {notices.map((notice) => (
        <div key={notice.id} className="toast" role="alert" data-testid="toast" data-kind={notice.kind}>
          <div className="toast__body">
            <div className="toast__title">
              {notice.title}
              {notice.count > 1 && <span className="toast__count">×{notice.count}</span>}
            </div>
            <div className="toast__message">{notice.message}</div>
          </div>
          <button type="button" className="button button--quiet button--icon button--small" aria-label="Dismiss" data-testid="toast-dismiss" onClick={() => dismiss(notice.id)}>
            <CloseIcon />
          </button>
        </div>
      ))}
    </div>
  );
}
