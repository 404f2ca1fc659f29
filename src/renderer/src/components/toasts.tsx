import { useNoticesStore, type Notice } from '../stores/notices-store';
import { CloseIcon } from './icons';

interface ToastStackProps {
  notices: readonly Notice[];
  onDismiss(id: number): void;
}

/**
 * Notices oldest first, the newest (last) in full. Older ones are marked collapsed: the
 * styles cut them to one line until hovered or focused, so the stack stays small. Their
 * text stays in the page for screen readers.
 */
export function ToastStack({ notices, onDismiss }: ToastStackProps) {
  return (
    <div className="toasts" role="region" aria-label="Notifications" aria-live="polite">
      {notices.map((notice, index) => (
        <div
          key={notice.id}
          className="toast"
          role="alert"
          data-testid="toast"
          data-kind={notice.kind}
          data-collapsed={index < notices.length - 1 || undefined}
        >
          <div className="toast__body">
            <div className="toast__title">
              {notice.title}
              {notice.count > 1 && <span className="toast__count">×{notice.count}</span>}
            </div>
            <div className="toast__message">{notice.message}</div>
          </div>
          <button type="button" className="button button--quiet button--icon button--small" aria-label="Dismiss" data-testid="toast-dismiss" onClick={() => onDismiss(notice.id)}>
            <CloseIcon />
          </button>
        </div>
      ))}
    </div>
  );
}

/** Errors from commands, stacked until dismissed. */
export function Toasts() {
  const notices = useNoticesStore((state) => state.notices);
  const dismiss = useNoticesStore((state) => state.dismiss);
  return <ToastStack notices={notices} onDismiss={dismiss} />;
}
