// The staff console: the session (who is logged in) around the router and the console's routes. main.tsx loads
// this bundle for every address but /portal.
import { BrowserRouter } from 'react-router';
import { SessionProvider } from '../shared/session';
import { App } from './App';

export default function ConsoleApp() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </SessionProvider>
  );
}
