import { useId, useRef, useState } from "react";
import type { KeyboardEvent } from "react";
import { useMorph } from "../../provider/morph-context";
import { Spinner } from "../../ui/icons";
import type { SessionModel } from "../../protocol";
import { modelLabel } from "../permissions";
import { columnsFor } from "../preview/preview-columns";
import type { PreviewEntry } from "../preview/use-previews";
import { useMessages } from "../../i18n/use-messages";

const MAX_ROWS = 5;

export interface PreviewTabsProps {
  entries: PreviewEntry[];
  /** The session's models, for the labels of custom ones. */
  models?: SessionModel[];
}

/** One tab per previewable model with a small table of its first rows. Renders nothing without entries. */
function PreviewTabs({ entries, models }: PreviewTabsProps) {
  const { locale } = useMorph("ConnectView");
  const t = useMessages();
  const [selected, setSelected] = useState(0);
  const id = useId();
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);
  const active = entries[Math.min(selected, entries.length - 1)];
  if (!active) return null;
  const columns = columnsFor(active.model, active.status === "loaded" ? active.rows : []);
  const activeIndex = entries.indexOf(active);

  // The WAI-ARIA tabs pattern: one tab stop, arrow keys (and Home/End) move between tabs.
  const onKeyDown = (event: KeyboardEvent) => {
    const last = entries.length - 1;
    const next =
      event.key === "ArrowRight" ? (activeIndex === last ? 0 : activeIndex + 1)
      : event.key === "ArrowLeft" ? (activeIndex === 0 ? last : activeIndex - 1)
      : event.key === "Home" ? 0
      : event.key === "End" ? last
      : undefined;
    if (next === undefined) return;
    event.preventDefault();
    setSelected(next);
    tabs.current[next]?.focus();
  };

  return (
    <section data-slot="preview" aria-labelledby={`${id}h`} className="morph:flex morph:flex-col morph:gap-2">
      <h3 id={`${id}h`} className="morph:font-medium">
        {t.preview}
      </h3>
      <div role="tablist" aria-labelledby={`${id}h`} onKeyDown={onKeyDown} className="morph:flex morph:flex-wrap morph:gap-1">
        {entries.map((entry, index) => (
          <button
            key={entry.model}
            ref={(element) => {
              tabs.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`${id}t${index}`}
            tabIndex={entry === active ? 0 : -1}
            aria-selected={entry === active}
            aria-controls={`${id}p`}
            onClick={() => setSelected(index)}
            className="morph:cursor-pointer morph:rounded-(--morph-radius) morph:px-2 morph:py-1 morph:text-xs morph:font-medium morph:text-muted-foreground morph:hover:bg-muted morph:aria-selected:bg-muted morph:aria-selected:text-foreground morph:focus-visible:outline-2 morph:focus-visible:outline-ring"
          >
            {modelLabel(entry.model, t, models)}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${id}p`}
        aria-labelledby={`${id}t${activeIndex}`}
        aria-busy={active.status === "loading"}
        className="morph:overflow-x-auto morph:rounded-(--morph-radius) morph:border morph:border-border"
      >
        {active.status === "loading" ? (
          <Spinner className="morph:mx-auto morph:my-3 morph:text-muted-foreground" aria-label={t.loading} role="img" />
        ) : active.status === "error" ? (
          <p className="morph:p-3 morph:text-danger">{t.previewError}</p>
        ) : active.rows.length === 0 ? (
          <p className="morph:p-3 morph:text-muted-foreground">{t.previewEmpty}</p>
        ) : (
          <table className="morph:w-full morph:border-collapse morph:text-left morph:text-xs">
            <thead className="morph:bg-muted">
              <tr>
                {columns.map((column) => (
                  <th key={column.header} scope="col" className="morph:px-3 morph:py-1.5 morph:font-medium">
                    {Object.hasOwn(t.columns, column.header) ? t.columns[column.header as keyof typeof t.columns] : column.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {active.rows.slice(0, MAX_ROWS).map((row, index) => (
                <tr key={String(row.id ?? index)} className="morph:border-t morph:border-border">
                  {columns.map((column) => (
                    <td key={column.header} className="morph:max-w-40 morph:truncate morph:px-3 morph:py-1.5">
                      {column.value(row, locale)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

export { PreviewTabs };
