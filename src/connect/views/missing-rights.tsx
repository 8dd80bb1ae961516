import type { Operation, SessionModel } from "../../protocol";
import { groupedOperationLabels } from "../permissions";
import { useMessages } from "../../i18n/use-messages";

export interface MissingRightsProps {
  operations: readonly Operation[];
  /** The session's models, for the labels of custom ones. */
  models?: readonly SessionModel[];
}

/**
 * The rights Exact Online refuses this user, one line per model ("Contacts: create, update"), and a
 * sentence the user can pass on as is: only an Exact administrator can grant user rights.
 */
function MissingRights({ operations, models }: MissingRightsProps) {
  const t = useMessages();
  const lines = groupedOperationLabels(operations, t, models);
  if (lines.length === 0) return null;
  return (
    <>
      <ul className="morph:list-disc morph:pl-5">
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p className="morph:mt-2 morph:text-muted-foreground">{t.forAdministrator}</p>
      <p
        data-slot="administrator-request"
        className="morph:rounded-(--morph-radius) morph:border morph:border-border morph:bg-background morph:px-2 morph:py-1 morph:select-all"
      >
        {t.administratorRequest.replace("{rights}", lines.join("; "))}
      </p>
    </>
  );
}

export { MissingRights };
