/** The tooltip of a control that needs the host while it cannot be reached. */
export const HOST_LOST_HINT = "Unavailable while Quantdesk's host cannot be reached";

/**
 * Says across the content area that what it shows is the last known state. The live region
 * stays mounted so that screen readers announce the banner appearing.
 */
export function ConnectionBanner({ isLost }: { isLost: boolean }) {
  return (
    <div className="app__banner" role="status">
      {isLost && (
        <p className="callout callout--warning connection-banner" data-testid="connection-lost-banner">
          <strong>Lost contact with Quantdesk&apos;s host</strong> — showing the last known state; reconnecting…
        </p>
      )}
    </div>
  );
}
