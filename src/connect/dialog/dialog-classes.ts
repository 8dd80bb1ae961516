// Shared by the dialog and its shell, so that the shell is the dialog's exact frame.
export const overlayClassName = "morph:fixed morph:inset-0 morph:z-2147483000 morph:bg-overlay";
export const contentClassName =
  "morph:fixed morph:top-1/2 morph:left-1/2 morph:z-2147483001 morph:flex morph:max-h-[calc(100%-16px)] morph:w-[calc(100%-16px)] morph:max-w-md morph:-translate-x-1/2 morph:-translate-y-1/2 morph:flex-col morph:gap-4 morph:overflow-y-auto morph:rounded-(--morph-radius) morph:border morph:border-border morph:bg-background morph:p-5 morph:text-foreground morph:shadow-xl morph:focus:outline-none";
export const headerClassName = "morph:flex morph:items-center morph:gap-3";
export const titleClassName = "morph:flex-1 morph:text-base morph:font-semibold";
