import { useEffect, useRef, useState } from 'react';
import type { OpenedPanel, PanelView } from '../../../functions/wire';
import { seg } from '../api';
import { useConsole } from '../context';
import { Problem } from './Problem';

interface Shown {
  readonly panel: PanelView;
  readonly session: string;
  /** Each opening is a new frame, so a reload never shows the previous session's page. */
  readonly round: number;
}

/**
 * The plugin's own pages (docs/panels.md). A panel is shown in a frame sandboxed with no flags at
 * all: no script, no form, no same-origin, so its origin is opaque and it can read neither the
 * console's storage nor its token. The frame never gets the user's token either: the console opens
 * a five-minute panel session and POSTs it into the frame as a form field, so it is in no URL,
 * history entry or Referer.
 */
export function Panels({ base, panels }: { base: string; panels: readonly PanelView[] }) {
  const { api, config } = useConsole();
  const [shown, setShown] = useState<Shown>();
  const [error, setError] = useState<unknown>();
  const form = useRef<HTMLFormElement>(null);

  // The form targets the frame, so it can be submitted only once both are in the document.
  useEffect(() => {
    if (shown) form.current?.submit();
  }, [shown]);

  if (panels.length === 0) return null;

  const open = (panel: PanelView) => async () => {
    setError(undefined);
    try {
      const opened = await api<OpenedPanel>('POST', `${base}/panels/${seg(panel.id)}/session`);
      setShown((previous) => ({ panel, session: opened.session, round: (previous?.round ?? 0) + 1 }));
    } catch (problem) {
      setShown(undefined);
      setError(problem);
    }
  };

  const frameName = shown ? `panel-${shown.panel.id}-${shown.round}` : '';
  return (
    <section aria-labelledby="panels-title">
      <h2 id="panels-title">Panels</h2>
      <p className="hint">Pages this plugin shows, served by the plugin through the platform.</p>
      <fieldset className="actions panel-buttons">
        <legend className="visually-hidden">Panels</legend>
        {panels.map((panel) => (
          <button key={panel.id} type="button" onClick={open(panel)}>
            {shown?.panel.id === panel.id ? `Reload ${panel.title}` : `Open ${panel.title}`}
          </button>
        ))}
      </fieldset>
      <Problem error={error} />
      {shown && (
        <>
          <form
            ref={form}
            method="post"
            action={`${config.apiUrl}${base}/panels/${seg(shown.panel.id)}`}
            target={frameName}
            hidden
          >
            <input type="hidden" name="session" value={shown.session} />
          </form>
          <iframe
            key={frameName}
            name={frameName}
            title={shown.panel.title}
            className="panel-frame"
            sandbox=""
            referrerPolicy="no-referrer"
          />
        </>
      )}
    </section>
  );
}
