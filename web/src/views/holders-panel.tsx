/** Who keeps one logon session alive: its tokens and the open handles to each (the holders route). */
import { useCallback } from 'preact/hooks';
import { ProblemMessage } from '../components/problem-message.tsx';
import { formatTime } from '../lib/format.ts';
import { useConsole } from '../live/console-context.ts';
import { useLiveResource } from '../live/use-live-resource.ts';

const TYPES = ['logon-session.', 'token.', 'wts.'] as const;

/** Lists the tokens referencing `logonId`, with each handle's holder and age. */
export function HoldersPanel({ logonId }: { logonId: string }) {
  const { client, me } = useConsole();
  const load = useCallback(() => client.getLogonSessionHolders(logonId), [client, logonId]);
  const holders = useLiveResource(load, { types: TYPES, what: `Load the holders of ${logonId}` });
  const list = holders.data?.holders ?? [];
  const title = `Holders of ${logonId}`;
  return (
    <div class="panel">
      <div class="panel-head">
        <h2>{title}</h2>
        <button type="button" class={holders.loading ? 'busy' : undefined} onClick={holders.reload}>
          Refresh
        </button>
      </div>
      {holders.problem !== undefined && <ProblemMessage problem={holders.problem} />}
      {holders.data !== undefined &&
        (list.length === 0 ? (
          <p class="muted">No token references this logon session.</p>
        ) : (
          <table class="grid compact" aria-label={title}>
            <thead>
              <tr>
                <th scope="col">Token</th>
                <th scope="col">Type</th>
                <th scope="col">Source</th>
                <th scope="col">WTS session</th>
                <th scope="col">Handles (holder, opened)</th>
              </tr>
            </thead>
            <tbody>
              {list.map((h) => (
                <tr key={String(h.tokenId)}>
                  <td data-label="Token" class="num">
                    {h.tokenId}
                  </td>
                  <td data-label="Type">{h.tokenType}</td>
                  <td data-label="Source">{h.source ?? <span class="muted">—</span>}</td>
                  <td data-label="WTS session" class="num">
                    {h.sessionId ?? <span class="muted">—</span>}
                  </td>
                  <td data-label="Handles">
                    <ul class="handles">
                      {h.handles.map((x) => (
                        <li key={x.handle}>
                          <span class="handle">#{x.handle}</span>{' '}
                          {x.holder ?? <span class="muted">unnamed holder</span>}
                          {x.handle === me.handle && <span class="badge badge-own">this console</span>}
                          {x.createdAt !== null && (
                            <>
                              {' '}
                              <span class="muted">
                                since <time dateTime={x.createdAt}>{formatTime(x.createdAt)}</time>
                              </span>
                            </>
                          )}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </div>
  );
}
