const STORAGE_KEY = 'quantdesk.token';

export interface TokenEnvironment {
  location: Pick<Location, 'href'>;
  sessionStorage: Pick<Storage, 'getItem' | 'setItem'>;
  history: Pick<History, 'replaceState' | 'state'>;
}

/**
 * The headless host's access token: taken from `?token=` on first load, kept for the
 * tab's session, and removed from the address bar so it is not bookmarked or shared.
 */
export function takeSessionToken(environment: TokenEnvironment): string | null {
  const url = new URL(environment.location.href);
  const fromAddress = url.searchParams.get('token');
  if (fromAddress) {
    remember(environment.sessionStorage, fromAddress);
    url.searchParams.delete('token');
    environment.history.replaceState(environment.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromAddress;
  }
  try {
    return environment.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function remember(storage: TokenEnvironment['sessionStorage'], token: string): void {
  try {
    storage.setItem(STORAGE_KEY, token);
  } catch {
    // Storage disabled: the token still works until the page is reloaded.
  }
}
