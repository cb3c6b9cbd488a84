import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { MessageScreen } from '../../ui/MessageScreen';

/** Unknown URLs and screens that failed to load, e.g. a code chunk removed by a deploy since this tab opened. */
export function RouteError() {
  const error = useRouteError();

  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <MessageScreen title="Page not found">
        <p>There is nothing at this address.</p>
        <Link className="button button-primary" to="/">
          Go to the start screen
        </Link>
      </MessageScreen>
    );
  }

  return (
    <MessageScreen title="Something went wrong">
      <p>This screen could not be shown. Reloading usually fixes it, for example after an update.</p>
      <button type="button" className="button button-primary" onClick={() => window.location.reload()}>
        Reload
      </button>
    </MessageScreen>
  );
}
