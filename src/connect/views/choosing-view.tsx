import { useId, useState } from "react";
import type { Operation, Region, SessionInfo } from "../../protocol";
import { useConnectContext } from "../connect-context";
import { Button } from "../../ui/button";
import { LockIcon } from "../../ui/icons";
import { actionLabel, groupPermissions } from "../permissions";
import { regionName } from "../../i18n/region-names";
import { useMessages } from "../../i18n/use-messages";
import { useMorph } from "../../provider/morph-context";

export interface ChoosingViewProps {
  session: SessionInfo;
}

/**
 * Region, permissions grouped by model (required locked on, optional as toggles), Continue. The groups
 * come from the session (`SessionInfo.models`), so custom models show without a widget release.
 */
function ChoosingView({ session }: ChoosingViewProps) {
  // `start` opens the popup synchronously: it runs inside the Continue click.
  const { actions } = useConnectContext("ConnectView");
  const t = useMessages();
  const { locale } = useMorph("ConnectView");
  const [region, setRegion] = useState<Region>(session.defaultRegion);
  const [optional, setOptional] = useState<Operation[]>([]);
  const regionId = useId();
  const toggle = (operation: Operation, on: boolean) =>
    setOptional((current) => (on ? [...current, operation] : current.filter((item) => item !== operation)));

  return (
    <div data-slot="choosing" className="morph:flex morph:flex-col morph:gap-4">
      <p className="morph:text-muted-foreground">{t.intro}</p>
      <div className="morph:flex morph:flex-col morph:gap-1">
        <label htmlFor={regionId} className="morph:font-medium">
          {t.region}
        </label>
        <select
          id={regionId}
          data-slot="region"
          value={region}
          onChange={(event) => setRegion(event.target.value as Region)}
          className="morph:w-full morph:rounded-(--morph-radius) morph:border morph:border-border morph:bg-background morph:py-2 morph:pr-8 morph:pl-3 morph:focus-visible:outline-2 morph:focus-visible:outline-ring"
        >
          {session.regions.map((code) => (
            <option key={code} value={code}>
              {regionName(code, locale)}
            </option>
          ))}
        </select>
      </div>
      <div data-slot="permissions" className="morph:flex morph:flex-col morph:gap-2">
        <h3 className="morph:font-medium">{t.permissions}</h3>
        {groupPermissions(session, t).map(({ model, label, permissions }) => (
          <fieldset
            key={model}
            className="morph:rounded-(--morph-radius) morph:border morph:border-border morph:px-3 morph:py-2"
          >
            <legend className="morph:px-1 morph:font-medium">{label}</legend>
            <div className="morph:flex morph:flex-wrap morph:gap-x-4 morph:gap-y-1">
              {permissions.map(({ operation, action, required }) => (
                <label
                  key={operation}
                  title={required ? t.alwaysOn : t.optional}
                  className="morph:inline-flex morph:items-center morph:gap-1.5"
                >
                  <input
                    type="checkbox"
                    checked={required || optional.includes(operation)}
                    disabled={required}
                    onChange={(event) => toggle(operation, event.target.checked)}
                  />
                  {actionLabel(action, t)}
                  {required && <LockIcon className="morph:size-3 morph:text-muted-foreground" />}
                </label>
              ))}
            </div>
          </fieldset>
        ))}
      </div>
      {session.sandbox && (
        <p
          data-slot="sandbox-notice"
          className="morph:rounded-(--morph-radius) morph:border morph:border-warning morph:bg-warning-muted morph:px-3 morph:py-2"
        >
          {t.sandbox}
        </p>
      )}
      <div className="morph:flex morph:justify-end morph:gap-2">
        <Button onClick={actions.closeDialog}>{t.cancel}</Button>
        <Button variant="primary" data-slot="continue" onClick={() => actions.start(region, optional)}>
          {t.continue}
        </Button>
      </div>
    </div>
  );
}

export { ChoosingView };
