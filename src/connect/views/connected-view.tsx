import type { ConnectionSummary, SessionModel } from "../../protocol";
import { Button } from "../../ui/button";
import { AlertIcon, CheckIcon } from "../../ui/icons";
import { useConnectContext } from "../connect-context";
import { MissingRights } from "./missing-rights";
import { PreviewTabs } from "./preview-tabs";
import { regionName } from "../../i18n/region-names";
import { useMessages } from "../../i18n/use-messages";
import { useMorph } from "../../provider/morph-context";

export interface ConnectedViewProps {
  connection: ConnectionSummary;
  /** The session's models, for the labels of custom ones. */
  models?: SessionModel[];
}

function ConnectedView({ connection, models }: ConnectedViewProps) {
  const { previews, actions } = useConnectContext("ConnectView");
  const t = useMessages();
  const { locale } = useMorph("ConnectView");
  const needsReauth = connection.status === "needs_reauth";
  const details: Array<[string, string]> = [
    [t.company, connection.divisionName],
    [t.division, String(connection.division)],
    [t.region, regionName(connection.region, locale)],
  ];

  return (
    <div data-slot="connected" data-connection-status={connection.status} className="morph:flex morph:flex-col morph:gap-4">
      <div className="morph:flex morph:items-start morph:gap-3">
        <span
          className={`morph:flex morph:size-8 morph:shrink-0 morph:items-center morph:justify-center morph:rounded-full ${needsReauth ? "morph:bg-warning-muted morph:text-warning" : "morph:bg-success-muted morph:text-success"}`}
        >
          {needsReauth ? <AlertIcon /> : <CheckIcon />}
        </span>
        <div>
          <p className="morph:font-medium">{needsReauth ? t.needsReauth : t.connected}</p>
          {needsReauth && <p className="morph:text-muted-foreground">{t.needsReauthHint}</p>}
        </div>
      </div>
      <dl className="morph:grid morph:grid-cols-[auto_1fr] morph:gap-x-4 morph:gap-y-1">
        {details.map(([term, value]) => (
          <div key={term} className="morph:contents">
            <dt className="morph:text-muted-foreground">{term}</dt>
            <dd className="morph:font-medium morph:break-words">{value}</dd>
          </div>
        ))}
      </dl>
      {connection.missingOperations.length > 0 && (
        <div
          data-slot="missing-permissions"
          className="morph:rounded-(--morph-radius) morph:border morph:border-warning morph:bg-warning-muted morph:px-3 morph:py-2"
        >
          <p className="morph:font-medium">{t.missingTitle}</p>
          <p>{t.missingHint}</p>
          <MissingRights operations={connection.missingOperations} models={models} />
        </div>
      )}
      {!needsReauth && <PreviewTabs entries={previews} models={models} />}
      <div className="morph:flex morph:justify-end morph:gap-2">
        <Button variant="danger" data-slot="disconnect" onClick={actions.disconnect}>
          {t.disconnect}
        </Button>
        <Button variant={needsReauth ? "primary" : "secondary"} data-slot="reconnect" onClick={actions.reconnect}>
          {t.reconnect}
        </Button>
      </div>
    </div>
  );
}

export { ConnectedView };
