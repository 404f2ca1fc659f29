import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Notice } from '../stores/notices-store';
import { ToastStack } from './toasts';

const queueFull: Notice = { id: 1, kind: 'queue_full', title: 'Could not start the backtest', message: 'The job queue is full.', count: 1 };
const unreachable: Notice = { id: 2, kind: 'unavailable', title: 'Could not load jobs', message: "Cannot reach Quantdesk's host.", count: 2 };

function toastsOf(markup: string): string[] {
  return markup.match(/<div class="toast"[^>]*>/g) ?? [];
}

describe('ToastStack', () => {
  it('shows the newest notice in full and marks the older ones collapsed', () => {
    const toasts = toastsOf(renderToStaticMarkup(<ToastStack notices={[queueFull, unreachable]} onDismiss={() => {}} />));
    expect(toasts).toEqual([
      '<div class="toast" role="alert" data-testid="toast" data-kind="queue_full" data-collapsed="true">',
      '<div class="toast" role="alert" data-testid="toast" data-kind="unavailable">',
    ]);
  });

  it('keeps every notice’s text in the live region, collapsed or not', () => {
    const markup = renderToStaticMarkup(<ToastStack notices={[queueFull, unreachable]} onDismiss={() => {}} />);
    expect(markup).toMatch(/^<div class="toasts" role="region" aria-label="Notifications" aria-live="polite">/);
    expect(markup).toContain('<div class="toast__message">The job queue is full.</div>');
    expect(markup).toContain('Could not load jobs<span class="toast__count">×2</span>');
  });
});
